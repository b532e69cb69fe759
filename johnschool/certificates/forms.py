"""Forms of the certificate pages: issue, revoke with a reason, confirm a name."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class IssueForm(FlaskForm):
    """Issue a certificate, or a cohort's certificates: the form's token is all it needs."""


class RevokeForm(FlaskForm):
    """Revoke a certificate with a written reason, once confirmed."""

    reason = TextAreaField(
        _l("Reason for the revocation"),
        validators=[
            DataRequired(_l("Write the reason for the revocation.")),
            Length(max=1000, message=_l("Keep the reason under 1,000 characters.")),
        ],
    )
    confirm = BooleanField(
        _l("I understand that the certificate will no longer be valid."),
        validators=[DataRequired(_l("Tick the box to confirm the revocation."))],
    )


class VerifyNameForm(FlaskForm):
    """Confirm the holder's name: shown in full only when typed correctly."""

    name = StringField(
        _l("Full name of the holder"),
        validators=[
            DataRequired(_l("Type the name as it appears on the certificate.")),
            Length(max=250, message=_l("Keep the name under 250 characters.")),
        ],
    )
