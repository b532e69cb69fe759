"""What the home pages show: a staff member's next sessions, a researcher's way in."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..curriculum.models import Session
from ..curriculum.rotation_services import linked_professional, upcoming_assignments
from ..extensions import db
from ..research.labels import dimension_labels
from ..research.models import ResearchRecord, ResearchRelease
from ..research.params import period_text
from ..research.statistics import published_count, research_k

NEXT_SESSIONS = 5
LATEST_EXPORTS = 3


@dataclass(frozen=True)
class StaffHome:
    """The next sessions a staff member runs, and whether more are coming."""

    is_linked: bool
    sessions: list[Session]
    has_more: bool


def staff_home(user) -> StaffHome:
    """The first sessions from today on that user teaches or backs up."""
    professional = linked_professional(user)
    if professional is None:
        return StaffHome(False, [], False)
    rows = list(db.session.scalars(upcoming_assignments(professional).limit(NEXT_SESSIONS + 1)))
    return StaffHome(True, rows[:NEXT_SESSIONS], len(rows) > NEXT_SESSIONS)


@dataclass(frozen=True)
class Export:
    """One export a researcher made: when, its dimensions by name, and the page's arguments."""

    created_at: datetime
    dimensions: list[str]
    args: dict


def store_size(k: int) -> int | None:
    """The store's size as every table's grand total publishes it (cell-key); None under k."""
    count, key_sum = db.session.execute(
        select(func.count(), func.coalesce(func.sum(ResearchRecord.cell_key), 0))
    ).one()
    return published_count(count, int(key_sum), k)


def _export(release: ResearchRelease, names: dict) -> Export:
    """An export's population and dimensions as the statistics page's arguments."""
    dimensions = release.dimensions.split(",")[:2]
    args = dict(zip(("dim", "by"), dimensions, strict=False))
    filters = {
        "period": period_text(release.year_from, release.year_to),
        "language": release.language,
        "source": release.referral_source,
    }
    args |= {name: value for name, value in filters.items() if value}
    return Export(release.released_at, [str(names.get(d, d)) for d in dimensions], args)


def researcher_home(user) -> dict:
    """The store's published size, k, and the user's latest exports."""
    k = research_k()
    releases = db.session.scalars(
        select(ResearchRelease)
        .where(ResearchRelease.user_id == user.id, ResearchRelease.channel == "export")
        .order_by(ResearchRelease.released_at.desc(), ResearchRelease.id.desc())
        .limit(LATEST_EXPORTS)
    ).all()
    codes = sorted({code for release in releases for code in release.dimensions.split(",")})
    names = dimension_labels(codes)
    return {"k": k, "size": store_size(k), "exports": [_export(r, names) for r in releases]}
