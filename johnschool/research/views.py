"""The statistics pages: researchers and the coordinator, never a single row."""

from flask import Response, render_template, request

from ..database import writes_database
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.forms import SOURCE_LABELS
from . import bp
from .chart import bar_chart
from .export import table_csv
from .labels import RATE_LABELS, dimension_label, value_label, value_labels
from .params import read_query
from .rates import attitude_changes, outcome_rates
from .statistics import (
    RECORD_DIMENSIONS,
    item_dimensions,
    profile_table,
    record_use,
    research_k,
)
from .suppression import TOTAL

READERS = (Role.RESEARCHER, Role.ADMIN)
DEFAULT_DIMENSION = "age_band"
EXPORT_NAME = "statistics.csv"


def _asked_query(items: list[str]):
    """The query of the page's arguments: dimension, optional second one, filters."""
    names = [request.args.get("dim") or DEFAULT_DIMENSION]
    if request.args.get("by"):
        names.append(request.args["by"])
    return read_query(names, request.args, items)


@bp.get("/research")
@role_required(*READERS)
@writes_database
def statistics():
    """Show a suppressed table, its chart, completion, re-offending and attitude changes."""
    items = item_dimensions()
    query = _asked_query(items)
    profile = rates = changes = None
    k = research_k()
    if not query.errors:
        profile = profile_table(query.dimensions, query.filters, k=k)
        rates = outcome_rates(query.filters, k=k)
        changes = attitude_changes(query.filters, k=k)
        record_use("research.query", query.as_dict())
        db.session.commit()
    labels = value_labels(query.dimensions) if profile else {}
    return render_template(
        "research/statistics.html",
        query=query,
        dimensions=[*RECORD_DIMENSIONS, *items],
        profile=profile,
        chart=bar_chart(profile, labels) if profile and profile.table else None,
        labels=labels,
        rates=rates,
        changes=changes,
        args=request.args,
        k=k,
        TOTAL=TOTAL,
        source_labels=SOURCE_LABELS.translated(),
        RATE_LABELS=RATE_LABELS,
        dimension_label=dimension_label,
        value_label=value_label,
    ), 422 if query.errors else 200


@bp.get("/research/export.csv")
@role_required(*READERS)
@writes_database
def export():
    """Download the table of the page's arguments as CSV, under a neutral file name."""
    query = _asked_query(item_dimensions())
    if query.errors:
        return Response("\r\n".join(query.errors.values()), 422, mimetype="text/plain")
    profile = profile_table(query.dimensions, query.filters)
    record_use("research.export", query.as_dict())
    db.session.commit()
    return Response(
        table_csv(profile),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"'},
    )
