"""Sessions, bearer tokens and security headers."""

import time
from functools import cache

from flask import current_app, flash, g, jsonify, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from .extensions import db, login_manager
from .permissions import is_api_request

SESSION_SEEN_RESOLUTION = 30  # seconds between refreshes of the idle timer

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class BrowserOnlySessionInterface(SecureCookieSessionInterface):
    """Cookie sessions for pages; the JSON API is stateless and never sets a cookie."""

    def should_set_cookie(self, app, session):
        if is_api_request():
            return False
        return super().should_set_cookie(app, session)

    def save_session(self, app, session, response):
        if is_api_request():
            return None
        return super().save_session(app, session, response)


def forget_session():
    """Forget everything in the session except the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def start_session(user):
    """Begin a brand-new session for user, keeping only the chosen language."""
    forget_session()
    now = int(time.time())
    session.permanent = True
    session["sv"] = user.session_version
    session["login_at"] = now
    session["seen_at"] = now


def _session_is_current(user):
    """Check the session against the account's version, idle timeout and lifetime."""
    config = current_app.config
    now = time.time()
    login_at, seen_at = session.get("login_at", 0), session.get("seen_at", 0)
    if session.get("sv") != user.session_version or not user.is_active:
        return False
    if now - login_at > config["SESSION_ABSOLUTE_LIFETIME"].total_seconds():
        return False
    if now - seen_at > config["SESSION_IDLE_TIMEOUT"].total_seconds():
        return False
    if now - seen_at > SESSION_SEEN_RESOLUTION:
        session["seen_at"] = int(now)
    return True


@cache
def _user_by_id():
    """The select of an account by id, built once: every signed-in page runs it."""
    from .auth.models import User

    return select(User).where(User.id == bindparam("id"))


def load_session_user(user_id):
    """Flask-Login user loader for browser sessions."""
    if is_api_request() or not str(user_id).isdigit():
        return None
    user = db.session.scalar(_user_by_id(), {"id": int(user_id)})
    if user is None or not _session_is_current(user):
        expired = "sv" in session
        forget_session()
        if expired:
            flash(_l("Your session has ended. Please sign in again."), "info")
        return None
    return user


def load_token_user(req):
    """Flask-Login request loader: a bearer token, for the JSON API only."""
    from .auth.tokens import user_for_api_token

    if not is_api_request():
        return None
    scheme, _, secret = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return user_for_api_token(secret.strip())


def unauthorized():
    """Answer 401 JSON to the API and send browsers to the sign-in page."""
    if is_api_request():
        response = jsonify(
            error="unauthorized", message=str(_l("Authentication required.")), fields={}
        )
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="johnschool"'
        return response
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def set_security_headers(response):
    """Add the security headers; never let a page or file of the app be cached."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        # What a session cookie selects (the account, the language) shapes the answer.
        response.vary.add("Cookie")
    return response


def forget_request_caches():
    """Load the user and the language afresh for every request.

    Flask-Login and Flask-Babel cache them on g, which lives in the application
    context; when a caller keeps one context across requests (the test suite
    does), the cache would otherwise carry one request's user into the next.
    """
    g.pop("_login_user", None)
    g.pop("_flask_babel", None)
    g.pop("_translations", None)


def init_security(app):
    """Install the session interface, the user loaders and the header hook."""
    app.session_interface = BrowserOnlySessionInterface()
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_token_user)
    login_manager.unauthorized_handler(unauthorized)
    # Our own checks (session version, idle and absolute limits) replace Flask-Login's
    # address-and-browser fingerprint, which logs out people whose network changes.
    login_manager.session_protection = None
    app.before_request(forget_request_caches)
    app.after_request(set_security_headers)
