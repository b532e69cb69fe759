"""Sites: the cities where the program runs, and whose rows each user reaches."""

from flask import Blueprint

bp = Blueprint("sites", __name__)

from . import views  # noqa: E402, F401
