"""Completion and re-offending rates, and attitude changes: suppressed and rounded like tables."""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from ..extensions import db
from .models import FOLLOW_UP_MONTHS, ResearchAttitude, ResearchRecord
from .statistics import FINISHED, Filters, Rounding, research_k


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


def _published(value: int, k: int, rounding: Rounding, definition: dict) -> int | None:
    """A count as published: hidden under k (zero too), rounded otherwise."""
    return None if value < k else rounding.rounded(value, definition)


def outcome_rates(filters: Filters, *, k: int | None = None) -> list[Rate] | None:
    """Completion among finished cases, and re-offending at 6, 12 and 24 months."""
    k = research_k() if k is None else k
    aggregates = [
        func.count(),
        func.coalesce(func.sum(ResearchRecord.id), 0),
        func.sum(case((ResearchRecord.outcome == "completed", 1), else_=0)),
        func.sum(case((ResearchRecord.outcome.in_(FINISHED), 1), else_=0)),
    ]
    for months in FOLLOW_UP_MONTHS:
        column = getattr(ResearchRecord, f"reoffended_{months}")
        aggregates.append(func.sum(case((column.is_(True), 1), else_=0)))
        aggregates.append(func.sum(case((column.is_not(None), 1), else_=0)))
    row = db.session.execute(select(*aggregates).where(*filters.clauses())).one()
    population, id_sum, *sums = (int(value or 0) for value in row)
    if population < k:
        return None
    rounding = Rounding(population, id_sum)
    labels = ["completion", *(f"reoffended_{months}" for months in FOLLOW_UP_MONTHS)]
    return [
        Rate(
            label,
            _published(sums[2 * i], k, rounding, {"rate": label, "part": "numerator"}),
            _published(sums[2 * i + 1], k, rounding, {"rate": label, "part": "denominator"}),
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
    """The mean change per attitude item, only for items that at least k answered twice."""
    k = research_k() if k is None else k
    both = and_(ResearchAttitude.before.is_not(None), ResearchAttitude.after.is_not(None))
    query = (
        select(
            ResearchAttitude.item_code,
            func.count(),
            func.avg(ResearchAttitude.after - ResearchAttitude.before),
            func.sum(ResearchRecord.id),
        )
        .join(ResearchRecord, ResearchRecord.id == ResearchAttitude.record_id)
        .where(both, *filters.clauses())
        .group_by(ResearchAttitude.item_code)
        .having(func.count() >= k)
        .order_by(ResearchAttitude.item_code)
    )
    changes = []
    for code, count, mean, id_sum in db.session.execute(query):
        rounding = Rounding(count, int(id_sum))
        shown = rounding.rounded(count, {"attitude": code})
        changes.append(AttitudeChange(code, shown, round(float(mean), 1)))
    return changes
