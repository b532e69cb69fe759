"""API endpoint of the research statistics: suppressed counts, never a row."""

from flask import jsonify, request
from flask_babel import gettext as _

from ..database import writes_database
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..research.params import read_query
from ..research.statistics import item_dimensions, profile_table, record_use
from . import bp


@bp.get("/stats/profile")
@role_required(Role.RESEARCHER, Role.ADMIN)
@writes_database
def stats_profile():
    """Count the store by one or two dimensions: {"k", "cells", "suppressed"}."""
    names = [name.strip() for name in (request.args.get("dims") or "").split(",") if name.strip()]
    query = read_query(names, request.args, item_dimensions())
    if query.errors:
        return json_error(422, _("The query is not valid."), query.errors)
    profile = profile_table(query.dimensions, query.filters)
    record_use("research.query", {**query.as_dict(), "via": "api"})
    db.session.commit()
    table = profile.table
    return jsonify(
        k=profile.k,
        cells=profile.cells(),
        suppressed=table.suppressed if table else 0,
    )
