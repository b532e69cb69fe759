"""Properties of the rotation rule over random professionals, days and sessions."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from johnschool.curriculum.models import DISCIPLINES
from johnschool.curriculum.rotation import Booking, Candidate, Slot, overlaps, propose

FIRST_DAY = date(2027, 1, 4)


def at(day: int, hour: int) -> datetime:
    """A UTC moment on the day-th day after the first day."""
    moment = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), tzinfo=UTC)
    return moment + timedelta(hours=hour)


ANY_DISCIPLINE = st.sampled_from(DISCIPLINES)
SOME_DISCIPLINES = st.sets(ANY_DISCIPLINE, min_size=1)


@st.composite
def slots(draw, *, disciplines=ANY_DISCIPLINE, max_size=8):
    """Sessions of one to three hours on the first ten days; they may overlap."""
    drawn = draw(
        st.lists(
            st.tuples(disciplines, st.integers(0, 9), st.integers(8, 18), st.integers(1, 3)),
            min_size=1,
            max_size=max_size,
        )
    )
    return [
        Slot(i + 1, d, at(day, hour), at(day, hour + length), (FIRST_DAY + timedelta(days=day)))
        for i, (d, day, hour, length) in enumerate(drawn)
    ]


@st.composite
def candidates(draw, *, disciplines=SOME_DISCIPLINES):
    """Professionals with some disciplines and some unavailable days, ids unique."""
    ids = draw(st.lists(st.integers(1, 60), min_size=1, max_size=7, unique=True))
    days = st.frozensets(st.integers(0, 9).map(lambda n: FIRST_DAY + timedelta(days=n)))
    return [
        Candidate(
            i, frozenset(draw(disciplines)), draw(days), draw(st.sampled_from([True, True, False]))
        )
        for i in ids
    ]


@st.composite
def bookings(draw, ids):
    """Sessions taught by some of ids, before or among the proposed sessions."""
    drawn = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.integers(-120, 9), st.integers(8, 18)), max_size=8
        )
    )
    return [Booking(pid, at(day, hour), at(day, hour + 2)) for pid, day, hour in drawn]


@st.composite
def worlds(draw):
    """Sessions, professionals and existing bookings."""
    pros = draw(candidates())
    return draw(slots()), pros, draw(bookings([p.id for p in pros]))


def fits(pid, slot, by_id):
    """Tell whether pid is active, qualified and available for slot."""
    candidate = by_id[pid]
    return (
        candidate.is_active
        and slot.discipline in candidate.disciplines
        and slot.day not in candidate.unavailable_days
    )


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_never_an_unqualified_unavailable_or_inactive_professional(world):
    sessions, pros, booked = world
    by_id = {p.id: p for p in pros}
    slot_of = {s.id: s for s in sessions}
    for proposal in propose(sessions, pros, booked):
        for choice in (proposal.main, proposal.backup):
            if choice.professional_id is not None:
                assert fits(choice.professional_id, slot_of[proposal.session_id], by_id)


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_never_a_double_booking(world):
    sessions, pros, booked = world
    slot_of = {s.id: s for s in sessions}
    proposals = propose(sessions, pros, booked)
    mains = list(booked) + [
        Booking(
            p.main.professional_id, slot_of[p.session_id].starts_at, slot_of[p.session_id].ends_at
        )
        for p in proposals
        if p.main.professional_id is not None
    ]
    for proposal in proposals:
        slot = slot_of[proposal.session_id]
        assert proposal.backup.professional_id != proposal.main.professional_id or (
            proposal.main.professional_id is None
        )
        for role, pid in (
            ("main", proposal.main.professional_id),
            ("backup", proposal.backup.professional_id),
        ):
            if pid is None:
                continue
            clashes = [
                b
                for b in mains
                if b.professional_id == pid
                and overlaps(b.starts_at, b.ends_at, slot.starts_at, slot.ends_at)
            ]
            # The main's own session is the one booking of theirs allowed to overlap.
            assert len(clashes) == (1 if role == "main" else 0)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 12),
    st.lists(st.integers(1, 99), min_size=1, max_size=6, unique=True),
)
def test_loads_are_even_when_nothing_constrains(count, ids):
    sessions = [
        Slot(i, "law", at(i, 9), at(i, 12), FIRST_DAY + timedelta(days=i)) for i in range(count)
    ]
    pros = [Candidate(i, frozenset({"law"})) for i in ids]
    loads = Counter(p.main.professional_id for p in propose(sessions, pros))
    every = [loads.get(i, 0) for i in ids]
    assert max(every) - min(every) <= 1


@settings(max_examples=100, deadline=None)
@given(worlds(), st.randoms(use_true_random=False))
def test_same_input_same_answer_whatever_the_order(world, rng: random.Random):
    sessions, pros, booked = world
    expected = propose(sessions, pros, booked)
    assert propose(sessions, pros, booked) == expected
    for items in (sessions, pros, booked):
        rng.shuffle(items)
    assert propose(sessions, pros, booked) == expected


def is_free(pid, slot, booked):
    """Tell whether pid is main of no booking overlapping slot."""
    return not any(
        b.professional_id == pid and overlaps(b.starts_at, b.ends_at, slot.starts_at, slot.ends_at)
        for b in booked
    )


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_a_session_is_flagged_only_when_nobody_fits(world):
    sessions, pros, booked = world
    by_id = {p.id: p for p in pros}
    slot_of = {s.id: s for s in sessions}
    proposals = propose(sessions, pros, booked)
    for index, proposal in enumerate(proposals):
        if not proposal.is_flagged:
            continue
        slot = slot_of[proposal.session_id]
        earlier = [
            Booking(
                q.main.professional_id,
                slot_of[q.session_id].starts_at,
                slot_of[q.session_id].ends_at,
            )
            for q in proposals[:index]
            if q.main.professional_id is not None
        ]
        assert not [
            p.id
            for p in pros
            if fits(p.id, slot, by_id) and is_free(p.id, slot, [*booked, *earlier])
        ]
