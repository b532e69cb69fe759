"""Fixtures of the curriculum tests: a fixed today and the shipped curriculum."""

import pytest

from johnschool.curriculum import professionals, services
from johnschool.curriculum.services import load_default_curriculum
from johnschool.extensions import db

from .helpers import TODAY


@pytest.fixture
def today(monkeypatch):
    """Make every site's today a fixed date for the services."""
    monkeypatch.setattr(services, "site_today", lambda site: TODAY)
    monkeypatch.setattr(professionals, "site_today", lambda site: TODAY)
    return TODAY


@pytest.fixture
def curriculum(app):
    """The shipped curriculum, loaded."""
    modules = load_default_curriculum()
    db.session.commit()
    return modules
