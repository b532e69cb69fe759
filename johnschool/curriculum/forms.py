"""Forms of the coordinator: modules, professionals, cohorts and sessions."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..sites.access import needs_site_choice, site_choices
from ..templating import DISCIPLINE_LABELS, LANGUAGE_LABELS
from .models import DISCIPLINES
from .queries import FORMAT_LABELS
from .services import DEFAULT_START, DURATION_RANGE, MAX_CODE, MAX_PLACE


def strip(value):
    """Drop the spaces around a typed value."""
    return value.strip() if isinstance(value, str) else value


def discipline_choices():
    """The disciplines with their labels in the reader's language."""
    return [SelectChoice(name, DISCIPLINE_LABELS[name]) for name in DISCIPLINES]


class SiteSelect(SelectField):
    """The site a new row goes to; asked only of a province-wide admin of several sites."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label or _l("Site"), validators=[DataRequired()], **kwargs)


def ask_site_or_drop(form) -> None:
    """Offer the sites in form.site_id when the user must choose one; else drop the field."""
    if not needs_site_choice():
        del form.site_id
        return
    language = get_locale().language if get_locale() else "fr"
    form.site_id.choices = [SelectChoice("", _l("Choose the site"))] + [
        SelectChoice(str(site_id), name) for site_id, name in site_choices(language)
    ]


def chosen_site_id(form) -> int | None:
    """The site chosen in form.site_id, or None when the form does not ask."""
    return int(form.site_id.data) if "site_id" in form and form.site_id.data else None


def show_errors(form, fields: dict) -> None:
    """Put a service's refusals next to the inputs they name (on the form when unknown)."""
    for name, message in fields.items():
        target = form[name] if name in form else None
        (target.errors if target is not None else form.form_errors).append(str(message))


class ModuleForm(FlaskForm):
    """A module of the curriculum; the code is given once, when it is added."""

    code = StringField(
        _l("Code"),
        filters=[strip],
        validators=[DataRequired(), Length(max=MAX_CODE)],
        description=_l("Short and unique, for example sexual_health."),
    )
    title_fr = StringField(_l("French title"), filters=[strip], validators=[DataRequired()])
    title_en = StringField(_l("English title"), filters=[strip], validators=[DataRequired()])
    discipline = SelectField(_l("Discipline"), validators=[InputRequired()])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), validators=[InputRequired(), NumberRange(*DURATION_RANGE)]
    )
    position = IntegerField(
        _l("Order"),
        default=0,
        validators=[InputRequired(), NumberRange(0, 999)],
        description=_l("Modules are given from the lowest number to the highest."),
    )
    is_required = BooleanField(_l("Required to complete the program"), default=True)
    is_active = BooleanField(_l("In force (new cohorts include it)"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.discipline.choices = discipline_choices()

    def values(self) -> dict:
        """The module's values for the service."""
        names = ("title_fr", "title_en", "discipline", "duration_minutes", "position")
        return {name: self[name].data for name in names} | {
            "is_required": self.is_required.data,
            "is_active": self.is_active.data,
        }


class CheckboxesField(SelectMultipleField):
    """Several choices, each a checkbox."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfessionalForm(FlaskForm):
    """A professional's details, disciplines and anonymity."""

    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    organization = StringField(
        _l("Organization"), filters=[strip], validators=[Optional(), Length(max=200)]
    )
    email = EmailField(
        _l("Email address"), filters=[strip], validators=[Optional(), Email(), Length(max=254)]
    )
    phone = StringField(_l("Phone"), filters=[strip], validators=[Optional(), Length(max=40)])
    disciplines = CheckboxesField(_l("Disciplines"))
    is_anonymous = BooleanField(
        _l("Speaks anonymously"),
        description=_l("Participants see the discipline, never the name."),
    )
    site_id = SiteSelect()

    def __init__(self, *args, asks_site=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.disciplines.choices = discipline_choices()
        if asks_site:
            ask_site_or_drop(self)
        else:
            del self.site_id

    def values(self) -> dict:
        """The details for the service."""
        names = ("name", "organization", "email", "phone", "is_anonymous")
        return {name: self[name].data for name in names}


class UnavailableDayForm(FlaskForm):
    """A day on which a professional cannot teach."""

    day = DateField(_l("Unavailable day"), validators=[InputRequired()])


class LoginLinkForm(FlaskForm):
    """The email of the session-staff account to link."""

    email = EmailField(
        _l("Email of a session-staff account"),
        filters=[strip],
        validators=[DataRequired(), Length(max=254)],
    )

    def __init__(self, *args, **kwargs):
        # Prefixed: the professional's own email field is on the same page.
        kwargs.setdefault("prefix", "login")
        super().__init__(*args, **kwargs)


class ConfirmForm(FlaskForm):
    """The confirmation of an action that cannot be undone."""

    confirm = BooleanField(_l("I confirm"), validators=[InputRequired()])


class CohortForm(FlaskForm):
    """A new cohort; its sessions come from the curriculum."""

    code = StringField(
        _l("Code"),
        filters=[strip],
        validators=[DataRequired(), Length(max=MAX_CODE)],
        description=_l("Unique, for example 2027-01-LGL."),
    )
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()],
    )
    # The service checks the ranges and the dates, so that every problem shows at once.
    capacity = IntegerField(_l("Capacity"), default=20, validators=[InputRequired()])
    place = StringField(
        _l("Place"), filters=[strip], validators=[DataRequired(), Length(max=MAX_PLACE)]
    )
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    format = RadioField(_l("Format"), default="one_day", validators=[InputRequired()])
    start_time = TimeField(
        _l("Start time"),
        default=DEFAULT_START,
        validators=[InputRequired()],
        description=_l("In one day, the modules follow each other with a 15-minute pause."),
    )
    site_id = SiteSelect()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.format.choices = [SelectChoice(name, FORMAT_LABELS[name]) for name in FORMAT_LABELS]
        ask_site_or_drop(self)


class SessionForm(FlaskForm):
    """A session's day, times (on its site's clock) and place."""

    day = DateField(_l("Day"), validators=[InputRequired()])
    starts_at = TimeField(_l("Start time"), validators=[InputRequired()])
    ends_at = TimeField(_l("End time"), validators=[InputRequired()])
    place = StringField(
        _l("Place"), filters=[strip], validators=[DataRequired(), Length(max=MAX_PLACE)]
    )
