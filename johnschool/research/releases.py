"""Which statistics a researcher may be given, and the ledger of what each was given.

Tables are subtracted from one another to single people out; the cell-key method
(perturbation.py) blurs each subtraction, and these rules keep there from being many
to make. For a researcher:

1. a population is the whole store, one year or one fixed period (params.py), with at
   most a language, a referral source and a site; under k people, nothing is published;
2. a population that differs from one already given to this researcher by 1 to k - 1
   people is refused, whatever the table asked for: the ledger is every population
   released to them, with its size at the time (the same definition asked again after a
   few new cases differs from its earlier self by those cases);
3. at most research_daily_budget releases a program day, until an admin resets the budget.

Admins see the cases themselves: their releases are logged, not limited. Every release
is written with its population (research_release) and to the audit log. A researcher's
row is locked while their request is checked, so two requests of theirs cannot both pass
against a ledger that holds neither; other readers are not held up.
"""

from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..audit.services import record
from ..auth.models import User
from ..clock import program_today, program_zone
from ..database import lock
from ..extensions import db
from ..permissions import Role
from ..referrals.settings import program_settings
from .models import ResearchBudgetReset, ResearchRecord, ResearchRelease
from .statistics import (
    Filters,
    ProfileTable,
    can_fold,
    folded_counts,
    grouped_counts,
    profile_table,
)

CHANNELS = ("page", "export", "api")


class ReleaseRefused(Exception):
    """A request the rules refuse: the message says why, status 409 or 429."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Atoms:
    """The number of records of each (year, language, source, site): populations are unions."""

    counts: dict[tuple, int]

    def size(self, *populations: Filters) -> int:
        """How many records every one of the populations holds."""
        return sum(
            count
            for atom, count in self.counts.items()
            if all(population.admits(*atom) for population in populations)
        )

    def difference(self, first: Filters, second: Filters) -> int:
        """How many records are in one of the two populations and not in the other."""
        return self.size(first) + self.size(second) - 2 * self.size(first, second)


def atoms() -> Atoms:
    """Count the store by year, language, referral source and site: one grouped query."""
    columns = (
        ResearchRecord.year,
        ResearchRecord.language,
        ResearchRecord.referral_source,
        ResearchRecord.site,
    )
    rows = db.session.execute(select(*columns, func.count()).group_by(*columns))
    return Atoms({tuple(row[:-1]): row[-1] for row in rows})


def is_limited(user) -> bool:
    """Tell whether the rules apply to this reader: researchers, not admins."""
    return user.role == Role.RESEARCHER


def day_start() -> datetime:
    """The start of the program's day: budgets count the releases from then on."""
    return datetime.combine(program_today(), time(), program_zone())


def budget_start(user_id: int) -> datetime:
    """Releases from this moment on count against today's budget: midnight or the last reset."""
    midnight = day_start()
    reset = db.session.scalar(
        select(func.max(ResearchBudgetReset.reset_at)).where(ResearchBudgetReset.user_id == user_id)
    )
    return max(midnight, reset) if reset is not None else midnight


def releases_since(user_id: int, moment: datetime) -> int:
    """How many releases the reader was given since moment."""
    return db.session.scalar(
        select(func.count())
        .select_from(ResearchRelease)
        .where(ResearchRelease.user_id == user_id, ResearchRelease.released_at >= moment)
    )


def _ledger(user_id: int) -> list[tuple[Filters, int]]:
    """The populations released to the reader with a table, each with its size then."""
    rows = db.session.execute(
        select(
            ResearchRelease.year_from,
            ResearchRelease.year_to,
            ResearchRelease.language,
            ResearchRelease.referral_source,
            ResearchRelease.site,
            ResearchRelease.population,
        )
        .distinct()
        .where(ResearchRelease.user_id == user_id, ResearchRelease.population.is_not(None))
    )
    return [(Filters(*row[:-1]), row[-1]) for row in rows]


def _closest(filters: Filters, size: int, ledger, counts: Atoms) -> int | None:
    """The smallest non-zero difference between the population and those in the ledger."""
    differences = (
        abs(size - then) if released == filters else counts.difference(filters, released)
        for released, then in ledger
    )
    return min((d for d in differences if d > 0), default=None)


def _checked_ledger(user) -> list[tuple[Filters, int]]:
    """Lock the reader, refuse a spent budget (ReleaseRefused), return their ledger."""
    lock(User, user.id)
    budget = program_settings().research_daily_budget
    if releases_since(user.id, budget_start(user.id)) >= budget:
        raise ReleaseRefused(_budget_message(budget), 429)
    return _ledger(user.id)


def released_table(user, query, k: int) -> tuple[int, ProfileTable]:
    """Check a query against the rules (ReleaseRefused), then publish its table; with the size.

    The population's size is the sum of the table's grouped counts (the same records). The
    atoms are counted only when the ledger holds another population to compare with, and in
    the table's own query when that costs less than a second scan (statistics.can_fold).
    Nothing is published before the check passes.
    """
    ledger = _checked_ledger(user) if is_limited(user) else []
    compared = any(released != query.filters for released, _size in ledger)
    if compared and can_fold(query.dimensions):
        rows, atom_counts = folded_counts(query.dimensions, query.filters)
        counts = Atoms(atom_counts)
    else:
        rows = grouped_counts(query.dimensions, query.filters)
        counts = atoms() if compared else None
    size = sum(row[-2] for row in rows)
    if ledger and size >= k:
        closest = _closest(query.filters, size, ledger, counts)
        if closest is not None and closest < k:
            raise ReleaseRefused(_difference_message(k), 409)
    return size, profile_table(query.dimensions, query.filters, k=k, rows=rows)


def record_release(user, channel: str, dimensions: list[str], filters: Filters, size, k) -> None:
    """Write the release to the ledger and the audit log: the population, never a number."""
    population = size if size >= k else None
    db.session.add(
        ResearchRelease(
            user_id=user.id,
            channel=channel,
            dimensions=",".join(dimensions),
            year_from=filters.year_from,
            year_to=filters.year_to,
            language=filters.language,
            referral_source=filters.referral_source,
            site=filters.site,
            population=population,
        )
    )
    action = "research.export" if channel == "export" else "research.query"
    summary = "statistics exported" if channel == "export" else "statistics queried"
    parameters = {"dimensions": dimensions, **filters.as_dict(), "via": channel}
    record(action, summary, object_type="statistics", data={**parameters, "people": population})


def reset_budget(user: User, *, by) -> None:
    """Let a researcher be given a full day's budget again from now on; audited."""
    db.session.add(ResearchBudgetReset(user_id=user.id, reset_by_id=by.id))
    record(
        "research.budget_reset",
        "statistics budget reset",
        object_type="user",
        object_id=user.id,
        actor=by,
    )


def _budget_message(budget: int) -> str:
    """What a researcher past their budget is told."""
    return _(
        "You have been given %(budget)d tables today, the daily limit."
        " Ask again tomorrow, or ask the coordinator to reset your limit.",
        budget=budget,
    )


def _difference_message(k: int) -> str:
    """What a researcher asking for a population too close to an earlier one is told."""
    return _(
        "This population differs by fewer than %(k)d people from one you were already given:"
        " comparing the two could single people out. Choose a wider period or fewer filters.",
        k=k,
    )
