"""The coordinator's pages for the modules of the curriculum and the professionals."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .access import professional_or_404
from .errors import CurriculumError
from .forms import (
    LoginLinkForm,
    ModuleForm,
    ProfessionalForm,
    UnavailableDayForm,
    chosen_site_id,
    show_errors,
)
from .models import Module, Professional
from .professionals import (
    add_unavailable_day,
    create_professional,
    link_login,
    remove_unavailable_day,
    set_professional_active,
    unlink_login,
    update_professional,
)
from .queries import logins_of, module_page, professional_page, professional_with_details
from .services import create_module, update_module
from .views import confirm_action, load_for_update, page_number, refused


@bp.get("/admin/modules")
@role_required(Role.ADMIN)
def modules():
    """List the modules of the curriculum in the order they are given."""
    return render_template("curriculum/modules.html", page=module_page(page_number()))


def save_form(form, template, change, done, **context):
    """Validate, make one change, commit and go to the page change returns; else show errors."""
    if form.validate_on_submit():
        try:
            target = change(form)
        except CurriculumError as error:
            db.session.rollback()
            show_errors(form, error.fields or {"": error})
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(target)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


@bp.route("/admin/modules/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def module_new():
    """Add a module to the curriculum."""

    def change(form):
        create_module(form.code.data, form.values(), by=current_user)
        return url_for("curriculum.modules")

    return save_form(
        ModuleForm(), "curriculum/module_form.html", change, _("The module was added."), module=None
    )


@bp.route("/admin/modules/<int:module_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def module_edit(module_id):
    """Change a module; its code stays."""
    module = load_for_update(Module, module_id)
    form = ModuleForm(obj=module if request.method == "GET" else None)
    form.code.data = module.code

    def change(form):
        update_module(module, form.values(), by=current_user)
        return url_for("curriculum.modules")

    return save_form(
        form, "curriculum/module_form.html", change, _("The module was saved."), module=module
    )


@bp.get("/admin/professionals")
@role_required(Role.ADMIN)
def professionals():
    """List the professionals by name, the inactive ones on request."""
    inactive = request.args.get("inactive") == "1"
    page = professional_page(page_number(), include_inactive=inactive)
    return render_template("curriculum/professionals.html", page=page, inactive=inactive)


@bp.route("/admin/professionals/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def professional_new():
    """Add a professional."""

    def change(form):
        professional = create_professional(
            form.values(), form.disciplines.data, by=current_user, site_id=chosen_site_id(form)
        )
        return url_for("curriculum.professional_detail", professional_id=professional.id)

    return save_form(
        ProfessionalForm(asks_site=True),
        "curriculum/professional_new.html",
        change,
        _("The professional was added."),
    )


def professional_data(professional) -> dict:
    """The professional's details as the form shows them."""
    names = ("name", "organization", "email", "phone", "is_anonymous")
    details = {name: getattr(professional, name) for name in names}
    return details | {"disciplines": professional.discipline_names}


def render_professional(professional, status=200, **forms):
    """The professional's page; forms given (with their errors) replace the blank ones."""
    blank = {
        "form": ProfessionalForm(formdata=None, data=professional_data(professional)),
        "day_form": UnavailableDayForm(formdata=None),
        "login_form": LoginLinkForm(formdata=None),
    }
    login = logins_of([professional]).get(professional.user_id)
    return render_template(
        "curriculum/professional.html", professional=professional, login=login, **blank | forms
    ), status


def professional_with_details_or_404(professional_id) -> Professional:
    """Load a professional with their details, locked first when changed, or answer 404."""
    if request.method == "POST":
        professional_or_404(professional_id, for_update=True)
    professional = professional_with_details(professional_id)
    if professional is None:
        abort(404)
    return professional


def professional_action(professional, form_name, form, change, done):
    """Validate a form of the professional's page, make one change, commit, come back."""
    if form.validate_on_submit():
        try:
            change(form)
        except CurriculumError as error:
            db.session.rollback()
            return render_professional(professional, refused(form, error), **{form_name: form})
        db.session.commit()
        flash(done, "success")
        return redirect(url_for("curriculum.professional_detail", professional_id=professional.id))
    return render_professional(professional, 422, **{form_name: form})


@bp.route("/admin/professionals/<int:professional_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def professional_detail(professional_id):
    """Show a professional and change their details and disciplines."""
    professional = professional_with_details_or_404(professional_id)
    if request.method == "GET":
        return render_professional(professional)
    return professional_action(
        professional,
        "form",
        ProfessionalForm(),
        lambda form: update_professional(
            professional, form.values(), form.disciplines.data, by=current_user
        ),
        _("The professional was saved."),
    )


@bp.post("/admin/professionals/<int:professional_id>/unavailable")
@role_required(Role.ADMIN)
def professional_unavailable_add(professional_id):
    """Mark a day on which the professional cannot teach."""
    professional = professional_with_details_or_404(professional_id)
    return professional_action(
        professional,
        "day_form",
        UnavailableDayForm(),
        lambda form: add_unavailable_day(professional, form.day.data, by=current_user),
        _("The day was marked unavailable."),
    )


@bp.post("/admin/professionals/<int:professional_id>/unavailable/<int:row_id>/remove")
@role_required(Role.ADMIN)
def professional_unavailable_remove(professional_id, row_id):
    """Make a marked day available again."""
    professional = professional_with_details_or_404(professional_id)
    return professional_action(
        professional,
        "remove_form",
        FlaskForm(),
        lambda form: remove_unavailable_day(professional, row_id, by=current_user),
        _("The day is available again."),
    )


@bp.post("/admin/professionals/<int:professional_id>/login")
@role_required(Role.ADMIN)
def professional_login_link(professional_id):
    """Link the professional to a session-staff account, found by its email."""
    professional = professional_with_details_or_404(professional_id)
    return professional_action(
        professional,
        "login_form",
        LoginLinkForm(),
        lambda form: link_login(professional, form.email.data, by=current_user),
        _("The login was linked."),
    )


@bp.post("/admin/professionals/<int:professional_id>/login/remove")
@role_required(Role.ADMIN)
def professional_login_unlink(professional_id):
    """Take the login away from the professional; the account stays."""
    professional = professional_with_details_or_404(professional_id)
    return professional_action(
        professional,
        "remove_form",
        FlaskForm(),
        lambda form: unlink_login(professional, by=current_user),
        _("The login was unlinked."),
    )


@bp.route("/admin/professionals/<int:professional_id>/deactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def professional_deactivate(professional_id):
    """Deactivate a professional, once confirmed: the rotation leaves them out."""
    professional = professional_or_404(professional_id, for_update=request.method == "POST")
    return confirm_action(
        professional,
        lambda row: set_professional_active(row, False, by=current_user),
        title=_("Deactivate %(name)s?", name=professional.name),
        text=_("They will no longer be proposed for sessions. You can reactivate them later."),
        done=_("The professional was deactivated."),
        back=url_for("curriculum.professional_detail", professional_id=professional.id),
    )


@bp.post("/admin/professionals/<int:professional_id>/reactivate")
@role_required(Role.ADMIN)
def professional_reactivate(professional_id):
    """Make a deactivated professional active again."""
    professional = professional_or_404(professional_id, for_update=True)
    set_professional_active(professional, True, by=current_user)
    db.session.commit()
    flash(_("The professional is active again."), "success")
    return redirect(url_for("curriculum.professional_detail", professional_id=professional.id))
