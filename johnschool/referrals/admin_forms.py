"""Forms of the coordinator: an offence of the catalogue, its removal, the program settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .catalogue import normalize_code
from .settings import (
    ALERT_DAYS_RANGE,
    DEADLINE_RANGE,
    MAX_CODE,
    MAX_TITLE,
    RESEARCH_BUDGET_RANGE,
    RESEARCH_K_RANGE,
    RETENTION_RANGE,
    TOLERANCE_RANGE,
    parse_charges,
    parse_fee,
)


def strip(value):
    """Drop the spaces around a typed value."""
    return value.strip() if isinstance(value, str) else value


def normalized_section(form, field):
    """Refuse a section that normalizes to nothing or to more than the column holds."""
    code = normalize_code(field.data or "")
    if not code or len(code) > MAX_CODE:
        raise ValidationError(_l("Write the section, for example 286.1(1)."))


def service_check(parse):
    """A validator running one of the settings service's parsers."""

    def check(form, field):
        try:
            parse(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    return check


class OffenceForm(FlaskForm):
    """An offence of the catalogue: section, titles in both languages, categories."""

    code = StringField(
        _l("Section"),
        filters=[strip],
        validators=[DataRequired(), Length(max=60), normalized_section],
        description=_l("As in the Criminal Code, for example 286.1(1) or CDSA 5(1)."),
    )
    title_fr = StringField(
        _l("French title"), filters=[strip], validators=[DataRequired(), Length(max=MAX_TITLE)]
    )
    title_en = StringField(
        _l("English title"), filters=[strip], validators=[DataRequired(), Length(max=MAX_TITLE)]
    )
    violent = BooleanField(_l("Violent offence"))
    sexual = BooleanField(_l("Sexual offence"))
    exploitation = BooleanField(
        _l(
            "Exploitation (buying sexual services, procuring, material benefit, advertising, "
            "trafficking)"
        )
    )

    CATEGORY_FIELDS = ("violent", "sexual", "exploitation")

    def categories(self) -> list[str]:
        """The categories ticked."""
        return [name for name in self.CATEGORY_FIELDS if self[name].data]


class RemoveOffenceForm(FlaskForm):
    """The section to take out of the catalogue, and the confirmation."""

    code = HiddenField(validators=[DataRequired(), Length(max=60)])
    confirm = BooleanField(_l("I confirm"), validators=[InputRequired()])


class SettingsForm(FlaskForm):
    """The deadline for new cases, the default fee and the charges the program accepts."""

    deadline_days = IntegerField(
        _l("Deadline to complete the program (days)"),
        validators=[InputRequired(), NumberRange(*DEADLINE_RANGE)],
        description=_l("Counted from the referral, for new cases: from 30 to 730 days."),
    )
    default_fee = StringField(
        _l("Default fee ($)"),
        filters=[strip],
        validators=[DataRequired(), service_check(parse_fee)],
        description=_l("Assessed at admission; for example 300.00."),
    )
    accepted_charges = StringField(
        _l("Charges the program accepts"),
        filters=[strip],
        validators=[DataRequired(), Length(max=500), service_check(parse_charges)],
        description=_l("Sections of the catalogue, separated by commas, for example 286.1(1)."),
    )
    late_tolerance_minutes = IntegerField(
        _l("Late tolerance (minutes)"),
        validators=[InputRequired(), NumberRange(*TOLERANCE_RANGE)],
        description=_l("Late by more than this counts as absent: from 0 to 120 minutes."),
    )
    retention_years = IntegerField(
        _l("Retention of identifying data (years)"),
        validators=[InputRequired(), NumberRange(*RETENTION_RANGE)],
        description=_l(
            "Names and contact details are erased this many years after a case closes:"
            " from 1 to 30 years. Anonymous statistics stay."
        ),
    )
    certificate_program_name = StringField(
        _l("Program name on certificates"),
        filters=[strip],
        validators=[Length(max=MAX_TITLE)],
        description=_l("Leave empty for the neutral name: “Training program”."),
    )
    certificate_signatory = StringField(
        _l("Signatory of certificates"),
        filters=[strip],
        validators=[Length(max=MAX_TITLE)],
        description=_l("Name and title printed under the signature line."),
    )
    research_k = IntegerField(
        _l("Smallest count in statistics (k)"),
        # Optional: a form sent without it keeps the value in force.
        validators=[Optional(), NumberRange(*RESEARCH_K_RANGE)],
        description=_l("Statistics hide every count under this number: from 2 to 50."),
    )
    research_daily_budget = IntegerField(
        _l("Statistics tables per researcher and day"),
        validators=[Optional(), NumberRange(*RESEARCH_BUDGET_RANGE)],
        description=_l("Past this number a researcher waits for the next day or an admin's reset."),
    )
    deadline_alert_days = IntegerField(
        _l("Deadline alerts (days)"),
        # Optional: a form sent without it keeps the value in force.
        validators=[Optional(), NumberRange(*ALERT_DAYS_RANGE)],
        description=_l(
            "Liaisons are warned of cases whose deadline comes within this many days:"
            " from 1 to 90 days."
        ),
    )
