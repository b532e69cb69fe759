"""Forms of attendance: the roll call, a make-up booking and its cancellation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..i18n import N_, TranslatedLabels
from .services import Mark

STATUS_LABELS = TranslatedLabels(
    {
        "present": N_("Present"),
        "late": N_("Late"),
        "absent": N_("Absent"),
        "excused": N_("Excused"),
    }
)
DISCIPLINE_LABELS = TranslatedLabels(
    {
        "law": N_("Law"),
        "police": N_("Police"),
        "health": N_("Public health"),
        "sexology": N_("Sexology"),
        "survivor": N_("Lived experience"),
        "community": N_("Community"),
    }
)


class RollCallForm(FlaskForm):
    """The roll call's token and the reason for a late correction; the marks are read apart."""

    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[Length(max=2000)],
        description=_l("Needed only to change what was recorded on an earlier day."),
    )


def _minutes(text: str):
    """Typed minutes as a number, the text itself when it is not one, None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


def read_marks(formdata, lines) -> tuple[list[Mark], dict[int, dict]]:
    """The marks typed for each roster line, and what was typed, to show it again."""
    marks, typed = [], {}
    for line in lines:
        key = line.enrollment_id
        status = formdata.get(f"status-{key}") or None
        minutes = formdata.get(f"minutes-{key}", "")
        note = formdata.get(f"note-{key}", "")
        typed[key] = {"status": status, "minutes": minutes, "note": note}
        if status is not None:
            marks.append(Mark(key, status, _minutes(minutes), note))
    return marks, typed


def typed_from(lines) -> dict[int, dict]:
    """What the form shows for each line before anything is typed: what was recorded."""
    return {
        line.enrollment_id: {
            "status": line.status,
            "minutes": "" if line.minutes_late is None else str(line.minutes_late),
            "note": line.note or "",
        }
        for line in lines
    }


class MakeUpForm(FlaskForm):
    """The session of another cohort to book a participant into."""

    session_id = SelectField(
        _l("Session"), coerce=int, validators=[InputRequired(_l("Choose a session."))]
    )


class CancelMakeUpForm(FlaskForm):
    """The confirmation that a make-up booking is to be cancelled."""

    confirm = BooleanField(_l("I confirm the cancellation"), validators=[InputRequired()])
