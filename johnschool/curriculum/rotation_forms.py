"""Forms of the rotation: propose again, confirm, change one session's professionals."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import ValidationError


def optional_id(value):
    """An id from a select, or None for the empty choice."""
    if value in (None, "", "None"):
        return None
    return int(value)


class ProposeForm(FlaskForm):
    """Propose the rotation again; replacing current choices needs the box ticked."""

    replace = BooleanField(_l("Replace the current choices, including those made by hand"))


class ConfirmForm(FlaskForm):
    """Confirm the cohort's rotation."""


class AssignForm(FlaskForm):
    """The main professional and the backup of one session."""

    professional = SelectField(_l("Main professional"), coerce=optional_id)
    backup = SelectField(_l("Backup"), coerce=optional_id)
    force = BooleanField(_l("Assign anyway, despite the warnings above"))
    # The warnings the coordinator was shown: forcing covers these, not new ones.
    seen = HiddenField()

    def set_professionals(self, professionals, labels):
        """Offer these professionals in both lists, after an empty choice."""
        choices = [("", _l("— Nobody —"))] + [(p.id, labels[p.id]) for p in professionals]
        self.professional.choices = choices
        self.backup.choices = list(choices)

    def validate_backup(self, field):
        """Refuse the same person as main professional and backup."""
        if field.data is not None and field.data == self.professional.data:
            raise ValidationError(
                _l("The backup must be someone other than the main professional.")
            )

    def seen_warnings(self) -> set[str]:
        """The signatures of the warnings shown with the form."""
        return {item for item in (self.seen.data or "").split(",") if item}
