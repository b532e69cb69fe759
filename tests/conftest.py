"""Shared fixtures: one schema per test run, emptied after every test.

The database is SQLite in a temporary folder, or PostgreSQL when
JOHNSCHOOL_TEST_DATABASE_URL is set (as .ci/run does).
"""

import os
import tempfile
import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete

from johnschool import create_app
from johnschool.audit.services import ensure_head
from johnschool.auth import passwords
from johnschool.extensions import db, limiter
from johnschool.sites.models import Site

from .factories import FIRST_SITE, PASSWORD, make_user
from .settings import settings_for_tests

TEST_DATABASE_URL = os.environ.get("JOHNSCHOOL_TEST_DATABASE_URL")

# Hypothesis keeps files of its own even without an example database: not in the repository.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "johnschool-hypothesis")
)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash with argon2id at the lowest cost: the algorithm is the same, the suite is fast."""
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory):
    """An instance folder of the test run's own."""
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def database_url(instance_path):
    """The test database: PostgreSQL when configured, else an SQLite file."""
    return TEST_DATABASE_URL or f"sqlite:///{instance_path / 'test.db'}"


@pytest.fixture(scope="session")
def schema(database_url, instance_path):
    """Create the schema once for the whole run, and drop it at the end."""
    app = create_app(settings_for_tests(database_url, instance_path))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app_config():
    """Per-test overrides of the application settings; tests may override this fixture."""
    return {}


@pytest.fixture
def app(schema, database_url, instance_path, app_config):
    """A fresh application over an empty database."""
    app = create_app(settings_for_tests(database_url, instance_path, **app_config))
    with app.app_context():
        ensure_head()
        # A deployment has at least one site, as the migration that added them makes.
        db.session.add(Site(code=FIRST_SITE, name_fr="Montréal", name_en="Montreal"))
        db.session.commit()
        if app.config["RATELIMIT_ENABLED"]:
            limiter.reset()
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def admin(app):
    """A program coordinator."""
    return make_user("admin")


@pytest.fixture
def login(client):
    """Sign a user in through the login form; return the response."""

    def sign_in(user, password=PASSWORD):
        return client.post("/login", data={"email": user.email, "password": password})

    return sign_in


@pytest.fixture
def sign_in(client):
    """Open a session for user directly, as a successful login would (no password check)."""

    def open_session(user, test_client=None):
        now = int(time.time())
        with (test_client or client).session_transaction() as session:
            session.clear()
            session.update(
                {
                    "_user_id": str(user.id),
                    "_fresh": True,
                    "sv": user.session_version,
                    "login_at": now,
                    "seen_at": now,
                }
            )
        return test_client or client

    return open_session
