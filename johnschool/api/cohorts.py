"""API endpoints of cohorts: the coordinator opens them, liaison and staff read them."""

from datetime import date, time

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from ..curriculum.errors import CurriculumError
from ..curriculum.queries import cohort_page, cohort_with_sessions, seats_taken
from ..curriculum.services import DEFAULT_START, CohortDraft, create_cohort
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..sites.access import needs_site_choice
from ..sites.services import find_site
from . import bp
from .referrals import request_body
from .views import page_number

PER_PAGE = 50
COHORT_READERS = (Role.ADMIN, Role.LIAISON, Role.STAFF)


def cohort_json(cohort, seats: int) -> dict:
    """Describe a cohort with its capacity and seats taken."""
    return {
        "id": cohort.id,
        "code": cohort.code,
        "language": cohort.language,
        "capacity": cohort.capacity,
        "seats_taken": seats,
        "place": cohort.place,
        "starts_on": cohort.starts_on.isoformat(),
        "format": cohort.format,
        "status": cohort.status,
    }


def session_json(session, language: str) -> dict:
    """Describe a session of a cohort; times in UTC, ISO 8601."""
    return {
        "id": session.id,
        "module": session.module.code,
        "module_title": session.module.title(language),
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "discipline": session.discipline,
        "place": session.place,
        "is_cancelled": session.is_cancelled,
    }


def full_cohort_json(cohort_id: int):
    """The cohort with its sessions, or None when there is no such cohort."""
    cohort = cohort_with_sessions(cohort_id)
    if cohort is None:
        return None
    body = cohort_json(cohort, seats_taken([cohort.id])[cohort.id])
    body["sessions"] = [session_json(session, cohort.language) for session in cohort.sessions]
    return body


def _parsed(body: dict, key: str, parse, message: str, fields: dict, default=None):
    """A value parsed from a string of the body, noting a problem in fields."""
    value = body.get(key)
    if value is None and default is not None:
        return default
    try:
        return parse(value) if isinstance(value, str) else parse(None)
    except (TypeError, ValueError):
        fields[key] = message
        return None


def cohort_draft(body: dict) -> tuple[CohortDraft, dict]:
    """Read a new cohort from the body; return it with the problems of its types."""
    fields = {}
    capacity = body.get("capacity")
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        fields["capacity"], capacity = _("Expected a whole number."), None
    texts = {key: body.get(key) for key in ("code", "language", "place", "format")}
    for key, value in texts.items():
        if not isinstance(value, str):
            fields[key] = _("This field is required.") if value is None else _("Expected text.")
            texts[key] = ""
    starts_on = _parsed(
        body, "starts_on", date.fromisoformat, _("Expected a date as YYYY-MM-DD."), fields
    )
    start_time = _parsed(
        body,
        "start_time",
        time.fromisoformat,
        _("Expected a time as HH:MM."),
        fields,
        DEFAULT_START,
    )
    draft = CohortDraft(
        capacity=capacity,
        starts_on=starts_on,
        start_time=start_time or DEFAULT_START,
        site_id=site_from(body, fields),
        **texts,
    )
    return draft, fields


def site_from(body: dict, fields: dict) -> int | None:
    """The id of the site the body names by its code, when the user must choose one."""
    if not needs_site_choice():
        return None
    code = body.get("site")
    site = find_site(code) if isinstance(code, str) and code.strip() else None
    if site is None:
        fields["site"] = _("Give the code of one of the sites.")
        return None
    return site.id


def api_fields(fields: dict) -> dict:
    """A service's problems keyed as the body names its inputs."""
    return {("site" if key == "site_id" else key): str(text) for key, text in fields.items()}


@bp.post("/cohorts")
@role_required(Role.ADMIN)
def create_cohort_endpoint():
    """Open a cohort and generate its sessions from the curriculum."""
    # The service checks every value even when some are malformed, so that one answer
    # names every field at fault; a draft with malformed values is never kept.
    draft, fields = cohort_draft(request_body())
    try:
        cohort = create_cohort(draft, by=current_user)
    except CurriculumError as error:
        db.session.rollback()
        fields = api_fields(error.fields) | fields
        return json_error(422, str(error), fields)
    if fields:
        db.session.rollback()
        return json_error(422, _("Some fields are invalid."), fields)
    db.session.commit()
    return jsonify(full_cohort_json(cohort.id)), 201


@bp.get("/cohorts")
@role_required(*COHORT_READERS)
def list_cohorts():
    """List the cohorts, latest start first, with capacity and seats taken."""
    page = cohort_page(page_number(), PER_PAGE)
    items = [cohort_json(cohort, page.seats[cohort.id]) for cohort in page.items]
    return jsonify(items=items, total=page.total, page=page.page)


@bp.get("/cohorts/<int:cohort_id>")
@role_required(*COHORT_READERS)
def get_cohort(cohort_id):
    """The cohort with its sessions."""
    body = full_cohort_json(cohort_id)
    if body is None:
        return json_error(404, _("No such cohort."))
    return jsonify(body)
