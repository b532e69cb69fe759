"""Pages of the court liaison: referral form, case list, case page and its actions."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.services import record
from ..database import writes_database
from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .access import case_for_update_or_404, case_or_404, listed_sites
from .duplicates import can_close_as_duplicate, duplicate_choices
from .fees import record_payment, reduce_fee, waive_fee
from .forms import (
    DECISION_LABELS,
    METHOD_LABELS,
    SOURCE_LABELS,
    AdmitForm,
    ConsentForm,
    DuplicateForm,
    OverrideForm,
    PaymentForm,
    ReduceFeeForm,
    ReturnForm,
    ScreenForm,
    WaiveFeeForm,
    referral_form,
)
from .letter_files import outcome_letter_file, screening_letter_file
from .models import CASE_STATES
from .queries import (
    ACTION_LABELS,
    OUTCOME_TAGS,
    RESULT_LABELS,
    RULE_LABELS,
    STATE_LABELS,
    case_details,
    case_page,
    case_page_options,
    money,
    unknown_codes,
)
from .services import (
    OVERRIDABLE,
    RETURNABLE,
    SCREENABLE,
    CaseStateError,
    create_referral,
    override_decision,
    record_admission,
    record_consent,
    return_to_prosecutor,
    screen_case,
)

CASE_ROLES = (Role.LIAISON, Role.ADMIN)
ACTION_FORMS = {
    "screen_form": ScreenForm,
    "consent_form": ConsentForm,
    "admit_form": AdmitForm,
    "override_form": OverrideForm,
    "return_form": ReturnForm,
    "duplicate_form": DuplicateForm,
    "payment_form": PaymentForm,
    "reduce_form": ReduceFeeForm,
    "waive_form": WaiveFeeForm,
}


@bp.context_processor
def labels():
    """Give the referral pages their coded labels."""
    return {
        "STATE_LABELS": STATE_LABELS,
        "DECISION_LABELS": DECISION_LABELS,
        "SOURCE_LABELS": SOURCE_LABELS,
        "RULE_LABELS": RULE_LABELS,
        "RESULT_LABELS": RESULT_LABELS,
        "ACTION_LABELS": ACTION_LABELS,
        "OUTCOME_TAGS": OUTCOME_TAGS,
        "METHOD_LABELS": METHOD_LABELS,
        "money": money,
    }


@bp.get("/cases")
@role_required(*CASE_ROLES)
def cases():
    """List the cases, newest first, searched by name or court file and filtered by state."""
    q, state = request.args.get("q", ""), request.args.get("state", "")
    sites = listed_sites()
    site_id = request.args.get("site", type=int)
    site_id = site_id if any(site.id == site_id for site in sites) else None
    page = case_page(q, state, request.args.get("page", 1, type=int), site_id)
    return render_template(
        "referrals/cases.html",
        page=page,
        q=q,
        state=state,
        states=CASE_STATES,
        sites=sites,
        site_id=site_id,
    )


@bp.route("/cases/new", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def new_case():
    """Enter a referral; it is screened at once, and belongs to the user's site (or the chosen)."""
    form = referral_form()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("referrals/new.html", form=form), status
    try:
        case = create_referral(
            form.client_data(),
            form.referral_data(),
            form.prior_data(),
            by=current_user,
            site_id=form.chosen_site_id(),
        )
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return render_template("referrals/new.html", form=form), 422
    db.session.commit()
    flash_referral_saved(case, form)
    return redirect(url_for("referrals.case_detail", case_id=case.id))


def flash_referral_saved(case, form):
    """Say what screening decided, and warn about sections the catalogue does not know."""
    outcome = DECISION_LABELS[case.latest_decision.effective_outcome]
    flash(_("The referral was saved. Screening outcome: %(outcome)s.", outcome=outcome), "success")
    for code in unknown_codes([form.offence_code.data]):
        flash(
            _("Section %(code)s is not in the catalogue: check the charge.", code=code), "warning"
        )
    for code in unknown_codes(prior["offence_code"] for prior in form.prior_data()):
        flash(
            _("Section %(code)s is not in the catalogue: the case goes to review.", code=code),
            "warning",
        )


@bp.get("/cases/<int:case_id>")
@role_required(*CASE_ROLES)
@writes_database
def case_detail(case_id):
    """Show a case at a glance, with the actions its state allows; the view is logged.

    The entry is committed once the page is rendered: committing first would expire the
    case and reload it, row by row, while the page is built.
    """
    case = case_or_404(case_id, options=case_page_options())
    record("case.viewed", "case page viewed", object_type="case", object_id=case.id)
    page = render_case(case)
    db.session.commit()
    return page


def render_case(case, status=200, **forms):
    """Render the case page; forms given (with their errors) replace the blank ones."""
    blank = {name: form_class(formdata=None) for name, form_class in ACTION_FORMS.items()}
    details = case_details(case)
    duplicates = details["possible_duplicates"]
    allowed = {
        "screen": case.state in SCREENABLE,
        "consent": case.state == "eligible",
        "admit": case.state == "consented",
        "override": case.state in OVERRIDABLE and current_user.role == Role.ADMIN,
        "return": case.state in RETURNABLE,
        "close_duplicate": can_close_as_duplicate(case, duplicates),
    }
    fee, is_admin = case.fee, current_user.role == Role.ADMIN
    fee_allowed = {
        "pay": fee is not None and details["balance"] > 0,
        "adjust": fee is not None and not fee.is_waived and is_admin,
    }
    context = {**blank, **forms, **details}
    context["duplicate_form"].original_id.choices = duplicate_choices(duplicates)
    return render_template(
        "referrals/case.html", case=case, allowed=allowed, fee_allowed=fee_allowed, **context
    ), status


def load_case_for_update(case_id):
    """Load a case the user reaches to change, locked, or answer 404."""
    return case_for_update_or_404(case_id)


def run_action(case, form_name, form, change, success_message):
    """Validate the form, make one change, commit and go back to the case page.

    A change the state refuses answers 409 with its message, bad input 422; both roll back.
    """
    if not form.validate_on_submit():
        return render_case(case, 422, **{form_name: form})
    try:
        change(form)
    except CaseStateError as error:
        return refuse(case, error, 409)
    except PermissionError:
        db.session.rollback()
        abort(403)
    except ValueError as error:
        return refuse(case, error, 422, **{form_name: form})
    db.session.commit()
    flash(success_message, "success")
    return redirect(url_for("referrals.case_detail", case_id=case.id))


def refuse(case, error, status, **forms):
    """Roll back, say why, and show the case page again with status."""
    db.session.rollback()
    flash(str(error), "error")
    return render_case(case, status, **forms)


@bp.post("/cases/<int:case_id>/screen")
@role_required(*CASE_ROLES)
def case_screen(case_id):
    """Screen a case again after new information."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "screen_form",
        ScreenForm(),
        lambda form: screen_case(case, by=current_user),
        _("The case was screened again."),
    )


@bp.post("/cases/<int:case_id>/consent")
@role_required(*CASE_ROLES)
def case_consent(case_id):
    """Record the client's consent to an eligible case."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "consent_form",
        ConsentForm(),
        lambda form: record_consent(
            case,
            counsel_advised=form.counsel_advised.data,
            accepts_responsibility=form.accepts_responsibility.data,
            consented_on=form.consented_on.data,
            by=current_user,
        ),
        _("The consent was recorded."),
    )


@bp.post("/cases/<int:case_id>/admit")
@role_required(*CASE_ROLES)
def case_admit(case_id):
    """Record the prosecutor's admission of a consented case."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "admit_form",
        AdmitForm(),
        lambda form: record_admission(
            case,
            prosecutor=form.prosecutor.data,
            admitted_on=form.admitted_on.data,
            by=current_user,
        ),
        _("The admission was recorded."),
    )


@bp.post("/cases/<int:case_id>/override")
@role_required(Role.ADMIN)
def case_override(case_id):
    """Decide a case under review or ineligible, with a written reason (coordinator only)."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "override_form",
        OverrideForm(),
        lambda form: override_decision(case, form.outcome.data, form.reason.data, by=current_user),
        _("The decision was recorded."),
    )


@bp.post("/cases/<int:case_id>/return")
@role_required(*CASE_ROLES)
def case_return(case_id):
    """Send a case back to the prosecutor, once confirmed."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "return_form",
        ReturnForm(),
        lambda form: return_to_prosecutor(case, by=current_user),
        _("The case was returned to the prosecutor."),
    )


def refresh_completion_of(case):
    """Complete the case if the fee was all it lacked (attendance is imported late: no cycle)."""
    from ..attendance.services import refresh_case_completion

    refresh_case_completion(case, by=current_user)


@bp.post("/cases/<int:case_id>/payments")
@role_required(*CASE_ROLES)
def case_payment(case_id):
    """Record a payment towards the fee, with its receipt number."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "payment_form",
        PaymentForm(),
        lambda form: (
            record_payment(
                case,
                form.amount.data,
                method=form.method.data,
                receipt=form.receipt.data,
                paid_on=form.paid_on.data,
                by=current_user,
            ),
            refresh_completion_of(case),
        ),
        _("The payment was recorded."),
    )


@bp.post("/cases/<int:case_id>/fee/reduce")
@role_required(Role.ADMIN)
def case_fee_reduce(case_id):
    """Lower the fee on the sliding scale, with a reason (coordinator only)."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "reduce_form",
        ReduceFeeForm(),
        lambda form: reduce_fee(case, form.amount.data, form.reason.data, by=current_user),
        _("The fee was reduced."),
    )


@bp.post("/cases/<int:case_id>/fee/waive")
@role_required(Role.ADMIN)
def case_fee_waive(case_id):
    """Waive the fee, with a reason, once confirmed (coordinator only)."""
    case = load_case_for_update(case_id)
    return run_action(
        case,
        "waive_form",
        WaiveFeeForm(),
        lambda form: (
            waive_fee(case, form.reason.data, by=current_user),
            refresh_completion_of(case),
        ),
        _("The fee was waived."),
    )


@bp.get("/cases/<int:case_id>/letter")
@role_required(*CASE_ROLES)
@writes_database
def case_letter(case_id):
    """Download the screening letter to the prosecutor, in the client's language; logged."""
    case = case_or_404(case_id)
    letter = screening_letter_file(case, by=current_user)
    if letter is None:
        return refuse(case, _("The case has not been screened yet."), 409)
    db.session.commit()
    return pdf_download(letter)


@bp.get("/cases/<int:case_id>/outcome-letter")
@role_required(*CASE_ROLES)
@writes_database
def case_outcome_letter(case_id):
    """Download the final outcome report to the prosecutor, in the client's language; logged."""
    case = case_or_404(case_id)
    letter = outcome_letter_file(case, by=current_user)
    if letter is None:
        return refuse(
            case,
            _("The outcome report exists once the case is completed, failed or withdrawn."),
            409,
        )
    db.session.commit()
    return pdf_download(letter)


def pdf_download(letter):
    """Answer a letter as a PDF attachment under its neutral name."""
    return Response(
        letter.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{letter.filename}"'},
    )
