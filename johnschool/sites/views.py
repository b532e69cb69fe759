"""The sites pages: the list, a new site (province-wide admins) and a site's settings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..permissions import Role, role_required
from . import bp
from .access import get_site_or_404, is_province_wide, visible_sites
from .forms import SiteEditForm, SiteForm
from .services import SiteChanges, SiteError, create_site, update_site


def changes_from(form: SiteEditForm) -> SiteChanges:
    """The changes a submitted site form asks for."""
    return SiteChanges(
        name_fr=form.name_fr.data,
        name_en=form.name_en.data or "",
        time_zone=form.time_zone.data or "",
        default_fee=form.default_fee.data,
        allows_cross_site_make_ups=form.allows_cross_site_make_ups.data,
    )


@bp.get("/admin/sites")
@role_required(Role.ADMIN)
def sites():
    """List the sites the admin reaches: every one, or their own."""
    return render_template("sites/sites.html", sites=visible_sites(), can_create=is_province_wide())


@bp.route("/admin/sites/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def site_new():
    """Create a site; only a province-wide admin may."""
    if not is_province_wide():
        abort(403)
    form = SiteForm()
    if form.validate_on_submit():
        changes = changes_from(form)
        try:
            site = create_site(
                form.code.data,
                changes.name_fr,
                changes.name_en,
                changes.time_zone,
                default_fee=changes.default_fee,
                allows_cross_site_make_ups=changes.allows_cross_site_make_ups,
            )
        except SiteError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The site %(code)s was created.", code=site.code), "success")
            return redirect(url_for("sites.sites"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("sites/site_form.html", form=form, site=None), status


@bp.route("/admin/sites/<int:site_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def site_edit(site_id):
    """Change a site's names, time zone, default fee and make-up setting."""
    site = get_site_or_404(site_id)
    form = SiteEditForm(obj=site)
    if form.validate_on_submit():
        try:
            update_site(site, changes_from(form))
        except SiteError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The site was saved."), "success")
            return redirect(url_for("sites.sites"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("sites/site_form.html", form=form, site=site), status
