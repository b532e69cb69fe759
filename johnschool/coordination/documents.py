"""Documents filed with a case: the signed consent, court papers.

A file is accepted when its first bytes say PDF, JPEG or PNG and its name's extension,
if any, agrees; its size is at most ``DOCUMENT_MAX_BYTES``. It is stored under a random
name outside the database; the row keeps its type, size and SHA-256. A file saved in a
transaction that rolls back is removed again, and a file deleted (at retention) goes
only once the transaction commits, so that rows and files never disagree.
"""

import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass

from babel.units import format_unit
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session, selectinload

from ..audit.services import record
from ..clock import program_date
from ..extensions import db
from ..referrals.models import Case
from .models import DOCUMENT_KINDS, CaseDocument
from .storage import DocumentStorage, document_storage

log = logging.getLogger(__name__)

# Content type, extension and the bytes every such file starts with.
FILE_TYPES = (
    ("application/pdf", "pdf", b"%PDF-"),
    ("image/jpeg", "jpg", b"\xff\xd8\xff"),
    ("image/png", "png", b"\x89PNG\r\n\x1a\n"),
)
EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
MAX_NAME = 255
MEGABYTE = 1024 * 1024
SAVED, DELETED = "coordination.documents_saved", "coordination.documents_deleted"


class DocumentError(ValueError):
    """A file refused, with a message the person can act on."""


@dataclass(frozen=True)
class DocumentFile:
    """A document's bytes and the neutral name it is downloaded under."""

    data: bytes
    content_type: str
    download_name: str


def max_bytes() -> int:
    """The largest file accepted, in bytes."""
    return int(current_app.config["DOCUMENT_MAX_BYTES"])


def max_size_text() -> str:
    """The largest file accepted, in the reader's words: "10 megabytes", "10 mégaoctets"."""
    size = max_bytes()
    unit, amount = (
        ("digital-megabyte", size / MEGABYTE)
        if size >= MEGABYTE
        else ("digital-kilobyte", size / 1024)
    )
    return format_unit(round(amount, 1), unit, locale=str(get_locale() or "fr"))


def detect_type(data: bytes) -> tuple[str, str] | None:
    """The content type and extension the file's first bytes show, or None."""
    for content_type, extension, magic in FILE_TYPES:
        if data.startswith(magic):
            return content_type, extension
    return None


def display_name(filename: str | None) -> str:
    """The file's own name without folders or control characters, for staff to read."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:MAX_NAME] or "document"


def check_file(filename: str | None, data: bytes) -> tuple[str, str]:
    """The content type and extension of an acceptable file, or a refusal saying why."""
    if not data:
        raise DocumentError(_l("Choose a file: this one is empty."))
    if len(data) > max_bytes():
        raise DocumentError(_l("The file is too large: at most %(size)s.", size=max_size_text()))
    found = detect_type(data)
    if found is None:
        raise DocumentError(_l("Only PDF, JPEG and PNG files are accepted."))
    name = display_name(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else None
    if extension is not None and EXTENSIONS.get(extension) != found[1]:
        raise DocumentError(_l("The file's name does not match its content: check the file."))
    return found


def upload_document(case: Case, kind: str, filename: str | None, data: bytes, *, by):
    """File a document with a case: checked, stored under a random name, audited."""
    if kind not in DOCUMENT_KINDS:
        raise DocumentError(_l("Choose the kind of document."))
    content_type, _extension = check_file(filename, data)
    document = CaseDocument(
        case_id=case.id,
        kind=kind,
        original_name=display_name(filename),
        stored_name=secrets.token_hex(16),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=by.id,
    )
    storage = document_storage()
    storage.save(document.stored_name, data)
    _pending(SAVED).append((storage, document.stored_name))
    db.session.add(document)
    db.session.flush()
    record(
        "case.document_uploaded",
        "case document uploaded",
        object_type="case",
        object_id=case.id,
        data={"document_id": document.id, "kind": kind, "size": document.size},
        actor=by,
    )
    return document


def download_document(document: CaseDocument, *, by) -> DocumentFile:
    """A document's bytes under a neutral name; the download is audited."""
    data = document_storage().read(document.stored_name)
    record(
        "case.document_downloaded",
        "case document downloaded",
        object_type="case",
        object_id=document.case_id,
        data={"document_id": document.id},
        actor=by,
    )
    extension = next(ext for ctype, ext, _ in FILE_TYPES if ctype == document.content_type)
    day = program_date(document.uploaded_at).isoformat()
    return DocumentFile(data, document.content_type, f"document-{day}.{extension}")


def case_documents(case_id: int) -> list[CaseDocument]:
    """The documents of a case, newest first, with who filed them."""
    query = (
        select(CaseDocument)
        .where(CaseDocument.case_id == case_id)
        .options(selectinload(CaseDocument.uploaded_by))
        .order_by(CaseDocument.uploaded_at.desc(), CaseDocument.id.desc())
    )
    return list(db.session.scalars(query))


def delete_case_documents(case_ids) -> None:
    """Delete the documents of these cases (ids or a select of them); files go at commit."""
    condition = CaseDocument.case_id.in_(case_ids)
    storage = document_storage()
    for name in db.session.scalars(select(CaseDocument.stored_name).where(condition)):
        _pending(DELETED).append((storage, name))
    db.session.execute(
        delete(CaseDocument).where(condition), execution_options={"synchronize_session": False}
    )


def _pending(key: str) -> list[tuple[DocumentStorage, str]]:
    """The files this transaction saved or is to delete."""
    return db.session.info.setdefault(key, [])


def _remove(files) -> None:
    """Remove stored files; a failure is logged, the transaction's outcome stands."""
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            log.exception("a stored document could not be removed")


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    """Remove the files of the documents deleted by the committed transaction."""
    session.info.pop(SAVED, None)
    _remove(session.info.pop(DELETED, []))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    """Remove the files saved by a transaction that rolled back."""
    session.info.pop(DELETED, None)
    _remove(session.info.pop(SAVED, []))
