"""Forms of the two-step sign-in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class SecondStepForm(FlaskForm):
    """The code typed after the password: from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )


class EnrolmentForm(FlaskForm):
    """The first code of a newly added authenticator, which puts it in effect."""

    code = StringField(
        _l("Verification code"),
        validators=[DataRequired(), Length(max=12)],
        description=_l("The 6 digits the app shows once you have added the account."),
    )
