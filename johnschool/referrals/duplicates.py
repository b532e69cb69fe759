"""Referrals of a person already referred: showing them as possible duplicates, closing one.

A duplicate referral (the same person entered twice, under another spelling say) is
no earlier participation: screening does not count it (rules.prior_participations).
The liaison closes it instead: it goes back to the prosecutor ("returned") marked as
a duplicate of the case that stays, so that the prosecutor's file follows that case.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..audit.services import record
from ..extensions import db
from .access import can_reach_case, reachable_case_id, reachable_cases
from .models import Case
from .rules import possible_duplicates
from .screening_types import SamePersonCase
from .services import _move, _require_state, same_person_cases

# States a case can be in before the prosecutor admits it: nobody took part yet.
CLOSABLE_AS_DUPLICATE = frozenset(
    {"received", "eligible", "needs_review", "ineligible", "consented"}
)


def same_person_summary(case: Case, user=None) -> dict:
    """The case's possible duplicates and the person's other cases that user reaches.

    Another site's case is left out for a user bound to one site: screening still counts
    it (province-wide), but its details stay at its site.
    """
    others = reachable_cases(same_person_cases(case), user)
    duplicates = possible_duplicates(others)
    return {
        "possible_duplicates": duplicates,
        "other_cases": tuple(other for other in others if other not in duplicates),
    }


@dataclass(frozen=True)
class DuplicateOf:
    """What a user may learn of the case a closed duplicate points to."""

    case_id: int | None  # None: a case of a site the user does not reach

    @property
    def is_at_another_site(self) -> bool:
        """Tell whether the case that stays is at a site the user does not reach."""
        return self.case_id is None


def duplicate_of(case: Case, user=None) -> DuplicateOf | None:
    """The case a closed duplicate points to, as user may see it; None for any other case.

    A user bound to one site learns that the case that stays is at another site, not its
    number: they cannot open it, and its number is no business of theirs.
    """
    if case.duplicate_of_id is None:
        return None
    return DuplicateOf(reachable_case_id(case.duplicate_of_id, user))


def duplicate_choices(duplicates: tuple[SamePersonCase, ...]) -> list[tuple[int, str]]:
    """The possible duplicates as the choices of the form closing a duplicate."""
    return [(other.case_id, _("Case no. %(number)d", number=other.case_id)) for other in duplicates]


def can_close_as_duplicate(case: Case, others: tuple[SamePersonCase, ...]) -> bool:
    """Tell whether the case may be closed as a duplicate of one of others."""
    return case.state in CLOSABLE_AS_DUPLICATE and case.admission is None and bool(others)


def close_as_duplicate(case: Case, original_id: int, *, by) -> None:
    """Close a referral that duplicates another case of the same person."""
    _require_state(
        case,
        CLOSABLE_AS_DUPLICATE,
        _l("Only a case the prosecutor has not admitted can be closed as a duplicate."),
    )
    original = db.session.get(Case, original_id) if original_id else None
    key = case.client.person_key
    if (
        original is None
        or not can_reach_case(original, by)
        or original.id == case.id
        or key is None
        or original.client.person_key != key
        or original.duplicate_of_id is not None
    ):
        raise ValueError(_l("Choose another case of the same person, not closed as a duplicate."))
    previous = case.state
    case.duplicate_of_id = original.id
    _move(case, "returned")
    db.session.flush()
    record(
        "case.returned",
        f"closed as a duplicate of case {original.id}",
        object_type="case",
        object_id=case.id,
        data={"from": previous, "reason": "duplicate", "duplicate_of": original.id},
        actor=by,
    )
