"""Forms for creating and editing sites."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class SiteEditForm(FlaskForm):
    """A site's names, time zone, default fee and make-up setting."""

    name_fr = StringField(_l("French name"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(
        _l("English name"),
        validators=[Optional(), Length(max=200)],
        description=_l("Empty: the French name."),
    )
    time_zone = StringField(
        _l("Time zone"),
        validators=[Optional(), Length(max=60)],
        description=_l("An IANA zone such as America/Toronto. Empty: the program's."),
    )
    default_fee = DecimalField(
        _l("Default fee"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=100000)],
        description=_l("Empty: the program's default fee."),
    )
    allows_cross_site_make_ups = BooleanField(
        _l("Allow make-ups across sites"),
        description=_l("A make-up in another site's session needs both sites to allow it."),
    )


class SiteForm(SiteEditForm):
    """A new site: its code, then what an edit may change."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("2 to 20 capital letters, digits or hyphens, e.g. QC."),
    )
