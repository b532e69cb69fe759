"""Configuration layers and the refusal to start without a secret key."""

import pytest

from johnschool import create_app


def test_production_start_without_secret_key_refuses(tmp_path, monkeypatch):
    monkeypatch.setenv("JOHNSCHOOL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("JOHNSCHOOL_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="secret key"):
        create_app()


def test_instance_config_then_environment_override_the_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        "SECRET_KEY = 'from instance file'\nPER_PAGE = 10\nPROGRAM_TIMEZONE = 'America/Halifax'\n"
    )
    monkeypatch.setenv("JOHNSCHOOL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("JOHNSCHOOL_PER_PAGE", "40")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from instance file"
    assert app.config["PER_PAGE"] == 40
    assert app.config["PROGRAM_TIMEZONE"] == "America/Halifax"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'johnschool.db'}"


def test_postgresql_urls_use_psycopg_3(tmp_path, monkeypatch):
    monkeypatch.setenv("JOHNSCHOOL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("JOHNSCHOOL_SECRET_KEY", "x")
    monkeypatch.setenv("JOHNSCHOOL_DATABASE_URL", "postgresql://user@db.internal/js")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@db.internal/js"


def test_cookies_are_secure_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("JOHNSCHOOL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("JOHNSCHOOL_SECRET_KEY", "x")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
