"""Case documents: checked on their bytes, stored outside the database, served discreetly."""

from pathlib import Path

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.coordination.documents import (
    DocumentError,
    check_file,
    delete_case_documents,
    display_name,
    upload_document,
)
from johnschool.coordination.models import CaseDocument
from johnschool.coordination.storage import LocalStorage
from johnschool.extensions import db

from ..enrollment.builders import referred_case
from ..factories import make_user
from .files import EXE, JPEG, PDF, PNG, upload


@pytest.fixture
def case(liaison):
    return referred_case(liaison)


def stored_files(app) -> list[Path]:
    """Every file of the document storage."""
    root = Path(app.config["DOCUMENT_STORAGE_PATH"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post(client, case, data, name, kind="consent"):
    return client.post(
        f"/cases/{case.id}/documents",
        data=upload(data, name, kind),
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [(PDF, "consent.pdf", "application/pdf"), (PNG, "scan.PNG", "image/png"),
     (JPEG, "photo.jpeg", "image/jpeg"), (PDF, "no extension", "application/pdf")],
)  # fmt: skip
def test_accepted_files_are_recognized_by_their_bytes(app, data, name, content_type):
    assert check_file(name, data)[0] == content_type


@pytest.mark.parametrize(
    ("data", "name"),
    [(EXE, "consent.pdf"), (PNG, "consent.pdf"), (PDF, "court.png"), (b"", "empty.pdf"),
     (b"%PDF" + b"x" * 5000, "large.pdf")],
)  # fmt: skip
def test_refused_files_say_why(app, data, name):
    with pytest.raises(DocumentError):
        check_file(name, data)


def test_display_name_drops_folders_and_control_characters():
    assert display_name("C:\\Users\\me\\consent\x00.pdf") == "consent.pdf"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("") == "document"


def test_upload_stores_the_file_outside_the_database_under_a_random_name(
    app, client, sign_in, liaison, case
):
    sign_in(liaison)
    response = post(client, case, PDF, "Roy Paul consentement.pdf")
    assert response.status_code == 302
    document = db.session.scalar(select(CaseDocument))
    assert document.original_name == "Roy Paul consentement.pdf"
    assert document.size == len(PDF) and document.content_type == "application/pdf"
    (path,) = stored_files(app)
    assert path.name == document.stored_name and "Roy" not in str(path)
    assert path.read_bytes() == PDF
    assert path.stat().st_mode & 0o077 == 0
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Roy Paul consentement.pdf" in page


def test_upload_is_audited_without_the_file_name(app, client, sign_in, liaison, case):
    sign_in(liaison)
    post(client, case, PDF, "Roy Paul.pdf")
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "case.document_uploaded")
    )
    assert entry.object_id == case.id and entry.summary == "case document uploaded"
    assert "Roy" not in (entry.data or "")


def test_a_disguised_file_is_refused_and_nothing_is_stored(app, client, sign_in, liaison, case):
    sign_in(liaison)
    response = post(client, case, EXE, "consent.pdf")
    assert response.status_code == 422
    assert "PDF, JPEG" in response.get_data(as_text=True)
    assert db.session.scalar(select(CaseDocument)) is None
    assert stored_files(app) == []


def test_a_file_over_the_limit_is_refused_with_the_limit(app, client, sign_in, liaison, case):
    sign_in(liaison)
    response = post(client, case, PDF + b"x" * 5000, "big.pdf")
    assert response.status_code == 422
    assert "4\xa0kilooctets" in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_a_request_over_the_server_limit_gets_a_clear_page(app, client, sign_in, liaison, case):
    sign_in(liaison)
    response = post(client, case, PDF + b"x" * 20000, "huge.pdf")
    assert response.status_code == 413
    assert "4\xa0kilooctets" in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_a_rolled_back_upload_leaves_no_file(app, liaison, case):
    upload_document(case, "court_papers", "court.pdf", PDF, by=liaison)
    assert len(stored_files(app)) == 1
    db.session.rollback()
    assert stored_files(app) == []


def test_download_has_a_neutral_name_and_is_audited(app, client, sign_in, liaison, case):
    document = upload_document(case, "consent", "Roy Paul.pdf", PDF, by=liaison)
    db.session.commit()
    admin = make_user("admin")
    sign_in(admin)
    response = client.get(f"/cases/{case.id}/documents/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "Roy" not in disposition
    assert f"document-{document.uploaded_at.date().isoformat()[:4]}" in disposition
    assert disposition.endswith('.pdf"')
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "case.document_downloaded")
    )
    assert entry.actor_id == admin.id and entry.object_id == case.id


def test_a_document_of_another_case_is_not_found(app, client, sign_in, liaison, case):
    other = referred_case(liaison)
    document = upload_document(other, "consent", "a.pdf", PDF, by=liaison)
    db.session.commit()
    sign_in(liaison)
    assert client.get(f"/cases/{case.id}/documents/{document.id}").status_code == 404
    assert client.get(f"/cases/{other.id}/documents/{document.id}").status_code == 200


@pytest.mark.parametrize("role", ["staff", "participant", "researcher"])
def test_other_roles_cannot_download_or_upload(app, client, sign_in, liaison, case, role):
    document = upload_document(case, "consent", "a.pdf", PDF, by=liaison)
    db.session.commit()
    sign_in(make_user(role))
    assert client.get(f"/cases/{case.id}/documents/{document.id}").status_code == 403
    assert post(client, case, PDF, "b.pdf").status_code == 403
    assert len(stored_files(app)) == 1


def test_deleting_documents_removes_files_only_at_commit(app, liaison, case):
    upload_document(case, "consent", "a.pdf", PDF, by=liaison)
    db.session.commit()
    delete_case_documents([case.id])
    assert len(stored_files(app)) == 1
    db.session.rollback()
    assert len(stored_files(app)) == 1
    delete_case_documents([case.id])
    db.session.commit()
    assert stored_files(app) == []
    assert db.session.scalar(select(CaseDocument)) is None


def test_local_storage_refuses_names_that_are_not_its_own(tmp_path):
    storage = LocalStorage(tmp_path)
    with pytest.raises(ValueError):
        storage.read("../secret")
