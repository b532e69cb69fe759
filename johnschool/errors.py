"""Error answers: a page for browsers, JSON under /api/, never a stack trace."""

import logging

from flask import jsonify, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .permissions import is_api_request

log = logging.getLogger(__name__)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}

PAGE_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Access denied"), _l("Your account does not give access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist or is not available to you.")),
    405: (_l("Action not allowed"), _l("This action is not allowed on this page.")),
    409: (_l("Conflict"), _l("This change is not possible in the current state.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l(
            "An unexpected error occurred. Nothing was saved; "
            "please try again. The team has been notified."
        ),
    ),
}


# What the API says for an HTTP error it did not word itself.
API_TEXT = {
    400: _l("The request could not be understood."),
    401: _l("Authentication required."),
    403: _l("Your account does not give access to this resource."),
    404: _l("Not found, or not available to you."),
    405: _l("This method is not allowed here."),
    409: _l("This change is not possible in the current state."),
    413: _l("What you sent is too large."),
    429: _l("Too many requests. Please wait a moment and try again."),
    500: _l("An unexpected error occurred. Nothing was saved."),
}


def json_error(status, message, fields=None, **extra):
    """Build the API's error body: {"error", "message", "fields"}."""
    body = {
        "error": ERROR_CODES.get(status, "error"),
        "message": str(message),
        "fields": fields or {},
    }
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def _render(status, message=None):
    """Render the error page for status."""
    title, text = PAGE_TEXT.get(status, PAGE_TEXT[500] if status >= 500 else PAGE_TEXT[400])
    return render_template(
        "errors/error.html", status=status, title=title, text=message or text
    ), status


def handle_http_error(error: HTTPException):
    """Answer an HTTP error in the form the client expects."""
    status = error.code or 500
    if is_api_request():
        response = json_error(
            status, API_TEXT.get(status, API_TEXT[500] if status >= 500 else API_TEXT[400])
        )
        if status == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
    return _render(status)


def handle_csrf_error(error: CSRFError):
    """Explain a missing or expired form token."""
    message = _l(
        "The form has expired or was sent from elsewhere. Please go back, reload "
        "the page and try again; nothing was saved."
    )
    if is_api_request():
        return json_error(400, message)
    return _render(400, message)


def handle_unexpected(error: Exception):
    """Log the failure without request data and show a neutral page."""
    db.session.rollback()
    log.exception("unhandled error: %s", type(error).__name__)
    if is_api_request():
        return json_error(500, API_TEXT[500])
    return _render(500)


def init_errors(app):
    """Register the error handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
