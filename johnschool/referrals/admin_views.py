"""The coordinator's pages for the offence catalogue and the program settings."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import User
from ..extensions import db
from ..pagination import paginate_list
from ..permissions import Role, role_required
from . import bp
from .admin_forms import OffenceForm, RemoveOffenceForm, SettingsForm
from .catalogue import load_shipped_offences, normalize_code
from .settings import (
    catalogue_entries,
    current_catalogue,
    program_settings,
    remove_offence,
    save_offence,
    update_settings,
)

PER_PAGE = 50


def _page_number() -> int:
    """The page asked for in the query string; 1 when missing or not a number."""
    return request.args.get("page", 1, type=int) or 1


@bp.get("/admin/catalogue")
@role_required(Role.ADMIN)
def admin_catalogue():
    """List the offence catalogue in force, searchable by section or title."""
    q = (request.args.get("q") or "").strip()
    page = paginate_list(catalogue_entries(q), _page_number(), PER_PAGE)
    return render_template(
        "referrals/admin_catalogue.html", page=page, q=q, settings=program_settings()
    )


def _offence_form(code: str) -> tuple[OffenceForm, bool]:
    """The form for a section, filled from the catalogue (or the shipped row if removed)."""
    offence = current_catalogue().get(code) if code else None
    exists = offence is not None
    offence = offence or (load_shipped_offences().get(code) if code else None)
    if request.method == "POST" or offence is None:
        return OffenceForm(code=code or None), exists
    ticked = {category.value: True for category in offence.categories}
    return OffenceForm(
        code=offence.code, title_fr=offence.title_fr, title_en=offence.title_en, **ticked
    ), exists


@bp.route("/admin/catalogue/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_offence_edit():
    """Change an offence of the catalogue, or add one."""
    code = normalize_code(request.args.get("code") or "")
    form, exists = _offence_form(code)
    if form.validate_on_submit():
        try:
            offence = save_offence(
                form.code.data,
                form.title_fr.data,
                form.title_en.data,
                form.categories(),
                by=current_user,
            )
        except ValueError as error:
            db.session.rollback()
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Section %(code)s was saved in the catalogue.", code=offence.code), "success")
            return redirect(url_for("referrals.admin_catalogue", q=offence.code))
    return render_template(
        "referrals/admin_offence.html",
        form=form,
        code=code,
        exists=exists,
        remove_form=RemoveOffenceForm(code=code, formdata=None),
    ), 422 if form.errors else 200


@bp.post("/admin/catalogue/remove")
@role_required(Role.ADMIN)
def admin_offence_remove():
    """Take an offence out of the catalogue in force, after confirmation."""
    form = RemoveOffenceForm()
    code = normalize_code(form.code.data or "")
    if form.validate_on_submit() and form.confirm.data:
        try:
            remove_offence(form.code.data, by=current_user)
        except ValueError as error:
            db.session.rollback()
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _("Section %(code)s was removed from the catalogue.", code=code),
                "success",
            )
            return redirect(url_for("referrals.admin_catalogue"))
    elif not form.errors:
        form.confirm.errors = [_("Tick the box to confirm.")]
    return render_template(
        "referrals/admin_remove.html", form=form, offence=current_catalogue().get(code)
    ), 422


@bp.route("/admin/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_settings():
    """Show and change the deadline, fee, accepted charges, late tolerance and certificate."""
    row = program_settings()
    form = SettingsForm(
        data=None
        if request.method == "POST"
        else {
            "deadline_days": row.deadline_days,
            "default_fee": f"{row.default_fee:.2f}",
            "accepted_charges": ", ".join(row.accepted_charges.split(",")),
            "late_tolerance_minutes": row.late_tolerance_minutes,
            "retention_years": row.retention_years,
            "certificate_program_name": row.certificate_program_name,
            "certificate_signatory": row.certificate_signatory,
            "research_k": row.research_k,
            "research_daily_budget": row.research_daily_budget,
            "deadline_alert_days": row.deadline_alert_days,
        }
    )
    if form.validate_on_submit():
        try:
            update_settings(
                form.deadline_days.data,
                form.default_fee.data,
                form.accepted_charges.data,
                by=current_user,
                late_tolerance_minutes=form.late_tolerance_minutes.data,
                retention_years=form.retention_years.data,
                certificate_program_name=form.certificate_program_name.data or "",
                certificate_signatory=form.certificate_signatory.data or "",
                research_k=form.research_k.data,
                research_daily_budget=form.research_daily_budget.data,
                deadline_alert_days=form.deadline_alert_days.data,
            )
        except ValueError as error:
            db.session.rollback()
            form.accepted_charges.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The settings were saved."), "success")
            return redirect(url_for("referrals.admin_settings"))
    updated_by = db.session.get(User, row.updated_by_id) if row.updated_by_id else None
    return render_template(
        "referrals/admin_settings.html", form=form, settings=row, updated_by=updated_by
    ), 422 if form.errors else 200
