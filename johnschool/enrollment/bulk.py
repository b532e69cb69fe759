"""Several cases at once: enroll admitted cases in a cohort, or withdraw some of its people.

A selection is first planned (who gets a seat, who goes on the waitlist, who is refused and
why), shown for confirmation, then carried out through enroll() and withdraw() one case after
another in the caller's transaction: seats, the waitlist, row locks and the audit log follow
the rules of one case. Any case refused refuses the whole selection, so nothing is done by half.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..audit.services import record
from ..curriculum.models import Cohort
from ..database import lock
from ..extensions import db
from ..referrals.models import Admission, Case, Client
from .models import Enrollment
from .services import (
    ACTIVE_STATUSES,
    OPEN_COHORT_STATUSES,
    CohortError,
    enroll,
    has_started,
    seats_taken,
    withdraw,
)

MAX_SELECTED = 100
ADMITTED_PER_PAGE = 50


class SelectionRefused(ValueError):
    """A selection with cases that cannot be acted on; each comes with its reason."""

    def __init__(self, refusals):
        super().__init__(_l("Nothing was done: some of the chosen cases cannot be included."))
        self.refusals = refusals


@dataclass(frozen=True)
class Refusal:
    """A chosen case left out, and why."""

    label: str  # the court file, or the id of a case that no longer exists
    reason: str


@dataclass
class EnrollmentPlan:
    """Who of a selection gets a seat, who goes on the waitlist, who is refused."""

    seated: list[Case] = field(default_factory=list)
    waitlisted: list[Case] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


@dataclass
class WithdrawalPlan:
    """Which enrollments of a selection leave the cohort, and who is refused."""

    enrollments: list[Enrollment] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


def check_open(cohort: Cohort) -> None:
    """Refuse a cohort that takes nobody any more: closed, or already started."""
    if cohort.status not in OPEN_COHORT_STATUSES:
        raise CohortError(_l("This cohort is cancelled or completed."))
    if has_started(cohort):
        raise CohortError(_l("This cohort has already started."))


def admitted_cases_page(cohort: Cohort, page: int):
    """One page of the admitted cases of the cohort's site and language, longest admitted first."""
    query = (
        select(Case)
        .join(Case.client)
        .join(Case.admission)
        .options(contains_eager(Case.client), contains_eager(Case.admission))
        .where(
            Case.site_id == cohort.site_id,
            Case.state == "admitted",
            Client.language == cohort.language,
        )
        .order_by(Admission.admitted_on, Case.id)
    )
    return db.paginate(query, page=page, per_page=ADMITTED_PER_PAGE, error_out=False)


def _chosen(case_ids, site_id: int) -> tuple[list[int], list[Case], list[Refusal]]:
    """The distinct ids chosen, their cases of the site (in admission order), the ids not found.

    Another site's case is not found, as an unknown one.
    """
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise ValueError(_l("Choose at least one case."))
    if len(ids) > MAX_SELECTED:
        raise ValueError(_l("Choose at most %(count)d cases at once.", count=MAX_SELECTED))
    cases = list(
        db.session.scalars(
            select(Case)
            .join(Case.client)
            .outerjoin(Case.admission)
            .options(contains_eager(Case.client), contains_eager(Case.admission))
            .where(Case.id.in_(ids), Case.site_id == site_id)
            .order_by(Admission.admitted_on, Case.id)
        )
    )
    found = {case.id for case in cases}
    gone = [
        Refusal(f"#{ident}", _l("This case no longer exists."))
        for ident in ids
        if ident not in found
    ]
    return ids, cases, gone


def _enrollment_refusal(case: Case, cohort: Cohort) -> Refusal | None:
    """Why a case cannot join the cohort, or None."""
    if case.state != "admitted":
        return Refusal(case.court_file, _l("Only an admitted case can be enrolled."))
    if case.client.language != cohort.language:
        return Refusal(case.court_file, _l("The cohort's language must be the client's language."))
    return None


def plan_enrollment(cohort: Cohort, case_ids) -> EnrollmentPlan:
    """Plan the enrollment of the chosen cases: seats while they last, then the waitlist."""
    check_open(cohort)
    _ids, cases, refusals = _chosen(case_ids, cohort.site_id)
    plan = EnrollmentPlan(refusals=refusals)
    accepted = []
    for case in cases:
        refusal = _enrollment_refusal(case, cohort)
        if refusal is None:
            accepted.append(case)
        else:
            plan.refusals.append(refusal)
    free = max(cohort.capacity - seats_taken([cohort.id])[cohort.id], 0)
    plan.seated, plan.waitlisted = accepted[:free], accepted[free:]
    return plan


def enroll_cases(cohort: Cohort, case_ids, *, expected_seats: int, by) -> list[Enrollment]:
    """Enroll the chosen cases as planned and confirmed, or refuse them all."""
    lock(Cohort, cohort.id)
    plan = plan_enrollment(cohort, case_ids)
    if plan.refusals:
        raise SelectionRefused(plan.refusals)
    if len(plan.seated) != expected_seats:
        raise CohortError(
            _l("The cohort's seats changed since the confirmation page: review the selection.")
        )
    enrollments = [enroll(case, cohort, by=by) for case in plan.seated + plan.waitlisted]
    record(
        "enrollment.bulk_created",
        f"{len(enrollments)} cases enrolled together, {len(plan.seated)} seated",
        object_type="cohort",
        object_id=cohort.id,
        data={"case_ids": [case.id for case in plan.seated + plan.waitlisted]},
        actor=by,
    )
    return enrollments


def plan_withdrawal(cohort: Cohort, case_ids) -> WithdrawalPlan:
    """Plan the withdrawal of the chosen cases: each must hold a seat or a place in the cohort."""
    _ids, cases, refusals = _chosen(case_ids, cohort.site_id)
    held = {
        enrollment.case_id: enrollment
        for enrollment in db.session.scalars(
            select(Enrollment).where(
                Enrollment.case_id.in_([case.id for case in cases]),
                Enrollment.cohort_id == cohort.id,
                Enrollment.status.in_(ACTIVE_STATUSES),
            )
        )
    }
    plan = WithdrawalPlan(refusals=refusals)
    for case in cases:
        if case.id in held and case.state in ACTIVE_STATUSES:
            plan.enrollments.append(held[case.id])
        else:
            reason = _l("This case holds no seat and no waitlist place in this cohort.")
            plan.refusals.append(Refusal(case.court_file, reason))
    return plan


def withdraw_cases(cohort: Cohort, case_ids, reason: str, *, by) -> list[Enrollment]:
    """Withdraw the chosen cases with one reason, or refuse them all; freed seats are promoted."""
    if not (reason or "").strip():
        raise ValueError(_l("Write the reason for the withdrawal."))
    lock(Cohort, cohort.id)
    plan = plan_withdrawal(cohort, case_ids)
    if plan.refusals:
        raise SelectionRefused(plan.refusals)
    # The waitlisted leave first, so that none of the chosen is promoted into a freed seat.
    ordered = sorted(plan.enrollments, key=lambda item: item.status != "waitlisted")
    for enrollment in ordered:
        withdraw(enrollment.case, reason, by=by)
    record(
        "enrollment.bulk_withdrawn",
        f"{len(ordered)} cases withdrawn together",
        object_type="cohort",
        object_id=cohort.id,
        data={"case_ids": [enrollment.case_id for enrollment in ordered]},
        actor=by,
    )
    return ordered
