"""The form of a re-offending check, and the labels of its coded values."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import InputRequired

from ..clock import program_today
from ..i18n import N_, TranslatedLabels
from ..referrals.forms import not_in_future
from .models import FOLLOW_UP_MONTHS, OFFENCE_CATEGORIES

CATEGORY_LABELS = TranslatedLabels(
    {
        "violent": N_("Violent offence"),
        "sexual": N_("Sexual offence"),
        "exploitation": N_("Sexual services or exploitation"),
        "other": N_("Other offence"),
    }
)
STATUS_LABELS = TranslatedLabels(
    {
        "upcoming": N_("Not yet due"),
        "due": N_("Due"),
        "overdue": N_("Overdue"),
        "done": N_("Done"),
    }
)
STATUS_TAGS = {"overdue": "tag-failure", "done": "tag-success"}


def month_choices():
    """The three checks as select choices."""
    return [
        SelectChoice(months, _l("%(months)d months", months=months)) for months in FOLLOW_UP_MONTHS
    ]


def category_choices():
    """No category, then the offence categories, labelled in the reader's language."""
    blank = SelectChoice("", _l("None (no new charge)"))
    return [blank] + [SelectChoice(code, CATEGORY_LABELS.lazy(code)) for code in OFFENCE_CATEGORIES]


class CheckForm(FlaskForm):
    """A check for new charges: which month, when, whether a new charge, its category."""

    months = SelectField(
        _l("Check"),
        coerce=int,
        choices=month_choices,
        validators=[InputRequired(_l("Choose the check at 6, 12 or 24 months."))],
    )
    checked_on = DateField(
        _l("Checked on"),
        default=program_today,
        validators=[InputRequired(_l("Write the day of the check.")), not_in_future],
    )
    has_new_charge = SelectField(
        _l("New charge since the outcome"),
        choices=[SelectChoice("no", _l("No")), SelectChoice("yes", _l("Yes"))],
        validators=[InputRequired()],
    )
    offence_category = SelectField(
        _l("Category of the new charge"),
        choices=category_choices,
        default="",
        description=_l("Only with a new charge."),
    )

    def values(self) -> dict:
        """The check's values, as the service takes them."""
        return {
            "months": self.months.data,
            "checked_on": self.checked_on.data,
            "has_new_charge": self.has_new_charge.data == "yes",
            "offence_category": self.offence_category.data or None,
        }
