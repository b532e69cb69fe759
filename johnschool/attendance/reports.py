"""What attendance shows elsewhere: the case page's completion section, make-up choices,
and the final outcome letter to the prosecutor."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import get_locale
from sqlalchemy import and_, func, or_, select

from ..audit.models import AuditEntry
from ..clock import program_today, session_day, session_local, site_of, site_today, site_zone
from ..curriculum.models import Cohort, Module, Session
from ..enrollment.models import Enrollment
from ..extensions import db
from ..referrals.letters import FINAL_OUTCOMES, OutcomeLetter, format_date
from ..referrals.models import Case
from ..sites.models import Site
from .completion import Missing, progress_of
from .models import MakeUpBooking
from .queries import booked_make_up_modules

FINAL_STATES = frozenset(FINAL_OUTCOMES)


def session_label(session: Session, language: str | None = None) -> str:
    """A session as a person reads it: its title and its day on its site's clock."""
    language = language or get_locale().language
    title = session.module.title(language) if session.module else session.discipline
    local = session_local(session.starts_at, session)
    return f"{title} — {local:%Y-%m-%d %H:%M}"


def latest_enrollment(case_id: int) -> Enrollment | None:
    """The case's latest enrollment that held a seat (enrolled, ended or withdrawn)."""
    return db.session.scalar(
        select(Enrollment)
        .where(Enrollment.case_id == case_id, Enrollment.status != "waitlisted")
        .order_by(Enrollment.id.desc())
        .limit(1)
    )


def final_outcome(case: Case) -> str | None:
    """The final outcome of a case: its state, or the state it was returned from; else None."""
    if case.state in FINAL_STATES:
        return case.state
    if case.state != "returned":
        return None
    data = db.session.scalar(
        select(AuditEntry.data)
        .where(
            AuditEntry.action == "case.returned",
            AuditEntry.object_type == "case",
            AuditEntry.object_id == case.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    previous = json.loads(data or "{}").get("from")
    return previous if previous in FINAL_STATES else None


@dataclass(frozen=True)
class AttendedLine:
    """A session attended that counts, for the case page and the letter."""

    session: Session
    day: date
    is_make_up: bool


def case_completion(case: Case) -> dict | None:
    """The case page's completion section: attended, missing, bookings; None before a seat."""
    enrollment = latest_enrollment(case.id)
    if enrollment is None:
        return None
    progress = progress_of([enrollment])[enrollment.id]
    sessions = _sessions({s.session_id for s in progress.attended})
    attended = [
        AttendedLine(
            sessions[s.session_id],
            session_day(sessions[s.session_id]),
            sessions[s.session_id].kind == "group"
            and sessions[s.session_id].cohort_id != enrollment.cohort_id,
        )
        for s in progress.attended
    ]
    return {
        "enrollment": enrollment,
        "attended": attended,
        "missing": progress.missing(program_today()),
        "modules": {module.code: module for module in progress.modules},
        "outcome": final_outcome(case),
    }


def _sessions(ids) -> dict[int, Session]:
    """Sessions by id, with their modules, in one query."""
    rows = db.session.execute(
        select(Session, Module)
        .outerjoin(Module, Module.id == Session.module_id)
        .where(Session.id.in_(ids))
    )
    return {session.id: session for session, _module in rows}


@dataclass(frozen=True)
class MakeUpChoice:
    """A session a participant can be booked into, and the seats it has left."""

    session: Session
    label: str
    seats: int


def make_up_site_criterion(own_site_id: int):
    """A WHERE clause keeping the sessions a participant of own_site_id may make up at.

    Their own site's; other sites' only when both sites allow make-ups across sites.
    """
    across = (
        select(Site.id)
        .where(Site.id == Session.site_id, Site.allows_cross_site_make_ups.is_(True))
        .exists()
    )
    own_allows = (
        select(Site.id)
        .where(Site.id == own_site_id, Site.allows_cross_site_make_ups.is_(True))
        .exists()
    )
    return or_(Session.site_id == own_site_id, and_(own_allows, across))


def make_up_choices(enrollment: Enrollment) -> list[MakeUpChoice]:
    """Sessions still to come of the modules the enrollment missed, in other cohorts, with seats."""
    progress = progress_of([enrollment]).get(enrollment.id)
    if progress is None or enrollment.status != "enrolled":
        return []
    done = {s.module_id for s in progress.attended if s.kind == "group"}
    # From the start of today on the participant's own site's clock.
    site = site_of(enrollment.cohort)
    today, zone = site_today(site), site_zone(site)
    done |= booked_make_up_modules(enrollment.id, today, zone)
    wanted = [m.id for m in progress.modules if m.id not in done]
    start = datetime.combine(today, time(), zone)
    enrolled = (
        select(func.count())
        .where(Enrollment.cohort_id == Session.cohort_id, Enrollment.status == "enrolled")
        .scalar_subquery()
    )
    booked = (
        select(func.count())
        .where(MakeUpBooking.session_id == Session.id, MakeUpBooking.cancelled_at.is_(None))
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Session, Module, Cohort.capacity - enrolled - booked)
        .join(Module, Module.id == Session.module_id)
        .join(Cohort, Cohort.id == Session.cohort_id)
        .where(
            make_up_site_criterion(enrollment.cohort.site_id),
            Session.kind == "group",
            Session.is_cancelled.is_(False),
            Session.module_id.in_(wanted),
            Session.cohort_id != enrollment.cohort_id,
            Session.starts_at >= start,
        )
        .order_by(Session.starts_at, Session.id)
        .limit(100)
    )
    return [
        MakeUpChoice(session, session_label(session), seats)
        for session, _module, seats in rows
        if seats > 0
    ]


# --- The final outcome letter ----------------------------------------------------------

LETTER_WORDS = {
    "fr": {
        "individual": "Rencontre individuelle ({discipline})",
        "missing_individual": "{count} rencontre(s) individuelle(s) ({discipline})",
        "missing_fee": "Solde des frais non payé : {amount} $",
        "missing_deadline": "Échéance dépassée le {day}",
        "make_up": "{title} (reprise)",
    },
    "en": {
        "individual": "Individual session ({discipline})",
        "missing_individual": "{count} individual session(s) ({discipline})",
        "missing_fee": "Fee balance unpaid: ${amount}",
        "missing_deadline": "Deadline passed on {day}",
        "make_up": "{title} (make-up)",
    },
}
DISCIPLINE_WORDS = {
    "fr": {
        "law": "droit",
        "police": "police",
        "health": "santé publique",
        "sexology": "sexologie",
        "survivor": "expérience vécue",
        "community": "communauté",
    },
    "en": {
        "law": "law",
        "police": "police",
        "health": "public health",
        "sexology": "sexology",
        "survivor": "lived experience",
        "community": "community",
    },
}


def _attended_title(line: AttendedLine, language: str) -> str:
    """The title of an attended session in language."""
    words = LETTER_WORDS[language]
    session = line.session
    if session.kind == "individual" or session.module is None:
        return words["individual"].format(discipline=DISCIPLINE_WORDS[language][session.discipline])
    title = session.module.title(language)
    return words["make_up"].format(title=title) if line.is_make_up else title


def describe_missing(item: Missing, modules: dict[str, Module], language: str) -> str:
    """One missing requirement in words, in language."""
    words = LETTER_WORDS[language]
    if item.kind == "module":
        module = modules.get(item.code)
        return module.title(language) if module else item.code
    if item.kind == "individual":
        discipline = DISCIPLINE_WORDS[language].get(item.code, item.code)
        return words["missing_individual"].format(count=item.count, discipline=discipline)
    if item.kind == "fee":
        amount = f"{item.amount:.2f}"
        return words["missing_fee"].format(
            amount=amount.replace(".", ",") if language == "fr" else amount
        )
    return words["missing_deadline"].format(day=format_date(item.day, language))


def outcome_letter(case: Case, issued_on: date) -> OutcomeLetter | None:
    """The final outcome letter of a completed, failed or withdrawn case, or None."""
    outcome = final_outcome(case)
    if outcome is None:
        return None
    language = case.client.language
    completion = case_completion(case)
    attended, missing = [], []
    if completion is not None:
        attended = [(_attended_title(line, language), line.day) for line in completion["attended"]]
        if outcome != "completed":
            missing = [
                describe_missing(item, completion["modules"], language)
                for item in completion["missing"]
            ]
    return OutcomeLetter(
        language=language,
        issued_on=issued_on,
        court_file=case.court_file,
        client_name=case.client.full_name,
        birth_date=case.client.birth_date,
        outcome=outcome,
        attended=attended,
        missing=missing,
        prosecutor=case.admission.prosecutor if case.admission else None,
    )
