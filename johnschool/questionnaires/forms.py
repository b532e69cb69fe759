"""Forms: an item's wording and choices (a new version), and the answers of a questionnaire."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..i18n import N_, TranslatedLabels
from .models import QuestionnaireVersion

LIKERT_LABELS = TranslatedLabels(
    {
        1: N_("Strongly disagree"),
        2: N_("Disagree"),
        3: N_("Neither agree nor disagree"),
        4: N_("Agree"),
        5: N_("Strongly agree"),
    }
)
MOMENT_LABELS = TranslatedLabels(
    {
        "intake": N_("At intake"),
        "before": N_("Before the group day"),
        "after": N_("After the group day"),
    }
)
ANSWERED_BY_LABELS = TranslatedLabels(
    {"participant": N_("the participant"), "liaison": N_("a liaison officer")}
)
FIELD_PREFIX = "q_"


def strip(value):
    """Drop the spaces around a typed value."""
    return value.strip() if isinstance(value, str) else value


def parse_choices(text: str) -> list[dict]:
    """Read "code | French | English" lines; raise ValueError naming the first bad line."""
    choices = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            raise ValueError(number)
        choices.append(dict(zip(("code", "label_fr", "label_en"), parts, strict=True)))
    return choices


def choices_text(item) -> str:
    """An item's choices as the lines the form edits."""
    return "\n".join(f"{c.code} | {c.label_fr} | {c.label_en}" for c in item.choices)


class ItemForm(FlaskForm):
    """An item's French and English wording and, for a single choice, its choices."""

    text_fr = TextAreaField(
        _l("Question in French"), filters=[strip], validators=[DataRequired(), Length(max=1000)]
    )
    text_en = TextAreaField(
        _l("Question in English"), filters=[strip], validators=[DataRequired(), Length(max=1000)]
    )
    choices = TextAreaField(
        _l("Choices"),
        description=_l(
            "One choice per line: code | French label | English label. "
            "Keep the codes of choices that stay: the statistics count by code."
        ),
    )
    confirm = BooleanField(
        _l("I understand that saving makes a new version of the questionnaire"),
        validators=[InputRequired(message=_l("Tick this box to make the new version."))],
    )

    def validate_choices(self, field):
        """Refuse lines that are not code | French | English."""
        try:
            self.parsed_choices = parse_choices(field.data)
        except ValueError as error:
            message = _l("Line %(line)d is not code | French | English.", line=error.args[0])
            raise ValidationError(message) from error


class NewItemForm(ItemForm):
    """A new item: its code too."""

    code = StringField(
        _l("Code"),
        filters=[strip],
        validators=[DataRequired(), Length(max=40)],
        description=_l("Lower-case letters, digits and _, for example att_law_4."),
    )


def response_form(version: QuestionnaireVersion, language: str, data=None):
    """A form with one radio group per item of version, labelled in language."""

    class ResponseForm(FlaskForm):
        pass

    for item in version.items:
        if item.kind == "choice":
            choices = [SelectChoice(c.code, getattr(c, f"label_{language}")) for c in item.choices]
        else:
            choices = [SelectChoice(str(n), text) for n, text in LIKERT_LABELS.translated().items()]
        field = RadioField(
            getattr(item, f"text_{language}"),
            choices=choices,
            validators=[InputRequired(message=_l("Please choose an answer."))],
        )
        setattr(ResponseForm, FIELD_PREFIX + item.code, field)
    return ResponseForm(data=data)


def answers_of(form, version: QuestionnaireVersion) -> dict:
    """The submitted answers by item code."""
    return {item.code: form[FIELD_PREFIX + item.code].data for item in version.items}


def show_answer_errors(form, fields: dict) -> None:
    """Put the service's refusals next to the items they name."""
    for code, message in fields.items():
        name = FIELD_PREFIX + code
        if name in form:
            form[name].errors = [*form[name].errors, str(message)]
        else:
            form.form_errors.append(str(message))
