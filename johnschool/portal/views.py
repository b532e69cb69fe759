"""Pages of the participant: invitation, home, calendar feed, own data."""

import json

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..audit.services import record
from ..auth.forms import ConfirmForm, EmptyForm, SetPasswordForm
from ..auth.services import AccountError
from ..auth.tokens import find_one_time_link
from ..auth.views import login_rate_limit
from ..curriculum.models import Session
from ..database import writes_database
from ..extensions import db, limiter
from ..permissions import Role, get_own_or_404, role_required
from ..security import forget_session, start_session
from . import bp
from .calendar import calendar_filename, render_calendar
from .export import participant_data
from .notices import external_url
from .pages import render_home
from .queries import participant_schedule
from .services import (
    INVITATION,
    accept_invitation,
    active_calendar_feed,
    create_calendar_feed,
    feed_user,
    revoke_calendar_feed,
)

PARTICIPANT = Role.PARTICIPANT
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


@bp.route("/welcome/<secret>", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"])
def welcome(secret):
    """Accept an invitation: choose a password, then land on one's schedule."""
    link = find_one_time_link(secret, INVITATION)
    if link is None:
        db.session.rollback()
        return render_template("portal/welcome_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(link, form.new_password.data)
        except AccountError as error:
            db.session.rollback()
            form.new_password.errors.append(str(error))
        else:
            db.session.commit()
            forget_session()
            start_session(user)
            login_user(user)
            flash(_("Your password is set. Welcome."), "success")
            return redirect(url_for("main.home"))
    db.session.rollback()
    return render_template("portal/welcome.html", form=form), 422 if form.errors else 200


@bp.get("/my")
@role_required(PARTICIPANT)
def home():
    """Show the participant's sessions, progress, deadline, balance and certificate."""
    return render_home()


@bp.get("/my/sessions/<int:session_id>.ics")
@role_required(PARTICIPANT)
def session_ics(session_id):
    """Download one of one's own sessions as a calendar file."""
    own = {s.id for s in participant_schedule(current_user).sessions}
    session = get_own_or_404(Session, session_id, lambda s: s.id in own)
    return calendar_response(render_calendar([session], current_user.language))


def calendar_response(body: bytes, language: str | None = None) -> Response:
    """An .ics download with a neutral file name, never cached."""
    name = calendar_filename(language or current_user.language)
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, mimetype="text/calendar", headers=headers)


@bp.get("/my/calendar")
@role_required(PARTICIPANT)
def calendar():
    """Explain the private calendar address and offer to create, reset or revoke it."""
    return render_template(
        "portal/calendar.html", feed=active_calendar_feed(current_user), form=EmptyForm()
    )


@bp.post("/my/calendar/new")
@role_required(PARTICIPANT)
def calendar_create():
    """Create the private calendar address, shown once; an existing one needs a reset."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    if active_calendar_feed(current_user) is not None:
        return redirect(url_for("portal.calendar_reset"))
    return _feed_created()


def _feed_created():
    """Create a feed, commit, and show its address once."""
    secret = create_calendar_feed(current_user)
    db.session.commit()
    url = external_url("portal.calendar_feed", secret=secret)
    return render_template("portal/calendar_created.html", url=url)


@bp.route("/my/calendar/reset", methods=["GET", "POST"])
@role_required(PARTICIPANT)
def calendar_reset():
    """Replace the calendar address with a new one, after confirmation."""
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        return _feed_created()
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Create a new calendar address?"),
        text=_(
            "The current address stops working at once: "
            "calendars using it must be given the new one."
        ),
        cancel_url=url_for("portal.calendar"),
    )


@bp.route("/my/calendar/revoke", methods=["GET", "POST"])
@role_required(PARTICIPANT)
def calendar_revoke():
    """Stop the calendar address, after confirmation."""
    form = ConfirmForm()
    if form.validate_on_submit() and form.confirm.data:
        if revoke_calendar_feed(current_user):
            db.session.commit()
            flash(_("The calendar address no longer works."), "success")
        return redirect(url_for("portal.calendar"))
    return render_template(
        "auth/confirm.html",
        form=form,
        title=_("Stop the calendar address?"),
        text=_("Calendars using it will no longer receive your sessions."),
        cancel_url=url_for("portal.calendar"),
    )


@bp.get("/calendar/<secret>.ics")
def calendar_feed(secret):
    """Serve a participant's sessions to their calendar application; 404 unless live."""
    user = feed_user(secret)
    if user is None:
        abort(404)
    sessions = participant_schedule(user).sessions
    return calendar_response(render_calendar(sessions, user.language), user.language)


@bp.get("/my/data")
@role_required(PARTICIPANT)
def data():
    """Say in plain words what the download of one's own data holds."""
    return render_template("portal/data.html")


@bp.get("/my/data/download")
@role_required(PARTICIPANT)
@writes_database
def data_download():
    """Download everything held about oneself, as JSON; the download is logged."""
    body = json.dumps(participant_data(current_user), ensure_ascii=False, indent=2)
    record(
        "portal.data_exported",
        "participant downloaded own data",
        object_type="user",
        object_id=current_user.id,
    )
    db.session.commit()
    name = "mes-donnees.json" if current_user.language == "fr" else "my-data.json"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, mimetype="application/json", headers=headers)
