"""Curriculum: modules, professionals, cohorts, their sessions and the rotation."""

from flask import Blueprint

bp = Blueprint("curriculum", __name__)

from . import admin_views, rotation_views, views  # noqa: E402, F401
