"""API endpoint of the research statistics: protected counts, never a row."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from ..database import writes_database
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..research.params import read_query
from ..research.perturbation import ADDITIVE
from ..research.releases import ReleaseRefused, record_release, released_table
from ..research.statistics import item_dimensions, research_k
from . import bp


@bp.get("/stats/profile")
@role_required(Role.RESEARCHER, Role.ADMIN)
@writes_database
def stats_profile():
    """Count the store by one or two dimensions: {"k", "cells", "suppressed", "additive"}."""
    names = [name.strip() for name in (request.args.get("dims") or "").split(",") if name.strip()]
    query = read_query(names, request.args, item_dimensions())
    if query.errors:
        return json_error(422, _("The query is not valid."), query.errors)
    k = research_k()
    try:
        size, profile = released_table(current_user, query, k)
    except ReleaseRefused as refused:
        db.session.rollback()
        return json_error(refused.status, refused.message)
    record_release(current_user, "api", query.dimensions, query.filters, size, k)
    db.session.commit()
    table = profile.table
    return jsonify(
        k=profile.k,
        cells=profile.cells(),
        suppressed=table.suppressed if table else 0,
        additive=ADDITIVE,
    )
