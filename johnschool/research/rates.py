"""Completion and re-offending rates, and attitude changes: suppressed and perturbed like tables.

Each published count is a set of people (those completed, those finished, those checked
at 12 months…) and goes through the cell-key method with the sum of their keys.
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from ..extensions import db
from .models import FOLLOW_UP_MONTHS, ResearchAttitude, ResearchRecord
from .perturbation import cell_key, shift_of
from .statistics import FINISHED, Filters, published_count, research_k


@dataclass
class Rate:
    """A published rate: numerator and denominator as published, the rate when both are."""

    label: str
    numerator: int | None
    denominator: int | None

    @property
    def percent(self) -> float | None:
        """The rate in percent, or None when a count is hidden."""
        if self.numerator is None or not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)


def _counted(condition, key) -> list:
    """The count and the key sum of the records meeting condition."""
    return [
        func.sum(case((condition, 1), else_=0)),
        func.sum(case((condition, key), else_=0)),
    ]


def outcome_rates(filters: Filters, *, k: int | None = None) -> list[Rate] | None:
    """Completion among finished cases, and re-offending at 6, 12 and 24 months."""
    k = research_k() if k is None else k
    key = ResearchRecord.cell_key
    aggregates = [
        func.count(),
        *_counted(ResearchRecord.outcome == "completed", key),
        *_counted(ResearchRecord.outcome.in_(FINISHED), key),
    ]
    for months in FOLLOW_UP_MONTHS:
        column = getattr(ResearchRecord, f"reoffended_{months}")
        aggregates += [*_counted(column.is_(True), key), *_counted(column.is_not(None), key)]
    row = db.session.execute(select(*aggregates).where(*filters.clauses())).one()
    population, *sums = (int(value or 0) for value in row)
    if population < k:
        return None
    labels = ["completion", *(f"reoffended_{months}" for months in FOLLOW_UP_MONTHS)]
    return [
        Rate(
            label,
            published_count(sums[4 * i], sums[4 * i + 1], k),
            published_count(sums[4 * i + 2], sums[4 * i + 3], k),
        )
        for i, label in enumerate(labels)
    ]


@dataclass
class AttitudeChange:
    """The mean change of one Likert item, after minus before, over those who answered both."""

    item_code: str
    answered_both: int
    mean_change: float


def attitude_changes(filters: Filters, *, k: int | None = None) -> list[AttitudeChange]:
    """The mean change per attitude item, only for items that at least k answered twice.

    The mean is the perturbed sum of the changes over the true count, to one decimal.
    """
    k = research_k() if k is None else k
    both = and_(ResearchAttitude.before.is_not(None), ResearchAttitude.after.is_not(None))
    query = (
        select(
            ResearchAttitude.item_code,
            func.count(),
            func.sum(ResearchAttitude.after - ResearchAttitude.before),
            func.sum(ResearchRecord.cell_key),
        )
        .join(ResearchRecord, ResearchRecord.id == ResearchAttitude.record_id)
        .where(both, *filters.clauses())
        .group_by(ResearchAttitude.item_code)
        .having(func.count() >= k)
        .order_by(ResearchAttitude.item_code)
    )
    changes = []
    for code, count, total, key_sum in db.session.execute(query):
        shown = published_count(count, int(key_sum), k)
        # The sum of the changes is perturbed by the same people's shift, as their count is.
        mean = (int(total) + shift_of(cell_key(int(key_sum)))) / count
        changes.append(AttitudeChange(code, shown, round(mean, 1)))
    return changes
