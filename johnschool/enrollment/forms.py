"""Forms of enrollment: a cohort to join, a withdrawal, follow-up needs and sessions."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from ..curriculum.models import DISCIPLINES
from ..referrals.forms import strip
from ..templating import DISCIPLINE_LABELS
from .follow_ups import MAX_SESSIONS


def discipline_choices():
    """The disciplines as select choices, labelled in the reader's language."""
    return [SelectChoice(code, DISCIPLINE_LABELS.lazy(code)) for code in DISCIPLINES]


class EnrollForm(FlaskForm):
    """The cohort to enroll a case in; the choices are the open cohorts of its language."""

    cohort_id = SelectField(
        _l("Cohort"),
        coerce=int,
        choices=[],
        validate_choice=False,
        validators=[InputRequired(_l("Choose a cohort."))],
    )


class WithdrawForm(FlaskForm):
    """Withdraw a case from its cohort, with a reason, once confirmed."""

    reason = TextAreaField(
        _l("Reason for the withdrawal"),
        filters=[strip],
        validators=[DataRequired(_l("Write the reason for the withdrawal.")), Length(max=2000)],
    )
    confirm = BooleanField(
        _l("I confirm the withdrawal: the seat goes to the next person on the waitlist"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class FollowUpForm(FlaskForm):
    """How many individual sessions of a discipline a case needs."""

    discipline = SelectField(
        _l("Discipline"), choices=discipline_choices, validators=[DataRequired()]
    )
    session_count = IntegerField(
        _l("Number of sessions"),
        validators=[
            InputRequired(_l("Give a number of sessions.")),
            NumberRange(0, MAX_SESSIONS, _l("Between 0 and 20 sessions.")),
        ],
        description=_l("0 removes the requirement."),
    )


class SessionForm(FlaskForm):
    """An individual session: discipline, professional, day and times on the case's site's clock."""

    discipline = SelectField(
        _l("Discipline"), choices=discipline_choices, validators=[DataRequired()]
    )
    professional_id = SelectField(
        _l("Professional"),
        coerce=int,
        choices=[],
        validators=[InputRequired(_l("Choose a professional."))],
    )
    day = DateField(_l("Day"), validators=[InputRequired(_l("Give the day."))])
    starts = TimeField(_l("Start time"), validators=[InputRequired(_l("Give the start time."))])
    ends = TimeField(_l("End time"), validators=[InputRequired(_l("Give the end time."))])
    place = StringField(
        _l("Place"),
        filters=[strip],
        validators=[DataRequired(_l("Give the place.")), Length(max=300)],
    )
    force = BooleanField(_l("Schedule anyway, despite the warnings"))

    def validate_ends(self, field):
        """The session ends after it starts."""
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The session must end after it starts."))

    def moment(self, time, zone: ZoneInfo) -> datetime:
        """The UTC moment of a time on the form's day, read in zone (the case's site's)."""
        return datetime.combine(self.day.data, time, tzinfo=zone).astimezone(UTC)
