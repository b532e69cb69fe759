"""The participant's home page, shown at / and at /my."""

from flask import render_template
from flask_babel import format_date, format_time
from flask_login import current_user

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


def local_day(moment):
    """The day of a UTC moment in the program's zone, written out in the reader's language."""
    return format_date(moment, "full")


def local_time(moment):
    """The time of a UTC moment in the program's zone, in the reader's language."""
    return format_time(moment, "short")
