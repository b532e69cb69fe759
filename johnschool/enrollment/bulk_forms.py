"""Forms of the bulk actions on a cohort: a selection of cases, then its confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from ..referrals.forms import strip


class SelectionForm(FlaskForm):
    """The cases ticked on a list; the template draws one checkbox per row."""

    case_ids = SelectMultipleField(
        _l("Cases"),
        coerce=int,
        choices=[],
        validate_choice=False,
        validators=[DataRequired(_l("Choose at least one case."))],
    )


class ConfirmEnrollmentForm(SelectionForm):
    """The confirmation of a planned enrollment: the seats it was shown with."""

    expected_seats = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=0)]
    )


class ConfirmWithdrawalForm(SelectionForm):
    """The confirmation of a withdrawal of several cases, with one reason for all."""

    reason = TextAreaField(
        _l("Reason for the withdrawal"),
        filters=[strip],
        validators=[DataRequired(_l("Write the reason for the withdrawal.")), Length(max=2000)],
    )
    confirm = BooleanField(
        _l("I confirm the withdrawal: freed seats go to the next people on the waitlist"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
