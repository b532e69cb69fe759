"""The rotation rule: who teaches each session, and who stands by, explained.

A pure function over plain values, so that it is tested without a database:
only a professional who is active, has the session's discipline, is available
that day and is not main professional of an overlapping session may be chosen;
among them the least loaded over the 90 days before the session, then the one
who taught longest ago (never taught counts as longest ago), then the lowest id.
Sessions are taken in time order and each choice counts for the next ones.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

LOAD_WINDOW = timedelta(days=90)

# Why a professional was chosen.
ONLY_CANDIDATE = "only_candidate"
LEAST_LOADED = "least_loaded"
LONGEST_AGO = "longest_ago"
LOWEST_ID = "lowest_id"
# Why nobody was: the session is flagged.
NO_DISCIPLINE = "no_discipline"
ALL_UNAVAILABLE = "all_unavailable"
ALL_BOOKED = "all_booked"
NO_OTHER_QUALIFIED = "no_other_qualified"


@dataclass(frozen=True)
class Slot:
    """A session to staff: its discipline, its times (UTC) and its day on its site's clock."""

    id: int
    discipline: str
    starts_at: datetime
    ends_at: datetime
    day: date


@dataclass(frozen=True)
class Candidate:
    """A professional as the rule sees them."""

    id: int
    disciplines: frozenset[str]
    unavailable_days: frozenset[date] = frozenset()
    is_active: bool = True


@dataclass(frozen=True)
class Booking:
    """A session, outside the proposal, of which a professional is the main professional."""

    professional_id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Choice:
    """One pick (or none) with the code of its explanation and the code's parameters."""

    professional_id: int | None
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    """The main professional and the backup proposed for one session."""

    session_id: int
    main: Choice
    backup: Choice

    @property
    def is_flagged(self) -> bool:
        """Tell whether nobody could be proposed as main professional."""
        return self.main.professional_id is None


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    """Tell whether two time ranges share a moment (touching ends do not)."""
    return a_start < b_end and b_start < a_end


def is_booked(candidate_id: int, slot: Slot, bookings) -> bool:
    """Tell whether the candidate is main professional of a session overlapping slot."""
    return any(
        b.professional_id == candidate_id
        and overlaps(b.starts_at, b.ends_at, slot.starts_at, slot.ends_at)
        for b in bookings
    )


def load_of(candidate_id: int, slot: Slot, bookings, proposed) -> int:
    """Sessions taught in the 90 days before slot, plus those chosen earlier in the proposal."""
    window_start = slot.starts_at - LOAD_WINDOW
    past = sum(
        1
        for b in bookings
        if b.professional_id == candidate_id and window_start <= b.starts_at < slot.starts_at
    )
    return past + sum(1 for b in proposed if b.professional_id == candidate_id)


def last_taught(candidate_id: int, slot: Slot, bookings) -> datetime | None:
    """The start of the candidate's latest session before slot, or None if never."""
    starts = [
        b.starts_at
        for b in bookings
        if b.professional_id == candidate_id and b.starts_at < slot.starts_at
    ]
    return max(starts, default=None)


def _filter(slot: Slot, pool, bookings, *, excluded=None):
    """The eligible candidates, or the code saying which constraint left nobody."""
    qualified = [c for c in pool if slot.discipline in c.disciplines and c.id != excluded]
    if not qualified:
        return [], NO_DISCIPLINE if excluded is None else NO_OTHER_QUALIFIED
    available = [c for c in qualified if slot.day not in c.unavailable_days]
    if not available:
        return [], ALL_UNAVAILABLE
    free = [c for c in available if not is_booked(c.id, slot, bookings)]
    return free, None if free else ALL_BOOKED


@dataclass(frozen=True)
class _Ranked:
    """A candidate's standing for one session: load, last session taught, id."""

    load: int
    taught: datetime | None
    id: int

    def key(self):
        """Least loaded first, then never taught, then taught longest ago, then lowest id."""
        taught = self.taught.timestamp() if self.taught else 0.0
        return (self.load, self.taught is not None, taught, self.id)


def _rank(slot: Slot, eligible, bookings, proposed) -> Choice:
    """Pick the least loaded, then the one who taught longest ago, then the lowest id."""
    history = [*bookings, *proposed]
    ranked = sorted(
        (
            _Ranked(load_of(c.id, slot, bookings, proposed), last_taught(c.id, slot, history), c.id)
            for c in eligible
        ),
        key=_Ranked.key,
    )
    best = ranked[0]
    params = {
        "load": best.load,
        "last_taught": best.taught.isoformat() if best.taught else None,
        "candidates": len(ranked),
    }
    if len(ranked) == 1:
        return Choice(best.id, ONLY_CANDIDATE, params)
    runner_up = ranked[1]
    if runner_up.load != best.load:
        return Choice(best.id, LEAST_LOADED, {**params, "next_load": runner_up.load})
    params["tied"] = sum(1 for r in ranked if r.load == best.load)
    code = LONGEST_AGO if runner_up.taught != best.taught else LOWEST_ID
    return Choice(best.id, code, params)


def choose(slot: Slot, pool, bookings, proposed, *, excluded=None, busy=()) -> Choice:
    """Choose one professional for slot, or say why nobody fits.

    proposed are the choices made earlier in the proposal (they count for load and
    booking); busy are further sessions that count for booking only.
    """
    eligible, reason = _filter(slot, pool, [*bookings, *proposed, *busy], excluded=excluded)
    if not eligible:
        return Choice(None, reason)
    return _rank(slot, eligible, bookings, proposed)


def propose(sessions, professionals, bookings=()) -> list[Proposal]:
    """Propose a main professional and a backup for every session, in time order.

    Mains come first, for all sessions, so that no backup is later chosen as main
    of an overlapping session; then each backup avoids every overlapping main.
    """
    pool = sorted((c for c in professionals if c.is_active), key=lambda c: c.id)
    bookings = tuple(bookings)
    slots = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    mains, proposed, counts = [], [], []
    for slot in slots:
        main = choose(slot, pool, bookings, proposed)
        mains.append(main)
        # The backup's load counts the mains chosen before its session only.
        counts.append(len(proposed))
        if main.professional_id is not None:
            proposed.append(Booking(main.professional_id, slot.starts_at, slot.ends_at))
    proposals = []
    for slot, main, count in zip(slots, mains, counts, strict=True):
        backup = choose(
            slot, pool, bookings, proposed[:count], excluded=main.professional_id, busy=proposed
        )
        proposals.append(Proposal(slot.id, main, backup))
    return proposals
