"""The only place the curriculum, cohorts and sessions change: flush, audit, return.

Every function raises CurriculumError (with the inputs at fault) for a change the rules
refuse, and leaves the commit to the caller.
"""

from dataclasses import dataclass, field, replace
from datetime import date, time

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit.services import record
from ..clock import session_zone, site_today, site_zone
from ..enrollment.models import Enrollment
from ..extensions import db
from ..portal.change_notices import announce_session_cancelled, announce_session_change
from ..sites.access import site_for_new_row
from ..sites.models import Site, SiteNotGiven
from ..sites.services import sole_site
from .errors import CurriculumError
from .models import COHORT_FORMATS, DISCIPLINES, Cohort, Module, Session
from .rotation_services import apply_rotation, propose_rotation
from .schedule import ends_on_its_day, has_overlap, local_moment, plan_slots
from .shipped import shipped_modules

MAX_CODE, MAX_TITLE, MAX_PLACE = 40, 200, 300
CAPACITY_RANGE, DURATION_RANGE = (1, 200), (15, 480)
DEFAULT_START = time(9, 0)
MODULE_FIELDS = (
    "title_fr",
    "title_en",
    "discipline",
    "duration_minutes",
    "is_required",
    "position",
    "is_active",
)


def invalid(fields):
    """Refuse with the problems of each input."""
    return CurriculumError(_l("Some fields are invalid."), fields)


def new_row_site_problem(chosen_site_id: int | None, by) -> tuple[int | None, dict]:
    """The site a new cohort or professional goes to, or the problem of the site_id input.

    by's own site; for a province-wide admin (or the command line, by None) the site
    chosen, or the only one.
    """
    try:
        if by is not None:
            return site_for_new_row(chosen_site_id, user=by), {}
        site = db.session.get(Site, chosen_site_id) if chosen_site_id else sole_site()
        if site is None:
            raise SiteNotGiven("choose the site")
        return site.id, {}
    except SiteNotGiven:
        return None, {"site_id": _l("Choose the site.")}


def active_modules() -> list[Module]:
    """The modules in force, in curriculum order."""
    query = select(Module).where(Module.is_active).order_by(Module.position, Module.id)
    return list(db.session.scalars(query))


def load_default_curriculum(*, by=None) -> list[Module]:
    """Add the shipped modules whose code is missing; return those added."""
    existing = set(db.session.scalars(select(Module.code)))
    added = [Module(**row) for row in shipped_modules() if row["code"] not in existing]
    if added:
        db.session.add_all(added)
        db.session.flush()
        record(
            "curriculum.loaded",
            "default curriculum modules added",
            object_type="module",
            data={"codes": [module.code for module in added]},
            actor=by,
        )
    return added


def _module_problems(values: dict) -> dict:
    """What is wrong with a module's values, by input."""
    problems = {}
    for name in ("title_fr", "title_en"):
        if not 0 < len(values[name] or "") <= MAX_TITLE:
            problems[name] = _l("Write the title (at most %(max)d characters).", max=MAX_TITLE)
    if values["discipline"] not in DISCIPLINES:
        problems["discipline"] = _l("Choose a discipline.")
    low, high = DURATION_RANGE
    if not low <= (values["duration_minutes"] or 0) <= high:
        problems["duration_minutes"] = _l(
            "A module lasts from %(low)d to %(high)d minutes.", low=low, high=high
        )
    return problems


def _code_taken(model, code: str, ignore_id=None) -> bool:
    """Tell whether another row of model has this code, whatever its case."""
    query = select(model.id).where(func.lower(model.code) == code.lower())
    if ignore_id is not None:
        query = query.where(model.id != ignore_id)
    return db.session.scalar(query.limit(1)) is not None


def create_module(code: str, values: dict, *, by) -> Module:
    """Add a module to the curriculum."""
    code = (code or "").strip()
    problems = _module_problems(values)
    if not 0 < len(code) <= MAX_CODE:
        problems["code"] = _l("Write a code of at most %(max)d characters.", max=MAX_CODE)
    elif _code_taken(Module, code):
        problems["code"] = _l("Another module has this code.")
    if problems:
        raise invalid(problems)
    module = Module(code=code, **{name: values[name] for name in MODULE_FIELDS})
    db.session.add(module)
    db.session.flush()
    record(
        "module.created",
        "curriculum module added",
        object_type="module",
        object_id=module.id,
        actor=by,
    )
    return module


def update_module(module: Module, values: dict, *, by) -> Module:
    """Change a module's titles, discipline, duration, flag, order or activity."""
    problems = _module_problems(values)
    if problems:
        raise invalid(problems)
    changed = sorted(name for name in MODULE_FIELDS if getattr(module, name) != values[name])
    for name in changed:
        setattr(module, name, values[name])
    db.session.flush()
    if changed:
        record(
            "module.updated",
            "curriculum module changed: " + ", ".join(changed),
            object_type="module",
            object_id=module.id,
            actor=by,
        )
    return module


@dataclass(frozen=True)
class CohortDraft:
    """What a new cohort needs; its sessions come from the curriculum."""

    code: str
    language: str
    capacity: int | None
    place: str
    starts_on: date | None
    format: str
    start_time: time = field(default=DEFAULT_START)
    # Chosen by a province-wide admin of several sites; otherwise the user's (or the only) site.
    site_id: int | None = None


def _cohort_problems(draft: CohortDraft, today: date) -> dict:
    """What is wrong with a new cohort's values, by input (today: the site's date)."""
    problems = {}
    if not 0 < len(draft.code) <= MAX_CODE:
        problems["code"] = _l("Write a code of at most %(max)d characters.", max=MAX_CODE)
    elif _code_taken(Cohort, draft.code):
        problems["code"] = _l("Another cohort has this code.")
    if draft.language not in ("fr", "en"):
        problems["language"] = _l("Choose French or English.")
    low, high = CAPACITY_RANGE
    if draft.capacity is None or not low <= draft.capacity <= high:
        problems["capacity"] = _l("Write a number from %(low)d to %(high)d.", low=low, high=high)
    if not 0 < len(draft.place) <= MAX_PLACE:
        problems["place"] = _l("Write the place (at most %(max)d characters).", max=MAX_PLACE)
    if draft.starts_on is None or draft.starts_on < today:
        problems["starts_on"] = _l("Choose a date from today on.")
    if draft.format not in COHORT_FORMATS:
        problems["format"] = _l("Choose one day or weekly.")
    return problems


def create_cohort(draft: CohortDraft, *, by) -> Cohort:
    """Open a cohort and generate its sessions from the active modules of the curriculum."""
    draft = replace(draft, code=(draft.code or "").strip(), place=(draft.place or "").strip())
    site_id, problems = new_row_site_problem(draft.site_id, by)
    # The cohort's days and hours are those of its site's clock.
    site = db.session.get(Site, site_id) if site_id is not None else None
    problems |= _cohort_problems(draft, site_today(site))
    zone = site_zone(site)
    modules = active_modules()
    if not modules:
        problems["format"] = _l("The curriculum has no active module: add one first.")
    if problems:
        raise invalid(problems)
    draft = replace(draft, site_id=site_id)
    slots = plan_slots(
        draft.format,
        [(module.id, module.duration_minutes) for module in modules],
        draft.starts_on,
        draft.start_time,
        zone,
    )
    if draft.format == "one_day" and not ends_on_its_day(slots, draft.starts_on, zone):
        raise invalid({"start_time": _l("The day would end after midnight: start earlier.")})
    if has_overlap(slots):
        raise invalid({"start_time": _l("Two sessions of the cohort would overlap.")})
    cohort = _save_new_cohort(draft, by)
    by_id = {module.id: module for module in modules}
    for slot in slots:
        db.session.add(
            Session(
                kind="group",
                cohort=cohort,
                site_id=cohort.site_id,
                module_id=slot.module_id,
                discipline=by_id[slot.module_id].discipline,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                place=cohort.place,
            )
        )
    db.session.flush()
    record(
        "cohort.created",
        f"cohort created with {len(slots)} sessions",
        object_type="cohort",
        object_id=cohort.id,
        data={"format": cohort.format, "starts_on": cohort.starts_on, "sessions": len(slots)},
        actor=by,
    )
    # The coordinator then reviews the proposal, changes what they want and confirms it.
    apply_rotation(cohort, propose_rotation(cohort), by=by)
    return cohort


def _save_new_cohort(draft: CohortDraft, by) -> Cohort:
    """Insert the cohort; a code taken meanwhile by another request is refused, not a crash."""
    cohort = Cohort(
        site_id=draft.site_id,
        code=draft.code,
        language=draft.language,
        capacity=draft.capacity,
        place=draft.place,
        starts_on=draft.starts_on,
        format=draft.format,
        status="planned",
        created_by_id=by.id if by else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(cohort)
            db.session.flush()
    except IntegrityError:
        raise invalid({"code": _l("Another cohort has this code.")}) from None
    return cohort


def cancel_cohort(cohort: Cohort, *, by) -> Cohort:
    """Cancel a cohort nobody holds a place in, and its sessions."""
    if cohort.status in ("cancelled", "completed"):
        raise CurriculumError(_l("This cohort is already cancelled or completed."))
    places = select(func.count(Enrollment.id)).where(
        Enrollment.cohort_id == cohort.id, Enrollment.status.in_(("enrolled", "waitlisted"))
    )
    if db.session.scalar(places):
        raise CurriculumError(
            _l("People are enrolled or waitlisted in this cohort: withdraw them first.")
        )
    cohort.status = "cancelled"
    for session in cohort.sessions:
        session.is_cancelled = True
        announce_session_cancelled(session, by=by)  # make-ups booked from other cohorts
    db.session.flush()
    record(
        "cohort.cancelled", "cohort cancelled", object_type="cohort", object_id=cohort.id, actor=by
    )
    return cohort


def _check_session_open(session: Session) -> None:
    """Refuse a change to a cancelled session or to a session of a closed cohort."""
    if session.is_cancelled:
        raise CurriculumError(_l("This session is cancelled."))
    if session.cohort is not None and session.cohort.status in ("cancelled", "completed"):
        raise CurriculumError(_l("This cohort is cancelled or completed."))


def overlapping_session(session: Session, starts_at, ends_at) -> Session | None:
    """The first other session of the cohort, not cancelled, sharing a moment with the span."""
    if session.cohort_id is None:
        return None
    query = (
        select(Session)
        .where(
            Session.cohort_id == session.cohort_id,
            Session.id != session.id,
            Session.is_cancelled.is_(False),
            Session.starts_at < ends_at,
            Session.ends_at > starts_at,
        )
        .order_by(Session.starts_at, Session.id)
        .limit(1)
    )
    return db.session.scalars(query).first()


def _refuse_overlap(session: Session, starts_at, ends_at) -> None:
    """Refuse times that overlap another session of the same cohort, naming that session."""
    other = overlapping_session(session, starts_at, ends_at)
    if other is None:
        return
    zone = session_zone(other)
    start, end = (moment.astimezone(zone) for moment in (other.starts_at, other.ends_at))
    message = _l(
        "These times overlap another session of the cohort (%(module)s, %(day)s from "
        "%(start)s to %(end)s): choose other times.",
        module=other.module.title(get_locale().language),
        day=start.date().isoformat(),
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
    )
    raise invalid({"starts_at": message})


def update_session(session: Session, day: date, start: time, end: time, place: str, *, by):
    """Move a session to another day or time (on its site's clock) or place."""
    _check_session_open(session)
    place, problems = (place or "").strip(), {}
    if end <= start:
        problems["ends_at"] = _l("The end must come after the start.")
    if not 0 < len(place) <= MAX_PLACE:
        problems["place"] = _l("Write the place (at most %(max)d characters).", max=MAX_PLACE)
    if problems:
        raise invalid(problems)
    zone = session_zone(session)
    new = {
        "starts_at": local_moment(day, start, zone),
        "ends_at": local_moment(day, end, zone),
        "place": place,
    }
    _refuse_overlap(session, new["starts_at"], new["ends_at"])
    changed = sorted(name for name, value in new.items() if getattr(session, name) != value)
    for name in changed:
        setattr(session, name, new[name])
    db.session.flush()
    if changed:
        record(
            "session.updated",
            "session changed: " + ", ".join(changed),
            object_type="session",
            object_id=session.id,
            data={"cohort_id": session.cohort_id},
            actor=by,
        )
        announce_session_change(session, by=by)
    return session


def cancel_session(session: Session, *, by) -> Session:
    """Cancel one session."""
    _check_session_open(session)
    session.is_cancelled = True
    db.session.flush()
    record(
        "session.cancelled",
        "session cancelled",
        object_type="session",
        object_id=session.id,
        data={"cohort_id": session.cohort_id},
        actor=by,
    )
    announce_session_cancelled(session, by=by)
    return session
