"""Forms of the court liaison: the referral, and the actions on a case."""

import re
from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..clock import program_today
from ..i18n import N_, TranslatedLabels
from ..sites.access import needs_site_choice, site_choices
from .fees import parse_amount
from .models import SOURCES

PRIOR_ROWS = 5
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
MINIMUM_AGE_AT_OFFENCE = 12
_POSTAL_CODE = re.compile(r"^([A-Z]\d[A-Z]) ?(\d[A-Z]\d)$")

SOURCE_LABELS = TranslatedLabels(
    {
        "police": N_("Police"),
        "prosecutor": N_("Prosecutor"),
        "court": N_("Court"),
        "self": N_("Self-referral"),
    }
)
DECISION_LABELS = TranslatedLabels(
    {"eligible": N_("Eligible"), "ineligible": N_("Ineligible"), "needs_review": N_("To review")}
)
PAYMENT_METHODS = ("cash", "debit", "credit", "cheque", "transfer")
METHOD_LABELS = TranslatedLabels(
    {
        "cash": N_("Cash"),
        "debit": N_("Debit card"),
        "credit": N_("Credit card"),
        "cheque": N_("Cheque"),
        "transfer": N_("Bank transfer"),
    }
)


def strip(value):
    """Drop surrounding spaces from typed text."""
    return value.strip() if isinstance(value, str) else value


def normalize_postal_code(value):
    """Write a Canadian postal code as A1A 1A1; leave anything else as typed."""
    if not isinstance(value, str):
        return value
    match = _POSTAL_CODE.match(value.strip().upper())
    return f"{match[1]} {match[2]}" if match else value.strip()


def not_in_future(form, field):
    """Refuse a date after today."""
    if field.data and field.data > program_today():
        raise ValidationError(_l("The date cannot be in the future."))


def years_between(earlier: date, later: date) -> int:
    """Whole years from earlier to later (an age)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


class PriorForm(Form):
    """One prior conviction; an empty row is ignored."""

    offence_code = StringField(_l("Section"), filters=[strip], validators=[Length(max=40)])
    conviction_date = DateField(_l("Conviction date"), validators=[Optional(), not_in_future])
    jurisdiction = StringField(_l("Jurisdiction"), filters=[strip], validators=[Length(max=100)])

    def validate_offence_code(self, field):
        """A row with a date or a jurisdiction needs its section."""
        if not field.data and (self.conviction_date.data or self.jurisdiction.data):
            raise ValidationError(_l("Enter the section, or leave the whole row empty."))


class ReferralForm(FlaskForm):
    """A new referral: the client, the charge, and the client's prior convictions."""

    family_name = StringField(
        _l("Family name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    given_name = StringField(
        _l("Given name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    birth_date = DateField(_l("Birth date"), validators=[InputRequired(), not_in_future])
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice("fr", "Français"), SelectChoice("en", "English")],
        validators=[DataRequired()],
    )
    email = EmailField(
        _l("Email address (optional)"),
        filters=[strip],
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
    )
    phone = StringField(_l("Phone (optional)"), filters=[strip], validators=[Length(max=40)])
    postal_code = StringField(
        _l("Postal code (optional)"),
        filters=[normalize_postal_code],
        validators=[Optional()],
        description=_l("For example, J4K 1A1."),
    )
    source = SelectField(
        _l("Referred by"),
        choices=[SelectChoice(code, SOURCE_LABELS.lazy(code)) for code in SOURCES],
        validators=[DataRequired()],
    )
    offence_code = StringField(
        _l("Section of the charge"),
        filters=[strip],
        validators=[DataRequired(), Length(max=40)],
        description=_l("The Criminal Code section as printed, for example 286.1(1)."),
    )
    offence_date = DateField(_l("Offence date"), validators=[InputRequired(), not_in_future])
    court_file = StringField(
        _l("Court file number"), filters=[strip], validators=[DataRequired(), Length(max=60)]
    )
    involves_minor = BooleanField(_l("The offence involves a person under 18"))
    received_on = DateField(
        _l("Received on"), default=program_today, validators=[InputRequired(), not_in_future]
    )
    priors = FieldList(FormField(PriorForm), min_entries=PRIOR_ROWS, max_entries=PRIOR_ROWS)
    # Asked only of a province-wide admin of several sites (see referral_form).
    site = SelectField(
        _l("Site"),
        validators=[DataRequired(_l("Choose the site of the case."))],
        description=_l("The site whose team follows the case."),
    )

    def validate_birth_date(self, field):
        """A plausible birth date: not before 1900, at least 12 years before the offence."""
        if field.data and field.data < EARLIEST_BIRTH_DATE:
            raise ValidationError(_l("The birth date cannot be before 1900."))
        offence = self.offence_date.data
        if field.data and offence and field.data < offence:
            if years_between(field.data, offence) < MINIMUM_AGE_AT_OFFENCE:
                raise ValidationError(
                    _l("The birth date must be at least 12 years before the offence date.")
                )

    def validate_offence_date(self, field):
        """The offence comes after the client's birth."""
        if field.data and self.birth_date.data and field.data <= self.birth_date.data:
            raise ValidationError(_l("The offence date must be after the birth date."))

    def validate_postal_code(self, field):
        """A Canadian postal code: letter, digit, letter, digit, letter, digit."""
        if field.data and not _POSTAL_CODE.match(field.data):
            raise ValidationError(_l("Enter a Canadian postal code such as J4K 1A1."))

    def client_data(self) -> dict:
        """The client, as create_referral takes it."""
        return {
            "family_name": self.family_name.data,
            "given_name": self.given_name.data,
            "birth_date": self.birth_date.data,
            "language": self.language.data,
            "email": self.email.data or None,
            "phone": self.phone.data or None,
            "postal_code": self.postal_code.data or None,
        }

    def referral_data(self) -> dict:
        """The referral, as create_referral takes it."""
        return {
            "source": self.source.data,
            "offence_code": self.offence_code.data,
            "offence_date": self.offence_date.data,
            "court_file": self.court_file.data,
            "involves_minor": self.involves_minor.data,
            "received_on": self.received_on.data,
        }

    def chosen_site_id(self) -> int | None:
        """The site chosen, or None when the form does not ask (the user's own, or the only)."""
        return int(self.site.data) if self.site is not None else None

    def prior_data(self) -> list[dict]:
        """The filled rows of prior convictions, as create_referral takes them."""
        return [
            {
                "offence_code": row.offence_code.data,
                "conviction_date": row.conviction_date.data,
                "jurisdiction": row.jurisdiction.data or None,
            }
            for row in self.priors
            if row.offence_code.data
        ]


def referral_form() -> ReferralForm:
    """The referral form; it asks for the site only when the user must choose one."""
    form = ReferralForm()
    if needs_site_choice():
        sites = site_choices(get_locale().language)
        form.site.choices = [("", _l("Choose a site"))] + [(str(i), name) for i, name in sites]
    else:
        del form.site
    return form


class ScreenForm(FlaskForm):
    """Screen a case again: only the CSRF token."""


class ConsentForm(FlaskForm):
    """The client's free and informed consent (Criminal Code s. 717)."""

    counsel_advised = BooleanField(
        _l("The client was advised of the right to counsel"),
        validators=[DataRequired(_l("Consent needs the client advised of the right to counsel."))],
    )
    accepts_responsibility = BooleanField(
        _l("The client accepts responsibility for the act"),
        validators=[DataRequired(_l("Consent needs the client to accept responsibility."))],
    )
    consented_on = DateField(
        _l("Consent date"), default=program_today, validators=[InputRequired(), not_in_future]
    )


class AdmitForm(FlaskForm):
    """The prosecutor's admission of a consented case."""

    prosecutor = StringField(
        _l("Prosecutor"), filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    admitted_on = DateField(
        _l("Admission date"), default=program_today, validators=[InputRequired(), not_in_future]
    )


class OverrideForm(FlaskForm):
    """An admin's decision on a case under review or ineligible."""

    outcome = SelectField(
        _l("Decision"),
        choices=[
            SelectChoice(code, DECISION_LABELS.lazy(code)) for code in ("eligible", "ineligible")
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Written reason"), filters=[strip], validators=[DataRequired(), Length(max=2000)]
    )


class DuplicateForm(FlaskForm):
    """Close the case as a duplicate of another case of the same person, once confirmed."""

    original_id = SelectField(_l("Duplicate of"), coerce=int, validate_choice=True)
    confirm_duplicate = BooleanField(
        _l("I confirm that this referral duplicates the case chosen and is closed"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class ReturnForm(FlaskForm):
    """Send the case back to the prosecutor, once confirmed."""

    confirm = BooleanField(
        _l("I confirm that the file goes back to the prosecutor"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


def valid_amount(form, field):
    """Refuse anything but a positive amount with at most two decimals."""
    if field.data:
        try:
            parse_amount(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PaymentForm(FlaskForm):
    """A payment towards the fee, with its receipt number."""

    amount = StringField(
        _l("Amount ($)"),
        filters=[strip],
        validators=[DataRequired(), Length(max=20), valid_amount],
        description=_l("For example, 250.00."),
    )
    method = SelectField(
        _l("Method"),
        choices=[SelectChoice(code, METHOD_LABELS.lazy(code)) for code in PAYMENT_METHODS],
        validators=[DataRequired()],
    )
    receipt = StringField(
        _l("Receipt number"), filters=[strip], validators=[DataRequired(), Length(max=60)]
    )
    paid_on = DateField(
        _l("Payment date"), default=program_today, validators=[InputRequired(), not_in_future]
    )


class ReduceFeeForm(FlaskForm):
    """A lower fee on the sliding scale, with its reason (coordinator only)."""

    amount = StringField(
        _l("New amount ($)"),
        filters=[strip],
        validators=[DataRequired(), Length(max=20), valid_amount],
        description=_l("For example, 150.00."),
    )
    reason = TextAreaField(
        _l("Reason for the reduction"),
        filters=[strip],
        validators=[DataRequired(), Length(max=2000)],
    )


class WaiveFeeForm(FlaskForm):
    """Waive the whole fee, with its reason, once confirmed (coordinator only)."""

    reason = TextAreaField(
        _l("Reason for the waiver"),
        filters=[strip],
        validators=[DataRequired(), Length(max=2000)],
    )
    confirm = BooleanField(
        _l("I confirm that the client owes nothing more"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
