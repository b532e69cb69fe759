"""The participant's home page, shown at / and at /my."""

from flask import render_template
from flask_babel import format_date, format_time
from flask_login import current_user

from ..clock import session_local
from ..referrals.queries import money
from .queries import (
    DISCIPLINE_LABELS,
    ENROLLMENT_LABELS,
    PROGRESS_LABELS,
    participant_schedule,
    session_title,
    speaker_name,
)


def render_home():
    """Render the signed-in participant's schedule, progress, deadline and balance."""
    return render_template(
        "portal/home.html",
        schedule=participant_schedule(current_user),
        DISCIPLINE_LABELS=DISCIPLINE_LABELS,
        ENROLLMENT_LABELS=ENROLLMENT_LABELS,
        PROGRESS_LABELS=PROGRESS_LABELS,
        session_title=session_title,
        speaker_name=speaker_name,
        money=money,
        local_day=local_day,
        local_time=local_time,
        format_date=format_date,
    )


def local_day(session):
    """The day a session starts on its site's clock, written out in the reader's language."""
    return format_date(session_local(session.starts_at, session).date(), "full")


def local_time(moment, session):
    """A UTC moment of a session on its site's clock, in the reader's language."""
    return format_time(session_local(moment, session), "short", rebase=False)
