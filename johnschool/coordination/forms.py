"""Forms of the case page's notes and documents."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..i18n import N_, TranslatedLabels
from .models import DOCUMENT_KINDS
from .notes import MAX_NOTE

KIND_LABELS = TranslatedLabels(
    {
        "consent": N_("Signed consent"),
        "court_papers": N_("Court papers"),
        "other": N_("Other document"),
    }
)


class NoteForm(FlaskForm):
    """A note about the case, for the liaisons and the coordinator only."""

    text = TextAreaField(
        _l("New note"),
        validators=[DataRequired(_l("Write the note.")), Length(max=MAX_NOTE)],
        description=_l("Never shown to researchers. Write facts; the note is dated and signed."),
    )


class DocumentForm(FlaskForm):
    """A file filed with the case: PDF, JPEG or PNG."""

    kind = SelectField(
        _l("Kind of document"),
        choices=[SelectChoice(kind, KIND_LABELS.lazy(kind)) for kind in DOCUMENT_KINDS],
        validators=[DataRequired()],
    )
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("PDF, JPEG or PNG."),
    )
