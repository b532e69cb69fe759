"""The statistics pages: researchers and the coordinator, never a single row."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import User
from ..database import writes_database
from ..extensions import db
from ..permissions import Role, get_or_404, role_required
from ..referrals.forms import SOURCE_LABELS
from ..referrals.settings import program_settings
from . import bp
from .chart import bar_chart
from .export import table_csv
from .labels import (
    CHANNEL_LABELS,
    RATE_LABELS,
    dimension_labels,
    item_labels,
    site_labels,
    value_label,
    value_labels,
)
from .params import period_choices, period_text, read_query
from .perturbation import PERTURBATION, SPREAD
from .rates import attitude_changes, outcome_rates
from .release_queries import budget_lines, release_page
from .releases import ReleaseRefused, record_release, released_table, reset_budget
from .statistics import RECORD_DIMENSIONS, item_dimensions, research_k
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
    """Show a protected table, its chart, completion, re-offending and attitude changes."""
    items = item_dimensions()
    query = _asked_query(items)
    profile = rates = changes = refusal = None
    k = research_k()
    if not query.errors:
        try:
            size, profile = released_table(current_user, query, k)
        except ReleaseRefused as refused:
            db.session.rollback()
            refusal = refused
        else:
            rates = outcome_rates(query.filters, k=k)
            changes = attitude_changes(query.filters, k=k)
            record_release(current_user, "page", query.dimensions, query.filters, size, k)
            db.session.commit()
    labels = value_labels(query.dimensions) if profile else {}
    status = 422 if query.errors else (refusal.status if refusal else 200)
    return render_template(
        "research/statistics.html",
        query=query,
        dimensions=[*RECORD_DIMENSIONS, *items],
        dimension_names=dimension_labels([*RECORD_DIMENSIONS, *items]),
        item_names=item_labels([change.item_code for change in changes or []]),
        periods=period_choices(),
        period_text=period_text,
        profile=profile,
        refusal=refusal,
        chart=bar_chart(profile, labels) if profile and profile.table else None,
        labels=labels,
        rates=rates,
        changes=changes,
        args=request.args,
        k=k,
        TOTAL=TOTAL,
        PERTURBATION=PERTURBATION,
        SPREAD=SPREAD,
        source_labels=SOURCE_LABELS.translated(),
        site_labels=site_labels(),
        RATE_LABELS=RATE_LABELS,
        value_label=value_label,
    ), status


@bp.get("/research/export.csv")
@role_required(*READERS)
@writes_database
def export():
    """Download the table of the page's arguments as CSV, under a neutral file name."""
    query = _asked_query(item_dimensions())
    if query.errors:
        return Response("\r\n".join(query.errors.values()), 422, mimetype="text/plain")
    k = research_k()
    try:
        size, profile = released_table(current_user, query, k)
    except ReleaseRefused as refused:
        db.session.rollback()
        return Response(refused.message, refused.status, mimetype="text/plain")
    record_release(current_user, "export", query.dimensions, query.filters, size, k)
    db.session.commit()
    return Response(
        table_csv(profile),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"'},
    )


@bp.get("/research/budgets")
@role_required(Role.ADMIN)
def budgets():
    """Show each researcher's use of today's budget, and the log of every release."""
    page = release_page(request.args.get("page", 1, type=int))
    return render_template(
        "research/budgets.html",
        lines=budget_lines(),
        budget=program_settings().research_daily_budget,
        page=page,
        dimension_names=dimension_labels(list(RECORD_DIMENSIONS)),
        CHANNEL_LABELS=CHANNEL_LABELS,
        source_labels=SOURCE_LABELS.translated(),
        site_labels=site_labels(),
    )


@bp.post("/research/budgets/<int:user_id>/reset")
@role_required(Role.ADMIN)
def reset(user_id):
    """Give a researcher a full day's budget again from now on."""
    user = get_or_404(User, user_id)
    if user.role != Role.RESEARCHER:
        abort(404)
    reset_budget(user, by=current_user)
    db.session.commit()
    flash(_("The budget of %(name)s was reset.", name=user.name), "success")
    return redirect(url_for("research.budgets"))
