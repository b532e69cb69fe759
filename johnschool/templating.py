"""Template globals and helpers shared by every page."""

from flask import request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l

from .permissions import Role

ROLE_LABELS = {
    "admin": _l("Program coordinator"),
    "liaison": _l("Court liaison"),
    "staff": _l("Session staff"),
    "participant": _l("Participant"),
    "researcher": _l("Researcher"),
}

LANGUAGE_LABELS = {"fr": "Français", "en": "English"}

OUTCOME_LABELS = {
    "success": _l("Success"),
    "failure": _l("Failure"),
    "denied": _l("Refused"),
}


def page_url(page):
    """Return the current page's URL with another page number, keeping the filters."""
    args = request.args.to_dict()
    args["page"] = page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def local_datetime(value, fmt="medium"):
    """Show a UTC timestamp in the program's time zone and the user's language."""
    return format_datetime(value, fmt) if value else ""


def init_templating(app):
    """Register globals and filters."""
    app.jinja_env.globals.update(
        Role=Role,
        get_locale=get_locale,
        ROLE_LABELS=ROLE_LABELS,
        LANGUAGE_LABELS=LANGUAGE_LABELS,
        OUTCOME_LABELS=OUTCOME_LABELS,
        page_url=page_url,
    )
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
