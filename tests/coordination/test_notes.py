"""Case notes: dated, signed, audited without their text, erased at retention."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.clock import program_today
from johnschool.coordination.documents import upload_document
from johnschool.coordination.models import CaseDocument, CaseNote
from johnschool.coordination.notes import add_note
from johnschool.extensions import db
from johnschool.research.follow_ups import add_months
from johnschool.research.models import ResearchRecord
from johnschool.research.retention import purge

from ..enrollment.builders import referred_case
from ..factories import make_user
from ..research.closed_cases import closed_case
from .files import PDF

SECRET = "Zébulon a téléphoné à sa conjointe"


def years_ago(years: int):
    """The day years and a week before today."""
    return add_months(program_today(), -12 * years) - timedelta(days=7)


@pytest.fixture
def case(liaison):
    return referred_case(liaison)


def test_a_note_is_shown_on_the_case_page_with_its_author(client, sign_in, liaison, case):
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/notes", data={"text": f"  {SECRET}  "})
    assert response.status_code == 302
    note = db.session.scalar(select(CaseNote))
    assert note.text == SECRET and note.author_id == liaison.id and note.created_at
    sign_in(make_user("admin"))
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert SECRET in page and liaison.name in page


def test_the_audit_log_says_a_note_was_added_but_never_its_text(app, liaison, case):
    note = add_note(case, SECRET, by=liaison)
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.note_added"))
    assert entry.summary == "case note added" and entry.object_id == case.id
    assert "Zébulon" not in (entry.data or "") and str(note.id) in entry.data


def test_an_empty_note_is_refused_and_nothing_is_saved(client, sign_in, liaison, case):
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/notes", data={"text": "   "})
    assert response.status_code == 422
    assert db.session.scalar(select(CaseNote)) is None


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_add_or_read_notes(client, sign_in, liaison, case, role):
    add_note(case, SECRET, by=liaison)
    db.session.commit()
    sign_in(make_user(role))
    assert client.post(f"/cases/{case.id}/notes", data={"text": "x"}).status_code == 403
    assert client.get(f"/cases/{case.id}").status_code == 403
    assert len(db.session.scalars(select(CaseNote)).all()) == 1


def test_a_note_never_reaches_the_research_store(app, liaison, case):
    add_note(case, SECRET, by=liaison)
    db.session.commit()
    for record in db.session.scalars(select(ResearchRecord)):
        values = [str(getattr(record, c)) for c in ResearchRecord.__table__.columns.keys()]
        assert not any("Zébulon" in value for value in values)


def test_retention_erases_notes_and_deletes_documents_of_purged_clients(app, liaison):
    old = closed_case(liaison, years_ago(6))
    recent = closed_case(liaison, years_ago(1))
    for case in (old, recent):
        add_note(case, SECRET, by=liaison)
        upload_document(case, "court_papers", "court.pdf", PDF, by=liaison)
    db.session.commit()
    root = Path(app.config["DOCUMENT_STORAGE_PATH"])
    assert len([p for p in root.rglob("*") if p.is_file()]) == 2
    purge(program_today())
    db.session.commit()
    notes = {note.case_id: note.text for note in db.session.scalars(select(CaseNote))}
    assert notes == {old.id: "—", recent.id: SECRET}
    kept = db.session.scalars(select(CaseDocument.case_id)).all()
    assert kept == [recent.id]
    assert len([p for p in root.rglob("*") if p.is_file()]) == 1
