"""The second step of signing in: a code, a passkey, or enrolment when the role requires it."""

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user

from ..audit.services import record
from ..database import utcnow, writes_database
from ..extensions import db, limiter
from ..security import start_session
from ..urls import safe_next_url
from . import bp
from .mfa import (
    check_second_factor,
    confirm_enrolment,
    pending_secret,
    provisioning_uri,
    qr_code_data_uri,
)
from .mfa_forms import EnrolmentForm, SecondStepForm
from .passkeys import authentication_options, check_passkey, user_passkeys
from .second_step import end_second_step, has_expired_step, pending_user, second_step_next_url
from .services import complete_login, register_failed_login, second_step_for
from .views import login_rate_limit


def locked_message():
    """What a person whose account is locked is told."""
    return _("Too many failed attempts: the account is locked for 15 minutes.")


def restart_sign_in():
    """Send the visitor back to the password, saying why when the step ran out of time."""
    if has_expired_step():
        flash(_("The time to enter the code ran out. Please sign in again."), "info")
    end_second_step()
    db.session.rollback()
    return redirect(url_for("auth.login"))


def finish_sign_in(user, method):
    """Open the session once the second factor is accepted; return where to go next."""
    next_url = safe_next_url(second_step_next_url())
    complete_login(user, method)
    db.session.commit()
    start_session(user)
    login_user(user)
    return next_url


def refuse_code(user, form, what):
    """Count a wrong code toward the lock-out; answer the form again or the sign-in page."""
    register_failed_login(user, what)
    db.session.commit()
    if user.is_locked(utcnow()):
        end_second_step()
        flash(locked_message(), "error")
        return redirect(url_for("auth.login"))
    form.code.errors.append(_("This code is not valid. Check the app and try again."))
    return None


def refuse_locked(user):
    """End the step of a locked account, as the password would be refused."""
    record(
        "auth.login_refused",
        "login refused: account locked",
        object_type="user",
        object_id=user.id,
        outcome="denied",
        actor=user,
    )
    db.session.commit()
    end_second_step()
    flash(locked_message(), "error")
    return redirect(url_for("auth.login"))


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login_code():
    """Ask for the code of the authenticator app (or a recovery code, or a passkey)."""
    user = pending_user(for_update=request.method == "POST")
    if user is None or second_step_for(user) != "code":
        return restart_sign_in()
    form = SecondStepForm()
    if form.validate_on_submit():
        if user.is_locked(utcnow()):
            return refuse_locked(user)
        method = check_second_factor(user, form.code.data)
        if method:
            return redirect(finish_sign_in(user, method))
        refused = refuse_code(user, form, "wrong second-factor code")
        if refused is not None:
            return refused
    has_passkeys = bool(user_passkeys(user))
    db.session.rollback()
    return render_template(
        "auth/login_code.html", form=form, has_passkeys=has_passkeys
    ), 401 if form.errors else 200


@bp.route("/login/enrol", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
@writes_database
def login_enrol():
    """Have a user whose role requires a second factor add one before going anywhere."""
    user = pending_user(for_update=True)
    if user is None or second_step_for(user) != "enrol":
        return restart_sign_in()
    secret = pending_secret(user)
    form = EnrolmentForm()
    if form.validate_on_submit():
        if user.is_locked(utcnow()):
            return refuse_locked(user)
        codes = confirm_enrolment(user, form.code.data, method="sign-in")
        if codes:
            next_url = finish_sign_in(user, "totp")
            return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
        refused = refuse_code(user, form, "wrong code at enrolment")
        if refused is not None:
            return refused
    db.session.commit()
    uri = provisioning_uri(user, secret)
    return render_template(
        "auth/login_enrol.html", form=form, secret=secret, qr_code=qr_code_data_uri(uri)
    ), 401 if form.errors else 200


@bp.post("/login/passkey/options")
@limiter.limit(login_rate_limit)
def login_passkey_options():
    """Give the browser what it needs to sign with one of the account's passkeys."""
    user = pending_user()
    if user is None or second_step_for(user) != "code" or not user_passkeys(user):
        db.session.rollback()
        return jsonify(error="no_step", redirect=url_for("auth.login")), 400
    options = authentication_options(user)
    db.session.rollback()
    return current_app.response_class(options, mimetype="application/json")


@bp.post("/login/passkey")
@limiter.limit(login_rate_limit)
def login_passkey():
    """Check the passkey's signature and finish signing in."""
    user = pending_user(for_update=True)
    if user is None or second_step_for(user) != "code":
        db.session.rollback()
        return jsonify(error="no_step", redirect=url_for("auth.login")), 400
    if user.is_locked(utcnow()):
        refuse_locked(user)
        return jsonify(error="locked", redirect=url_for("auth.login")), 403
    if check_passkey(user, request.get_json(silent=True) or {}):
        return jsonify(redirect=finish_sign_in(user, "passkey"))
    register_failed_login(user, "passkey refused")
    db.session.commit()
    return jsonify(error="refused", message=_("The passkey was not accepted.")), 400
