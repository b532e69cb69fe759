"""Forms for signing in, passwords, tokens and accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from ..templating import ROLE_LABELS


def role_choices():
    """The roles as select options."""
    return [SelectChoice(role, ROLE_LABELS.lazy(role)) for role in ROLE_LABELS]


def language_choices():
    """The interface languages as select options."""
    return [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class NewPasswordMixin:
    """A new password typed twice."""

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l(
            "At least 12 characters. A sentence of several words is easy to "
            "remember and hard to guess."
        ),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    """Change one's own password."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    """Choose a password from a one-time link."""


class TokenForm(FlaskForm):
    """Name a new API token."""

    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("For example, the name of the program that will use it."),
    )


class ConfirmForm(FlaskForm):
    """A confirmation step before a destructive action."""

    confirm = BooleanField(_l("I confirm"), validators=[InputRequired()])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state."""


class UserForm(FlaskForm):
    """Create an account."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    role = SelectField(_l("Role"), choices=role_choices(), validators=[DataRequired()])
    site = SelectField(
        _l("Site"),
        choices=[],
        default="",
        description=_l(
            "Required for liaisons and session staff. An admin without a site works for "
            "the whole province; researchers and participants have none."
        ),
    )
    language = SelectField(_l("Language"), choices=language_choices())


class RoleForm(FlaskForm):
    """Change an account's role and site."""

    role = SelectField(_l("Role"), choices=role_choices(), validators=[DataRequired()])
    site = SelectField(_l("Site"), choices=[], default="")
