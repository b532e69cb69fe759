"""One's own second factors: the authenticator app, recovery codes and passkeys."""

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.services import record
from ..database import writes_database
from ..extensions import db
from ..permissions import get_own_or_404, login_required
from . import bp
from .forms import ConfirmForm, EmptyForm
from .mfa import (
    confirm_enrolment,
    is_required,
    pending_secret,
    provisioning_uri,
    qr_code_data_uri,
    replace_recovery_codes,
    turn_off_second_factor,
    unused_recovery_codes,
)
from .mfa_forms import EnrolmentForm
from .mfa_models import Passkey
from .passkeys import (
    PasskeyError,
    register_passkey,
    registration_options,
    remove_passkey,
    user_passkeys,
)


def enrolment_page(form, status=200):
    """The page to add an authenticator app: QR code, secret as text, first code."""
    secret = pending_secret(current_user)
    db.session.commit()
    uri = provisioning_uri(current_user, secret)
    return render_template(
        "auth/two_step_enrol.html", form=form, secret=secret, qr_code=qr_code_data_uri(uri)
    ), status


@bp.get("/profile/two-step")
@login_required
@writes_database
def two_step():
    """Show one's second factors, or the page to add an authenticator app."""
    if not current_user.has_second_factor:
        return enrolment_page(EnrolmentForm())
    return render_template(
        "auth/two_step.html",
        codes_left=unused_recovery_codes(current_user),
        passkeys=user_passkeys(current_user),
        is_required=is_required(current_user),
        action_form=EmptyForm(),
    )


@bp.post("/profile/two-step")
@login_required
def two_step_confirm():
    """Put the authenticator app in effect with its first code; show the recovery codes."""
    if current_user.has_second_factor:
        return redirect(url_for("auth.two_step"))
    form = EnrolmentForm()
    if form.validate_on_submit():
        codes = confirm_enrolment(current_user, form.code.data)
        if codes:
            db.session.commit()
            flash(_("Two-step verification is on."), "success")
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.two_step")
            )
        record(
            "auth.mfa_failed",
            "wrong code at enrolment",
            object_type="user",
            object_id=current_user.id,
            outcome="failure",
        )
        db.session.commit()
        form.code.errors.append(_("This code is not valid. Check the app and try again."))
    return enrolment_page(form, 422)


@bp.route("/profile/two-step/recovery-codes", methods=["GET", "POST"])
@login_required
def recovery_codes():
    """Replace one's recovery codes after confirmation, and show the new ones once."""
    if not current_user.has_second_factor:
        return redirect(url_for("auth.two_step"))
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        codes = replace_recovery_codes(current_user)
        db.session.commit()
        return render_template(
            "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.two_step")
        )
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Create new recovery codes?"),
        text=_("Your current recovery codes will stop working at once."),
        cancel_url=url_for("auth.two_step"),
    )


@bp.route("/profile/two-step/remove", methods=["GET", "POST"])
@login_required
def two_step_remove():
    """Turn two-step verification off, where the role does not require it."""
    if not current_user.has_second_factor:
        return redirect(url_for("auth.two_step"))
    if is_required(current_user):
        flash(_("Your role requires two-step verification: it cannot be turned off."), "error")
        return redirect(url_for("auth.two_step"))
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        turn_off_second_factor(current_user)
        db.session.commit()
        flash(_("Two-step verification is off."), "success")
        return redirect(url_for("auth.two_step"))
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Turn two-step verification off?"),
        text=_("Your password alone will then be enough to sign in."),
        cancel_url=url_for("auth.two_step"),
    )


@bp.post("/profile/passkeys/options")
@login_required
def passkey_options():
    """Give the browser what it needs to create a passkey for this account."""
    if not current_user.has_second_factor:
        return jsonify(error="no_authenticator"), 409
    options = registration_options(current_user)
    db.session.rollback()
    return current_app.response_class(options, mimetype="application/json")


@bp.post("/profile/passkeys")
@login_required
def passkey_add():
    """Keep the passkey the browser created."""
    body = request.get_json(silent=True) or {}
    if not current_user.has_second_factor or not isinstance(body.get("credential"), dict):
        return jsonify(error="invalid", message=_("The passkey could not be added.")), 400
    try:
        register_passkey(current_user, body["credential"], str(body.get("name") or ""))
    except PasskeyError:
        db.session.rollback()
        return jsonify(error="refused", message=_("The passkey could not be added.")), 400
    db.session.commit()
    flash(_("The passkey was added."), "success")
    return jsonify(redirect=url_for("auth.two_step")), 201


@bp.route("/profile/passkeys/<int:passkey_id>/remove", methods=["GET", "POST"])
@login_required
def passkey_remove(passkey_id):
    """Remove one of one's passkeys, after confirmation."""
    passkey = get_own_or_404(Passkey, passkey_id, lambda key: key.user_id == current_user.id)
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        remove_passkey(passkey)
        db.session.commit()
        flash(_("The passkey was removed."), "success")
        return redirect(url_for("auth.two_step"))
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Remove the passkey “%(name)s”?", name=passkey.name),
        text=_("You can still sign in with your authenticator app or a recovery code."),
        cancel_url=url_for("auth.two_step"),
    )
