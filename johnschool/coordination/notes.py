"""Case notes: dated and authored, audited without their text, never shown to researchers."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.services import record
from ..extensions import db
from ..referrals.models import Case
from .models import CaseNote

MAX_NOTE = 5000
NOTES_SHOWN = 100


def add_note(case: Case, text: str, *, by) -> CaseNote:
    """Add a note to a case; the audit log says a note was added, never what it says."""
    text = (text or "").strip()
    if not text:
        raise ValueError(_l("Write the note."))
    if len(text) > MAX_NOTE:
        raise ValueError(_l("A note has at most %(max)d characters.", max=MAX_NOTE))
    note = CaseNote(case_id=case.id, author_id=by.id, text=text)
    db.session.add(note)
    db.session.flush()
    record(
        "case.note_added",
        "case note added",
        object_type="case",
        object_id=case.id,
        data={"note_id": note.id},
        actor=by,
    )
    return note


def case_notes(case_id: int) -> list[CaseNote]:
    """The latest notes of a case, newest first, with their authors."""
    query = (
        select(CaseNote)
        .where(CaseNote.case_id == case_id)
        .options(selectinload(CaseNote.author))
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
        .limit(NOTES_SHOWN)
    )
    return list(db.session.scalars(query))
