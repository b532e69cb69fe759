"""Account management for the program coordinator."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, load_only

from ..database import utcnow
from ..extensions import db
from ..permissions import ROLES, Role, get_or_404, role_required
from . import bp
from .access import (
    account_criterion,
    account_refusal,
    account_site_choices,
    chosen_account_site,
    get_account_or_404,
)
from .forms import ConfirmForm, EmptyForm, RoleForm, UserForm
from .models import ApiToken, User
from .services import AccountError, change_role, create_user, set_active
from .tokens import create_one_time_link, revoke_api_token


def with_site_choices(form):
    """Offer the sites the signed-in admin may give an account."""
    form.site.choices = account_site_choices(get_locale().language)
    return form


def apply_change(change, success_message):
    """Run an account change: commit and say so, or roll back and show why it was refused."""
    try:
        change()
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    db.session.commit()
    flash(success_message, "success")
    return True


@bp.get("/admin/users")
@role_required(Role.ADMIN)
def users():
    """List accounts, filtered by role, status or a search on name and email."""
    listed = (User.name, User.email, User.role, User.is_active, User.last_login_at, User.site_id)
    query = (
        select(User)
        .options(load_only(*listed), joinedload(User.site))
        .where(account_criterion())
        .order_by(User.name, User.id)
    )
    role, status, q = request.args.get("role"), request.args.get("status"), request.args.get("q")
    if role in ROLES:
        query = query.where(User.role == role)
    if status in ("active", "inactive"):
        query = query.where(User.is_active.is_(status == "active"))
    if q and q.strip():
        pattern = f"%{q.strip().lower()}%"
        query = query.where(or_(User.email.like(pattern), User.name.ilike(pattern)))
    page = db.paginate(query, per_page=25, error_out=False)
    return render_template("auth/users.html", page=page, role=role, status=status, q=q or "")


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    """Create an account and give the coordinator its first one-time link."""
    form = with_site_choices(UserForm())
    if form.validate_on_submit():
        site = chosen_account_site(form.role.data, form.site.data)
        refusal = account_refusal(form.role.data, site)
        try:
            if refusal:
                raise AccountError(refusal)
            user = create_user(
                form.email.data,
                form.name.data,
                form.role.data,
                language=form.language.data,
                site=site,
            )
        except AccountError as error:
            db.session.rollback()
            form.site.errors.append(str(error))
        else:
            secret = create_one_time_link(user, "password_reset", by=current_user)
            db.session.commit()
            return render_template(
                "auth/link_created.html",
                user=user,
                link=url_for("auth.reset_password", secret=secret, _external=True),
            )
    return render_template("auth/user_new.html", form=form), 422 if form.errors else 200


@bp.get("/admin/users/<int:user_id>")
@role_required(Role.ADMIN)
def user_detail(user_id):
    """Show an account with its role, status and tokens."""
    user = get_account_or_404(user_id)
    role_form = with_site_choices(RoleForm(role=user.role, site=str(user.site_id or "")))
    return render_template(
        "auth/user_detail.html",
        user=user,
        now=utcnow(),
        role_form=role_form,
        action_form=EmptyForm(),
    )


@bp.post("/admin/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def user_role(user_id):
    """Change an account's role."""
    user = get_account_or_404(user_id)
    form = with_site_choices(RoleForm())
    if not form.validate_on_submit():
        for error in form.site.errors + form.role.errors:
            flash(str(error), "error")
    else:
        apply_change(
            lambda: change_account(user, form.role.data, form.site.data),
            _("The role was changed. The person's open sessions were ended."),
        )
    return redirect(url_for("auth.user_detail", user_id=user.id))


def change_account(user, role, site_value):
    """Give user role and the chosen site, if the signed-in admin may."""
    site = chosen_account_site(role, site_value)
    refusal = account_refusal(role, site)
    if refusal:
        raise AccountError(refusal)
    change_role(user, role, by=current_user, site=site)


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_deactivate(user_id):
    """Deactivate an account after confirmation; its sessions and tokens stop working."""
    user = get_account_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        apply_change(
            lambda: set_active(user, False, by=current_user), _("The account was deactivated.")
        )
        return redirect(url_for("auth.user_detail", user_id=user.id))
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Deactivate the account of %(name)s?", name=user.name),
        text=_(
            "The person is signed out everywhere and can no longer sign in or use the API. "
            "Nothing is deleted; you can reactivate the account later."
        ),
        cancel_url=url_for("auth.user_detail", user_id=user.id),
    )


@bp.post("/admin/users/<int:user_id>/reactivate")
@role_required(Role.ADMIN)
def user_reactivate(user_id):
    """Reactivate an account."""
    user = get_account_or_404(user_id)
    if EmptyForm().validate_on_submit():
        apply_change(
            lambda: set_active(user, True, by=current_user), _("The account was reactivated.")
        )
    return redirect(url_for("auth.user_detail", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/reset-link")
@role_required(Role.ADMIN)
def user_reset_link(user_id):
    """Create a one-time password link for an account and show it once."""
    user = get_account_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("auth.user_detail", user_id=user.id))
    secret = create_one_time_link(user, "password_reset", by=current_user)
    db.session.commit()
    return render_template(
        "auth/link_created.html",
        user=user,
        link=url_for("auth.reset_password", secret=secret, _external=True),
    )


@bp.route("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_token_revoke(user_id, token_id):
    """Revoke another account's API token, after confirmation."""
    get_account_or_404(user_id)
    token = get_or_404(ApiToken, token_id)
    if token.user_id != user_id:
        abort(404)
    form = ConfirmForm()
    back = url_for("auth.user_detail", user_id=user_id)
    if form.validate_on_submit() and form.confirm.data:
        revoke_api_token(token)
        db.session.commit()
        flash(_("The token was revoked."), "success")
        return redirect(back)
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Revoke the token “%(name)s”?", name=token.name),
        text=_("Programs using this token will stop working at once."),
        cancel_url=back,
    )
