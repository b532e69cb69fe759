"""Template globals and helpers shared by every page."""

from datetime import tzinfo

from flask import request, url_for
from flask_babel import get_locale

from .clock import program_zone, program_zone_name, session_zone, site_zone, zone
from .i18n import N_, TranslatedLabels, reader_zone
from .permissions import Role

ROLE_LABELS = TranslatedLabels(
    {
        "admin": N_("Program coordinator"),
        "liaison": N_("Court liaison"),
        "staff": N_("Session staff"),
        "participant": N_("Participant"),
        "researcher": N_("Researcher"),
    }
)

DISCIPLINE_LABELS = TranslatedLabels(
    {
        "law": N_("Law"),
        "police": N_("Police"),
        "health": N_("Public health"),
        "sexology": N_("Sexology"),
        "survivor": N_("Lived experience"),
        "community": N_("Community"),
    }
)

LANGUAGE_LABELS = {"fr": "Français", "en": "English"}

OUTCOME_LABELS = TranslatedLabels(
    {"success": N_("Success"), "failure": N_("Failure"), "denied": N_("Refused")}
)


def page_link():
    """The current page's URL with its filters, ending ready for a page number.

    "/cases?q=x&page=": a list of page links builds the address once and appends each number.
    """
    args = request.args.to_dict()
    args.pop("page", None)
    url = url_for(request.endpoint, **(request.view_args or {}), **args)
    return url + ("&" if "?" in url else "?") + "page="


def local_datetime(value, where=None):
    """Show a UTC timestamp as YYYY-MM-DD HH:MM on the clock of where, else the reader's.

    where is a session or cohort (its site's clock), a site, a time zone, or a site's
    time_zone column ("" being the program's zone).
    """
    if not value:
        return ""
    return value.astimezone(zone_of(where)).strftime("%Y-%m-%d %H:%M")


def zone_of(where):
    """The time zone of a session, cohort, site or zone; the reader's for None."""
    if where is None:
        return reader_zone()
    if isinstance(where, tzinfo):
        return where
    if isinstance(where, str):
        return zone(where or program_zone_name())
    if hasattr(where, "site_id"):
        return session_zone(where)
    return site_zone(where)


def zone_name(where) -> str:
    """The IANA name of the time zone of a session, cohort, site or zone (see zone_of)."""
    return zone_of(where).key


def init_templating(app):
    """Register globals and filters."""
    app.jinja_env.globals.update(
        Role=Role,
        get_locale=get_locale,
        ROLE_LABELS=ROLE_LABELS,
        DISCIPLINE_LABELS=DISCIPLINE_LABELS,
        LANGUAGE_LABELS=LANGUAGE_LABELS,
        OUTCOME_LABELS=OUTCOME_LABELS,
        page_link=page_link,
        zone_name=zone_name,
        # The audit log is dated in the program's zone, as its day filters are.
        program_zone=program_zone,
    )
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
