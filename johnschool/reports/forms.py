"""Forms of the reports: the filters of the payments and balances report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional, ValidationError

from .balances import BalanceFilters

SHOW_CHOICES = [
    SelectChoice("all", _l("All cases with a fee")),
    SelectChoice("balance", _l("With a balance to pay")),
]


class BalanceFilterForm(FlaskForm):
    """Which cases the payments report lists; read from the query string."""

    class Meta:
        csrf = False  # a search: it changes nothing and its address can be shared

    show = SelectField(_l("Show"), choices=SHOW_CHOICES, default="all")
    paid_from = DateField(_l("Payments from"), validators=[Optional()])
    paid_to = DateField(_l("Payments to"), validators=[Optional()])

    def validate_paid_to(self, field):
        """The period ends on or after its first day."""
        if self.paid_from.data and field.data and field.data < self.paid_from.data:
            raise ValidationError(_l("The last day comes on or after the first."))

    def filters(self) -> BalanceFilters:
        """The filters the form holds; the defaults for a field in error."""
        valid = not self.errors
        return BalanceFilters(
            outstanding_only=self.show.data == "balance",
            paid_from=self.paid_from.data if valid else None,
            paid_to=self.paid_to.data if valid else None,
        )
