"""Pages of re-offending follow-ups: a case's checks and the list of checks due."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..clock import program_today
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from ..referrals.errors import CaseStateError
from ..referrals.queries import STATE_LABELS
from . import bp
from .follow_up_forms import CATEGORY_LABELS, STATUS_LABELS, STATUS_TAGS, CheckForm
from .follow_ups import (
    FollowUpError,
    due_cases_page,
    due_follow_ups,
    follow_ups_by_case,
    outcome_on,
    record_check,
)

FOLLOW_UP_ROLES = (Role.LIAISON, Role.ADMIN)
PER_PAGE = 50


def case_follow_up_panel(case, form=None):
    """What the case page's follow-up section shows: the checks, and a form when closed."""
    follow_ups = due_follow_ups(case, program_today())
    if form is None and follow_ups:
        form = CheckForm(formdata=None, months=_next_months(follow_ups))
    return {"outcome_on": outcome_on(case), "follow_ups": follow_ups, "form": form}


def _next_months(follow_ups) -> int:
    """The check the form proposes: the first not done, else the last."""
    pending = [f.months for f in follow_ups if f.status != "done"]
    return pending[0] if pending else follow_ups[-1].months


@bp.record_once
def install_template_helpers(state):
    """Let the case page's follow-up section load its data and labels."""
    state.app.jinja_env.globals.update(
        case_follow_up_panel=case_follow_up_panel,
        FOLLOW_UP_STATUS_LABELS=STATUS_LABELS,
        FOLLOW_UP_STATUS_TAGS=STATUS_TAGS,
        OFFENCE_CATEGORY_LABELS=CATEGORY_LABELS,
    )


@bp.post("/cases/<int:case_id>/follow-ups/checks")
@role_required(*FOLLOW_UP_ROLES)
def case_follow_up_check(case_id):
    """Record or correct a re-offending check of a closed case."""
    case = case_or_404(case_id)
    form = CheckForm()
    if not form.validate_on_submit():
        return _check_page(case, form, 422)
    try:
        record_check(case, **form.values(), by=current_user)
    except CaseStateError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _check_page(case, form, 409)
    except FollowUpError as error:
        db.session.rollback()
        getattr(form, error.field).errors = [str(error)]
        return _check_page(case, form, 422)
    db.session.commit()
    flash(_("The %(months)d-month check was saved.", months=form.months.data), "success")
    return redirect(url_for("referrals.case_detail", case_id=case.id, _anchor="follow-ups-title"))


def _check_page(case, form, status):
    """Show the case's checks again with the form as typed, and its errors."""
    panel = case_follow_up_panel(case, form)
    return render_template(
        "research/follow_up_check.html", case=case, panel=panel, STATE_LABELS=STATE_LABELS
    ), status


@bp.get("/follow-ups/due")
@role_required(*FOLLOW_UP_ROLES)
def follow_ups_due():
    """List the closed cases with a re-offending check due or overdue, oldest first."""
    today = program_today()
    page = due_cases_page(today, request.args.get("page", 1, type=int), PER_PAGE, current_user)
    follow_ups = follow_ups_by_case(page.items, today)
    return render_template(
        "research/follow_ups_due.html",
        page=page,
        follow_ups=follow_ups,
        today=today,
        STATE_LABELS=STATE_LABELS,
    )
