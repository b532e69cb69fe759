"""The rotation rule, case by case, through the pure function."""

from datetime import UTC, date, datetime, timedelta

import pytest

from johnschool.curriculum import rotation as r
from johnschool.curriculum.rotation import Booking, Candidate, Slot, propose

DAY = date(2027, 3, 10)
NINE = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)


def slot(id=1, discipline="law", start=NINE, hours=1):
    """A session starting at start, its day taken as start's date."""
    return Slot(id, discipline, start, start + timedelta(hours=hours), start.date())


def pro(id, *disciplines, off=(), active=True):
    """A professional with disciplines and unavailable days."""
    return Candidate(id, frozenset(disciplines or ("law",)), frozenset(off), active)


def taught(pid, days_before, start=NINE, hours=1):
    """A session pid taught as main, days_before the reference time."""
    at = start - timedelta(days=days_before)
    return Booking(pid, at, at + timedelta(hours=hours))


def only(proposals):
    """The single proposal of a one-session proposal."""
    (proposal,) = proposals
    return proposal


CASES = {
    "an unqualified professional is never chosen": (
        [pro(1, "police"), pro(2, "law")],
        [],
        2,
        r.ONLY_CANDIDATE,
    ),
    "an inactive professional is never chosen": (
        [pro(1, active=False), pro(2)],
        [],
        2,
        r.ONLY_CANDIDATE,
    ),
    "an unavailable professional is never chosen": (
        [pro(1, off=[DAY]), pro(2)],
        [],
        2,
        r.ONLY_CANDIDATE,
    ),
    "unavailability on another day does not matter": (
        [pro(1, off=[DAY + timedelta(days=1)]), pro(2)],
        [],
        1,
        r.LOWEST_ID,
    ),
    "the main of an overlapping session is never chosen": (
        [pro(1), pro(2)],
        [Booking(1, NINE + timedelta(minutes=30), NINE + timedelta(hours=2))],
        2,
        r.ONLY_CANDIDATE,
    ),
    "a session ending when this one starts is no double booking": (
        [pro(1), pro(2)],
        [Booking(1, NINE - timedelta(hours=1), NINE), taught(2, 1), taught(2, 2)],
        1,
        r.LEAST_LOADED,
    ),
    "the least loaded in the 90 days before wins": (
        [pro(1), pro(2), pro(3)],
        [taught(1, 10), taught(1, 20), taught(2, 30), taught(3, 5), taught(3, 6)],
        2,
        r.LEAST_LOADED,
    ),
    "sessions more than 90 days before do not count for load": (
        [pro(1), pro(2)],
        [taught(1, 91), taught(1, 120), taught(2, 10)],
        1,
        r.LEAST_LOADED,
    ),
    "sessions after this one do not count for load": (
        [pro(1), pro(2)],
        [taught(1, -3), taught(1, -10), taught(2, 10)],
        1,
        r.LEAST_LOADED,
    ),
    "on equal load the one who taught longest ago wins": (
        [pro(1), pro(2)],
        [taught(1, 5), taught(2, 40)],
        2,
        r.LONGEST_AGO,
    ),
    "on equal load never taught counts as longest ago": (
        [pro(1), pro(2)],
        [taught(1, 200)],
        2,
        r.LONGEST_AGO,
    ),
    "on a full tie the lowest id wins": (
        [pro(7), pro(3), pro(5)],
        [],
        3,
        r.LOWEST_ID,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_main_professional_follows_the_rule(case):
    professionals, bookings, expected, code = CASES[case]
    proposal = only(propose([slot()], professionals, bookings))
    assert (proposal.main.professional_id, proposal.main.code) == (expected, code)


FLAGGED = {
    "nobody has the discipline": ([pro(1, "police")], [], r.NO_DISCIPLINE),
    "only inactive people have it": ([pro(1, active=False)], [], r.NO_DISCIPLINE),
    "everyone qualified is unavailable": (
        [pro(1, off=[DAY]), pro(2, "police")],
        [],
        r.ALL_UNAVAILABLE,
    ),
    "everyone available is booked": (
        [pro(1), pro(2, off=[DAY])],
        [Booking(1, NINE, NINE + timedelta(hours=3))],
        r.ALL_BOOKED,
    ),
}


@pytest.mark.parametrize("case", sorted(FLAGGED))
def test_session_is_flagged_with_the_reason_nobody_fits(case):
    professionals, bookings, reason = FLAGGED[case]
    proposal = only(propose([slot()], professionals, bookings))
    assert proposal.is_flagged
    assert proposal.main == r.Choice(None, reason)
    assert proposal.backup.professional_id is None


def test_backup_is_the_runner_up_and_never_the_main():
    proposal = only(propose([slot()], [pro(1), pro(2), pro(3)], [taught(1, 3), taught(3, 4)]))
    assert proposal.main.professional_id == 2
    # 1 and 3 are tied on load; 3 taught longer ago.
    assert proposal.backup.professional_id == 3
    assert proposal.backup.code == r.LONGEST_AGO


def test_backup_is_flagged_when_nobody_else_has_the_discipline():
    proposal = only(propose([slot()], [pro(1), pro(2, "police")]))
    assert proposal.main.professional_id == 1
    assert proposal.backup == r.Choice(None, r.NO_OTHER_QUALIFIED)


def test_backup_is_never_the_main_of_an_overlapping_session():
    bookings = [Booking(2, NINE, NINE + timedelta(minutes=30))]
    proposal = only(propose([slot()], [pro(1), pro(2)], bookings))
    assert proposal.main.professional_id == 1
    assert proposal.backup == r.Choice(None, r.ALL_BOOKED)


def test_earlier_choices_count_for_load_so_a_cohort_spreads():
    sessions = [slot(i, start=NINE + timedelta(hours=2 * i)) for i in range(1, 7)]
    proposals = propose(sessions, [pro(1), pro(2), pro(3)])
    mains = [p.main.professional_id for p in proposals]
    assert sorted(mains) == [1, 1, 2, 2, 3, 3]
    assert mains[:3] == [1, 2, 3]


def test_earlier_choices_count_for_booking():
    first = slot(1, start=NINE, hours=2)
    second = slot(2, start=NINE + timedelta(hours=1), hours=2)
    proposals = propose([second, first], [pro(1), pro(2)])
    assert [p.session_id for p in proposals] == [1, 2]
    assert proposals[0].main.professional_id == 1
    assert proposals[1].main.professional_id == 2
    # 1 teaches the overlapping first session: it cannot stand by for the second.
    assert proposals[1].backup == r.Choice(None, r.ALL_BOOKED)


def test_explanation_carries_the_load_and_last_session():
    bookings = [taught(1, 3), taught(2, 3), taught(2, 4)]
    proposal = only(propose([slot()], [pro(1), pro(2)], bookings))
    assert proposal.main.params == {
        "load": 1,
        "next_load": 2,
        "candidates": 2,
        "last_taught": (NINE - timedelta(days=3)).isoformat(),
    }


def test_a_backup_is_not_then_taken_as_main_of_a_simultaneous_session():
    first, second = slot(1), slot(2)
    proposals = propose([first, second], [pro(1), pro(2)])
    assert [p.main.professional_id for p in proposals] == [1, 2]
    assert all(p.backup == r.Choice(None, r.ALL_BOOKED) for p in proposals)
