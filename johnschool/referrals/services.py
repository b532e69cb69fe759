"""The case lifecycle: intake, screening, override, consent, admission, return.

Every change checks the case's state, stamps who and when, and writes the audit
log in the caller's transaction; the caller commits.
"""

import json
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..clock import program_today
from ..database import utcnow
from ..extensions import db
from ..sites.access import site_for_new_row
from .catalogue import normalize_code
from .errors import CaseStateError
from .fees import assess_fee
from .models import Admission, Case, Client, Consent, PriorConviction, ScreeningDecision
from .names import normalize_name, person_key
from .rules import screen
from .screening_types import PriorConviction as PriorInput
from .screening_types import SamePersonCase, ScreeningInput, ScreeningSettings
from .settings import accepted_charges, current_catalogue, program_settings

SCREENABLE = frozenset({"received", "eligible", "needs_review", "ineligible"})
OVERRIDABLE = frozenset({"needs_review", "ineligible"})
RETURNABLE = frozenset({"ineligible", "failed", "withdrawn"})


def screening_settings() -> ScreeningSettings:
    """The settings screening runs with now: the admin's version, catalogue and charges."""
    row = program_settings()
    return ScreeningSettings(
        version=row.version, catalogue=current_catalogue(), accepted_charges=accepted_charges(row)
    )


def _require_state(case: Case, allowed, message) -> None:
    """Lock the case's row and refuse the change unless it is in one of the allowed states.

    Two people acting on one case at once then take turns: the second sees the state
    the first left, on PostgreSQL as on SQLite.
    """
    db.session.refresh(case, ["state"], with_for_update=True)
    if case.state not in allowed:
        raise CaseStateError(message)


def _move(case: Case, state: str) -> None:
    """Put the case in a new state."""
    case.state = state
    case.updated_at = utcnow()


def create_referral(
    client: dict, referral: dict, priors: list[dict], *, by, site_id: int | None = None
) -> Case:
    """Record a referral with its client and priors, then screen it at once.

    The case belongs to by's site; a province-wide admin of several sites names it
    (site_id), else SiteNotGiven is raised.
    """
    referral = dict(referral)
    site_id = site_for_new_row(site_id, user=by)
    person = Client(**client)
    person.person_key = person_key(person.family_name, person.given_name, person.birth_date)
    person.search_name = normalize_name(f"{person.family_name} {person.given_name}")
    received_on = referral.pop("received_on", None) or program_today()
    case = Case(
        client=person,
        site_id=site_id,
        search_name=person.search_name,
        state="received",
        received_on=received_on,
        deadline=received_on + timedelta(days=program_settings().deadline_days),
        created_by_id=by.id,
        **{**referral, "offence_code": normalize_code(referral["offence_code"])},
    )
    case.priors = [
        PriorConviction(**{**prior, "offence_code": normalize_code(prior["offence_code"])})
        for prior in priors
    ]
    db.session.add(case)
    db.session.flush()
    record(
        "case.created",
        "referral received",
        object_type="case",
        object_id=case.id,
        data={"source": case.source, "priors": len(case.priors)},
        actor=by,
    )
    screen_case(case, by=by)
    return case


def same_person_cases(case: Case) -> tuple[SamePersonCase, ...]:
    """Other cases of the same person at every site: same normalized names and birth date.

    The one-chance rule is province-wide; callers showing them keep those the reader reaches.
    """
    key = case.client.person_key
    if key is None:
        return ()
    rows = db.session.execute(
        select(
            Case.id, Case.state, Case.received_on, Admission.id, Case.duplicate_of_id, Case.site_id
        )
        .join(Client)
        .outerjoin(Admission, Admission.case_id == Case.id)
        .where(Client.person_key == key, Case.id != case.id)
        .order_by(Case.received_on, Case.id)
    )
    return tuple(
        SamePersonCase(case_id, state, received_on, admission_id is not None, duplicate_of, site)
        for case_id, state, received_on, admission_id, duplicate_of, site in rows
    )


def screening_input(case: Case) -> ScreeningInput:
    """Gather what screening looks at for this case."""
    return ScreeningInput(
        offence_code=case.offence_code,
        offence_date=case.offence_date,
        involves_minor=case.involves_minor,
        birth_date=case.client.birth_date,
        prior_convictions=tuple(PriorInput(p.offence_code, p.conviction_date) for p in case.priors),
        same_person_cases=same_person_cases(case),
        received_on=case.received_on,
        case_id=case.id,
        site_id=case.site_id,
    )


def screen_case(case: Case, *, by) -> ScreeningDecision:
    """Screen (again) a case not yet consented; keep the decision and move the case."""
    _require_state(case, SCREENABLE, _l("Screening is only possible before consent."))
    decision = screen(screening_input(case), screening_settings())
    row = ScreeningDecision(
        case=case,
        outcome=decision.outcome.value,
        settings_version=decision.settings_version,
        rules=json.dumps(
            [
                {
                    "rule": r.rule,
                    "result": r.result.value,
                    "reason_fr": r.reason_fr,
                    "reason_en": r.reason_en,
                }
                for r in decision.rules
            ]
        ),
        decided_by_id=by.id,
    )
    db.session.add(row)
    _move(case, decision.outcome.value)
    db.session.flush()
    record(
        "case.screened",
        f"screened: {decision.outcome.value}",
        object_type="case",
        object_id=case.id,
        data={"outcome": decision.outcome.value, "settings_version": decision.settings_version},
        actor=by,
    )
    return row


def override_decision(case: Case, outcome: str, reason: str, *, by) -> ScreeningDecision:
    """Let an admin decide a case under review or ineligible, with a written reason."""
    _require_state(
        case, OVERRIDABLE, _l("Only a case under review or ineligible can be decided by an admin.")
    )
    if by.role != "admin":
        raise PermissionError("only an admin overrides a screening decision")
    if outcome not in ("eligible", "ineligible") or not (reason or "").strip():
        raise ValueError(_l("Choose eligible or ineligible and write the reason."))
    decision = case.latest_decision
    decision.override_outcome, decision.override_reason = outcome, reason.strip()
    decision.overridden_by_id, decision.overridden_at = by.id, utcnow()
    _move(case, outcome)
    record(
        "case.overridden",
        f"screening overridden: {decision.outcome} to {outcome}",
        object_type="case",
        object_id=case.id,
        data={"from": decision.outcome, "to": outcome},
        actor=by,
    )
    return decision


def record_consent(
    case: Case, *, counsel_advised: bool, accepts_responsibility: bool, consented_on: date, by
) -> Consent:
    """Record the client's free and informed consent to an eligible case."""
    _require_state(case, {"eligible"}, _l("Consent is recorded only for an eligible case."))
    if not (counsel_advised and accepts_responsibility):
        raise ValueError(
            _l("Consent needs the right to counsel advised and responsibility accepted.")
        )
    consent = Consent(
        case=case,
        counsel_advised=True,
        accepts_responsibility=True,
        consented_on=consented_on,
        recorded_by_id=by.id,
    )
    db.session.add(consent)
    _move(case, "consented")
    record("case.consented", "consent recorded", object_type="case", object_id=case.id, actor=by)
    return consent


def record_admission(case: Case, *, prosecutor: str, admitted_on: date, by) -> Admission:
    """Record the prosecutor's admission of a consented case."""
    _require_state(case, {"consented"}, _l("Admission follows the client's consent."))
    if not (prosecutor or "").strip():
        raise ValueError(_l("Name the prosecutor who admitted the case."))
    admission = Admission(
        case=case, prosecutor=prosecutor.strip(), admitted_on=admitted_on, recorded_by_id=by.id
    )
    db.session.add(admission)
    _move(case, "admitted")
    record(
        "case.admitted",
        "admitted by the prosecutor",
        object_type="case",
        object_id=case.id,
        actor=by,
    )
    assess_fee(case, by=by)
    return admission


def return_to_prosecutor(case: Case, *, by) -> None:
    """Send an ineligible, failed or withdrawn case back to the prosecutor."""
    _require_state(
        case,
        RETURNABLE,
        _l("Only an ineligible, failed or withdrawn case goes back to the prosecutor."),
    )
    previous = case.state
    _move(case, "returned")
    record(
        "case.returned",
        f"returned to the prosecutor from {previous}",
        object_type="case",
        object_id=case.id,
        data={"from": previous},
        actor=by,
    )


def expire_overdue_cases(today: date, *, by=None) -> list[int]:
    """Fail every enrolled case whose deadline has passed; return their ids."""
    overdue = db.session.scalars(
        select(Case)
        .where(Case.state == "enrolled", Case.deadline < today)
        .order_by(Case.id)
        .with_for_update()
    ).all()
    for case in overdue:
        _move(case, "failed")
        record(
            "case.expired",
            "deadline passed: case failed",
            object_type="case",
            object_id=case.id,
            actor=by,
            data={"deadline": case.deadline.isoformat()},
        )
    return [case.id for case in overdue]
