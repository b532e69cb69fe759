"""What the coordinator sees of the statistics releases: budgets used and the release log."""

from typing import NamedTuple

from sqlalchemy import func, literal, select

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..pagination import paginate_rows
from ..permissions import Role
from .models import ResearchBudgetReset, ResearchRelease
from .releases import day_start

PER_PAGE = 50


class BudgetLine(NamedTuple):
    """A researcher's use of today's budget."""

    user: User
    used: int
    last_release_at: object


def budget_lines() -> list[BudgetLine]:
    """Every researcher with the releases counting against today's budget: one query."""
    last_reset = (
        select(func.max(ResearchBudgetReset.reset_at))
        .where(ResearchBudgetReset.user_id == User.id)
        .scalar_subquery()
    )
    midnight = literal(day_start(), UTCDateTime())
    since = func.coalesce(last_reset, midnight)
    counted = ResearchRelease.released_at >= midnight
    used = (
        select(func.count())
        .where(ResearchRelease.user_id == User.id, counted, ResearchRelease.released_at >= since)
        .scalar_subquery()
    )
    last = (
        select(func.max(ResearchRelease.released_at))
        .where(ResearchRelease.user_id == User.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(User, used, last).where(User.role == Role.RESEARCHER).order_by(User.name, User.id)
    )
    return [BudgetLine(*row) for row in rows]


def release_page(page: int):
    """One page of the release log, the latest first, with each reader's name."""
    query = (
        select(ResearchRelease, User.name, User.role)
        .join(User, User.id == ResearchRelease.user_id)
        .order_by(ResearchRelease.released_at.desc(), ResearchRelease.id.desc())
    )
    count = select(func.count()).select_from(ResearchRelease)
    return paginate_rows(query, lambda: db.session.scalar(count), page, PER_PAGE)
