"""API endpoints of the letters to the prosecutor: the screening outcome and the final outcome."""

from flask import Response
from flask_babel import gettext as _
from flask_login import current_user

from ..database import writes_database
from ..errors import json_error
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from ..referrals.letter_files import outcome_letter_file, screening_letter_file
from . import bp


def pdf_answer(letter):
    """Answer a letter as a PDF attachment under its neutral name."""
    return Response(
        letter.pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{letter.filename}"'},
    )


@bp.get("/referrals/<int:case_id>/letters/screening.pdf")
@role_required(Role.LIAISON, Role.ADMIN)
@writes_database
def screening_letter_pdf(case_id):
    """The screening letter, in the client's language; logged."""
    letter = screening_letter_file(case_or_404(case_id), by=current_user)
    if letter is None:
        return json_error(409, _("The case has not been screened yet."))
    db.session.commit()
    return pdf_answer(letter)


@bp.get("/referrals/<int:case_id>/letters/outcome.pdf")
@role_required(Role.LIAISON, Role.ADMIN)
@writes_database
def outcome_letter_pdf(case_id):
    """The final outcome report of a completed, failed or withdrawn case; logged."""
    letter = outcome_letter_file(case_or_404(case_id), by=current_user)
    if letter is None:
        return json_error(
            409, _("The outcome report exists once the case is completed, failed or withdrawn.")
        )
    db.session.commit()
    return pdf_answer(letter)
