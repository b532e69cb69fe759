"""The participant's reminder choices: channels, mobile number, and the switch for texts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.forms import EmptyForm
from ..extensions import db
from ..messages.forms import ReminderChannelsForm
from ..messages.preference_views import channels_form, save_channels
from ..messages.preferences import (
    preference_or_default,
    reminder_preference,
    resume_texts,
    stop_texts,
)
from ..permissions import Role, role_required
from . import bp
from .services import participant_client


def own_client():
    """The signed-in participant's client, or 404."""
    client = participant_client(current_user)
    if client is None:
        abort(404)
    return client


@bp.route("/my/reminders", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def reminders():
    """Choose how to be reminded of sessions: email, text message, both or none."""
    client = own_client()
    preference = preference_or_default(client)
    form, status = channels_form(ReminderChannelsForm, preference), 200
    if request.method == "POST":
        status = save_channels(form, client)
        if status is None:
            return redirect(url_for("portal.reminders"))
    return render_template(
        "messages/reminders.html",
        form=form,
        preference=preference,
        switch=EmptyForm(),
        back=url_for("main.home"),
    ), status


@bp.post("/my/reminders/texts/<any(stop, start):action>")
@role_required(Role.PARTICIPANT)
def reminder_texts(action):
    """The switch: stop text messages at once, or let them go out again."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    preference = reminder_preference(own_client().id)
    if preference is not None and action == "stop":
        stop_texts(preference, how="portal", by=current_user)
        flash(_("Text messages are stopped. Nothing more will be sent by text."), "success")
    elif preference is not None and preference.sms_phone:
        resume_texts(preference, how="portal", by=current_user)
        flash(_("Text messages will be sent again."), "success")
    db.session.commit()
    return redirect(url_for("portal.reminders"))
