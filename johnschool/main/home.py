"""What the home pages show: a staff member's next sessions, a researcher's way in."""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..audit.models import AuditEntry
from ..curriculum.models import Session
from ..curriculum.rotation_services import linked_professional, upcoming_assignments
from ..extensions import db
from ..research.labels import dimension_label
from ..research.models import ResearchRecord
from ..research.statistics import research_k

NEXT_SESSIONS = 5
LATEST_EXPORTS = 3
# How an export's logged filters are written in the statistics page's address.
FILTER_ARGS = {
    "year_from": "from",
    "year_to": "to",
    "language": "language",
    "referral_source": "source",
}


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


def published_size(count: int, k: int) -> int | None:
    """The store's size as published: rounded to 5, never under k; None when under k."""
    if count < k:
        return None
    return max(k, 5 * round(count / 5))


def _export(entry: AuditEntry) -> Export:
    """Read an export's logged parameters back into the statistics page's arguments."""
    data = json.loads(entry.data or "{}")
    dimensions = [str(name) for name in data.get("dimensions", [])][:2]
    args = dict(zip(("dim", "by"), dimensions, strict=False))
    args |= {FILTER_ARGS[name]: value for name, value in data.items() if name in FILTER_ARGS}
    return Export(entry.created_at, [str(dimension_label(name)) for name in dimensions], args)


def researcher_home(user) -> dict:
    """The store's published size, k, and the user's latest exports."""
    k = research_k()
    count = db.session.scalar(select(func.count()).select_from(ResearchRecord)) or 0
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "research.export", AuditEntry.actor_id == user.id)
        .order_by(AuditEntry.id.desc())
        .limit(LATEST_EXPORTS)
    )
    return {"k": k, "size": published_size(count, k), "exports": [_export(e) for e in entries]}
