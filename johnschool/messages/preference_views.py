"""The liaison's page of a participant's reminder channels, chosen with their consent."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.services import record
from ..database import writes_database
from ..extensions import db
from ..permissions import Role, role_required
from ..referrals.access import case_or_404
from . import bp
from .forms import ConsentedChannelsForm, ReminderChannelsForm, show_errors
from .preferences import PreferenceError, preference_or_default, set_reminder_channels


def channels_form(form_class, preference) -> ReminderChannelsForm:
    """The form, filled from the recorded choice on a first visit."""
    if request.method == "POST":
        return form_class()
    return form_class(data={"channels": preference.channels, "phone": preference.sms_phone})


def save_channels(form, client) -> int | None:
    """Record the form's choice for client and commit; None when saved, else the status."""
    if not form.validate_on_submit():
        return 422
    consent = form.consent.data if "consent" in form else False
    try:
        set_reminder_channels(
            client, form.channels.data, form.phone.data, by=current_user, consent=consent
        )
    except PreferenceError as error:
        db.session.rollback()
        show_errors(form, error.fields)
        return 422
    db.session.commit()
    flash(_("The reminder choices were saved."), "success")
    return None


@bp.route("/cases/<int:case_id>/reminders", methods=["GET", "POST"])
@role_required(Role.LIAISON, Role.ADMIN)
@writes_database
def case_reminders(case_id):
    """Choose a participant's reminder channels and mobile number, with their consent."""
    case = case_or_404(case_id)
    preference = preference_or_default(case.client)
    form = channels_form(ConsentedChannelsForm, preference)
    back = url_for("referrals.case_detail", case_id=case.id)
    if request.method == "POST":
        status = save_channels(form, case.client)
        if status is None:
            return redirect(back)
    else:
        status = 200
        record(
            "case.reminders_viewed",
            "reminder choices viewed",
            object_type="case",
            object_id=case.id,
        )
        db.session.commit()
    return render_template(
        "messages/reminders.html", form=form, preference=preference, back=back, case=case
    ), status
