"""Forms of the main pages."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from ..auth.forms import language_choices


class LanguageForm(FlaskForm):
    """The language switch shown on every page."""

    lang = SelectField(choices=language_choices(), validators=[DataRequired()])
    next = HiddenField()
