"""Sign-in, sign-out, profile, password and API tokens."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import db, limiter
from ..permissions import get_or_404, login_required, require
from ..security import forget_session, start_session
from ..urls import safe_next_url
from . import bp
from .forms import ChangePasswordForm, ConfirmForm, EmptyForm, LoginForm, SetPasswordForm, TokenForm
from .models import ApiToken
from .second_step import begin_second_step
from .services import AccountError, authenticate, change_password, end_all_sessions, record_logout
from .services import set_password as set_user_password
from .tokens import consume_one_time_link, create_api_token, find_one_time_link, revoke_api_token

SECOND_STEP_PAGES = {"code": "auth.login_code", "enrol": "auth.login_enrol"}


def login_rate_limit():
    """The per-address limit on sign-in attempts, from the configuration."""
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        result = authenticate(form.email.data, form.password.data)
        db.session.commit()
        if result.second_step:
            begin_second_step(result.user, request.args.get("next"))
            return redirect(url_for(SECOND_STEP_PAGES[result.second_step]))
        if result.user is not None:
            start_session(result.user)
            login_user(result.user)
            return redirect(safe_next_url(request.args.get("next")))
        form.password.errors.append(
            _(
                "Wrong email address or password. After 5 failures in a row the account is "
                "locked for 15 minutes."
            )
        )
    return render_template("auth/login.html", form=form), 200 if not form.errors else 401


@bp.post("/logout")
@login_required
def logout():
    """Sign out of this session."""
    record_logout(current_user)
    db.session.commit()
    logout_user()
    forget_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """End every session of this account, on every device."""
    form = EmptyForm()
    if form.validate_on_submit():
        end_all_sessions(current_user, reason="signed out everywhere")
        record_logout(current_user)
        db.session.commit()
    logout_user()
    forget_session()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/profile")
@login_required
def profile():
    """Show the account, the password form and the API tokens."""
    return render_template(
        "auth/profile.html",
        password_form=ChangePasswordForm(),
        token_form=TokenForm(),
        action_form=EmptyForm(),
    )


@bp.post("/profile/password")
@login_required
@limiter.limit(login_rate_limit)
def change_password_view():
    """Change one's own password; other sessions end, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except AccountError as error:
            db.session.rollback()
            form.new_password.errors.append(str(error))
        else:
            db.session.commit()
            start_session(current_user)
            login_user(current_user._get_current_object())
            flash(_("Your password was changed. Your other sessions have been ended."), "success")
            return redirect(url_for("auth.profile"))
    return render_template(
        "auth/profile.html", password_form=form, token_form=TokenForm(), action_form=EmptyForm()
    ), 422


@bp.post("/profile/tokens")
@login_required
def create_token():
    """Create an API token and show it once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/profile.html",
            password_form=ChangePasswordForm(),
            token_form=form,
            action_form=EmptyForm(),
        ), 422
    token, secret = create_api_token(current_user, form.name.data)
    db.session.commit()
    return render_template("auth/token_created.html", token=token, secret=secret)


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke_token(token_id):
    """Revoke one of one's own tokens, after confirmation."""
    token = get_or_404(ApiToken, token_id)
    require(token.user_id == current_user.id)
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        revoke_api_token(token)
        db.session.commit()
        flash(_("The token was revoked."), "success")
        return redirect(url_for("auth.profile"))
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Revoke the token “%(name)s”?", name=token.name),
        text=_("Programs using this token will stop working at once."),
        cancel_url=url_for("auth.profile"),
    )


@bp.route("/reset/<secret>", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def reset_password(secret):
    """Choose a new password from a one-time link."""
    link = find_one_time_link(secret, "password_reset")
    if link is None:
        db.session.rollback()
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_user_password(link.user, form.new_password.data, reason="password reset by link")
        except AccountError as error:
            db.session.rollback()
            form.new_password.errors.append(str(error))
        else:
            consume_one_time_link(link)
            db.session.commit()
            flash(_("Your password is set. You can now sign in."), "success")
            return redirect(url_for("auth.login"))
    db.session.rollback()
    return render_template("auth/set_password.html", form=form)
