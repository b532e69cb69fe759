"""johnschool: a court diversion program, from referral to certificate."""

import json
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from .extensions import babel, csrf, db, limiter, login_manager, migrate

ENV_PREFIX = "JOHNSCHOOL"


def create_app(config=None):
    """Build and configure the application."""
    app = Flask(
        __name__,
        instance_path=os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    load_config(app, config)
    register_extensions(app)
    register_models()
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def load_config(app, overrides=None):
    """Layer defaults, instance/config.py, JOHNSCHOOL_* variables, then overrides."""
    app.config.from_object(config_module.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX, loads=_loads_env)
    if overrides:
        app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    url = app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'johnschool.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalize_database_url(url)
    if not url.startswith("sqlite"):
        # A server database may restart under us; a file database cannot.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault("pool_pre_ping", True)
    if not app.config.get("SECRET_KEY") and not (app.testing or app.debug):
        raise RuntimeError(
            "johnschool refuses to start without a secret key: set JOHNSCHOOL_SECRET_KEY "
            "or SECRET_KEY in instance/config.py (make run generates one)."
        )
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _loads_env(value):
    """Parse JSON where an environment value is JSON, else keep the string."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _normalize_database_url(url):
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def register_extensions(app):
    """Bind the extensions to this application."""
    from . import database  # noqa: F401  (registers the SQLite connection hooks)
    from .i18n import install_template_gettext, select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_template_gettext(app)
    login_manager.init_app(app)


def register_models():
    """Import every domain's models, so that the metadata knows every table."""
    from .attendance import models as attendance_models  # noqa: F401
    from .audit import models as audit_models  # noqa: F401
    from .auth import models as auth_models  # noqa: F401
    from .certificates import models as certificate_models  # noqa: F401
    from .coordination import models as coordination_models  # noqa: F401
    from .curriculum import models as curriculum_models  # noqa: F401
    from .enrollment import models as enrollment_models  # noqa: F401
    from .messages import models as message_models  # noqa: F401
    from .portal import models as portal_models  # noqa: F401
    from .questionnaires import models as questionnaire_models  # noqa: F401
    from .referrals import models as referral_models  # noqa: F401
    from .research import models as research_models  # noqa: F401
    from .sites import models as site_models  # noqa: F401


def register_blueprints(app):
    """Attach every domain's blueprint."""
    from .api import bp as api_bp
    from .attendance import bp as attendance_bp
    from .audit import bp as audit_bp
    from .auth import bp as auth_bp
    from .certificates import bp as certificates_bp
    from .coordination import bp as coordination_bp
    from .curriculum import bp as curriculum_bp
    from .enrollment import bp as enrollment_bp
    from .main import bp as main_bp
    from .messages import bp as messages_bp
    from .portal import bp as portal_bp
    from .questionnaires import bp as questionnaires_bp
    from .referrals import bp as referrals_bp
    from .reports import bp as reports_bp
    from .research import bp as research_bp
    from .sites import bp as sites_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(curriculum_bp)
    app.register_blueprint(enrollment_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(questionnaires_bp)
    app.register_blueprint(research_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(coordination_bp)
    app.register_blueprint(sites_bp)
    app.register_blueprint(api_bp)


def register_security(app):
    """Install session checks, security headers and the stateless API sessions."""
    from .request_log import init_request_log
    from .security import init_security

    init_security(app)
    init_request_log(app)


def register_errors(app):
    """Answer errors with a page, or JSON under /api/."""
    from .errors import init_errors

    init_errors(app)


def register_commands(app):
    """Add the flask command groups."""
    from .cli import init_commands

    init_commands(app)


def register_template_helpers(app):
    """Expose roles and helpers to every template."""
    from .templating import init_templating

    init_templating(app)
