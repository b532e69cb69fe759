"""Pages of certificates: issue, download, revoke, a cohort's zip, public verification."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..curriculum.access import cohort_or_404
from ..database import writes_database
from ..extensions import db
from ..permissions import role_required
from ..referrals.errors import CaseStateError
from . import bp
from .access import (
    READER_ROLES,
    STAFF_ROLES,
    certificate_for_reader,
    certificate_or_404,
    enrollment_or_404,
)
from .archive import certificates_zip, cohort_archive_name
from .document import certificate_filename
from .forms import IssueForm, RevokeForm, VerifyNameForm
from .labels import describe_missing
from .limits import verify_limit
from .queries import (
    case_certificates,
    certificate_pdf,
    cohort_certificates,
    cohort_summary,
)
from .services import (
    IncompleteError,
    issue_certificate,
    issue_for_cohort,
    record_download,
    revoke_certificate,
)
from .verification import find_by_code, names_match, record_lookup, status_json


@bp.app_context_processor
def certificate_helpers():
    """Give every page the case page's certificate section helpers."""
    return {"case_certificates": case_certificates, "describe_missing": describe_missing}


def case_url(certificate_or_enrollment):
    """The case page of a certificate or an enrollment."""
    enrollment = getattr(certificate_or_enrollment, "enrollment", certificate_or_enrollment)
    return url_for("referrals.case_detail", case_id=enrollment.case_id)


def pdf_response(data: bytes, filename: str, mimetype="application/pdf") -> Response:
    """Send a file to download under a discreet name."""
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/enrollments/<int:enrollment_id>/certificate")
@role_required(*STAFF_ROLES)
def issue(enrollment_id):
    """Issue the certificate of a complete enrollment; say what is missing otherwise."""
    enrollment = enrollment_or_404(enrollment_id)
    if not IssueForm().validate_on_submit():
        return refused(enrollment, _("The form has expired. Please send it again."), 400)
    try:
        certificate = issue_certificate(enrollment, by=current_user)
    except IncompleteError as error:
        return refused(enrollment, str(error), 409, error.missing)
    except CaseStateError as error:
        return refused(enrollment, str(error), 409)
    db.session.commit()
    flash(_("Certificate %(serial)s was issued.", serial=certificate.serial), "success")
    return redirect(case_url(enrollment))


def refused(enrollment, message, status, missing=()):
    """Roll back and explain why nothing was issued."""
    db.session.rollback()
    return render_template(
        "certificates/refused.html",
        message=message,
        missing=[describe_missing(item) for item in missing],
        back_url=case_url(enrollment),
    ), status


@bp.get("/certificates/<int:certificate_id>/pdf")
@role_required(*READER_ROLES)
@writes_database
def download(certificate_id):
    """Download a certificate's PDF: staff, or the participant it belongs to; logged."""
    certificate = certificate_for_reader(certificate_id)
    data = certificate_pdf(certificate)
    record_download(certificate)
    db.session.commit()
    return pdf_response(data, certificate_filename(certificate.serial))


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def revoke(certificate_id):
    """Revoke a certificate with a reason, after confirmation."""
    certificate = certificate_or_404(certificate_id)
    form = RevokeForm()
    if certificate.is_revoked:
        flash(_("This certificate was already revoked."), "error")
        return render_revoke(certificate, form, 409)
    if not form.validate_on_submit():
        return render_revoke(certificate, form, 422 if form.errors else 200)
    try:
        revoke_certificate(certificate, form.reason.data, by=current_user)
    except CaseStateError as error:  # revoked in the meantime by someone else
        db.session.rollback()
        flash(str(error), "error")
        return render_revoke(certificate, form, 409)
    db.session.commit()
    flash(_("Certificate %(serial)s was revoked.", serial=certificate.serial), "success")
    return redirect(case_url(certificate))


def render_revoke(certificate, form, status):
    """Show the revocation's confirmation page."""
    return render_template(
        "certificates/revoke.html",
        certificate=certificate,
        form=form,
        cancel_url=case_url(certificate),
    ), status


@bp.route("/cohorts/<int:cohort_id>/certificates.zip", methods=["GET", "POST"])
@role_required(*STAFF_ROLES)
def cohort_zip(cohort_id):
    """Issue the certificates of a cohort's complete enrollments and download them in a zip."""
    cohort = cohort_or_404(cohort_id)
    form = IssueForm()
    if not form.validate_on_submit():
        summary = cohort_summary(cohort.id)
        return render_template("certificates/cohort.html", cohort=cohort, form=form, **summary)
    issue_for_cohort(cohort.id, by=current_user)
    db.session.commit()  # the issuances stand, and their row locks are freed, before drawing
    certificates = cohort_certificates(cohort.id)
    data = certificates_zip((cert.serial, certificate_pdf(cert)) for cert in certificates)
    return pdf_response(data, cohort_archive_name(cohort.id), "application/zip")


@bp.route("/verify/<code>", methods=["GET", "POST"])
@verify_limit
@writes_database
def verify(code):
    """Say whether a certificate is valid; its full name only to who types it correctly."""
    certificate = find_by_code(code)
    form = VerifyNameForm()
    typed = form.validate_on_submit()
    matched = (
        typed and certificate is not None and names_match(form.name.data, certificate.holder_name)
    )
    record_lookup(certificate, name_typed=typed, matched=matched)
    db.session.commit()
    if certificate is None:
        abort(404)  # the site's ordinary 404: an unknown code looks like any missing page
    if typed and not matched:
        form.name.errors.append(_("This name does not match the certificate."))
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        status=status_json(certificate),
        form=form,
        matched=matched,
    ), 422 if form.errors else 200
