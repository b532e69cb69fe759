"""Where case documents are kept: outside the database, by configuration.

``DOCUMENT_STORAGE = "local"`` (the default) keeps each file under
``DOCUMENT_STORAGE_PATH`` (default: ``instance/documents/``), readable by the
application's user only. Files are named by a random token, never by anything about
the person, and written whole or not at all.
"""

import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app

NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class DocumentStorage(Protocol):
    """What the documents need from a storage: save, read and delete a file by name."""

    def save(self, name: str, data: bytes) -> None:
        """Store data under name."""

    def read(self, name: str) -> bytes:
        """The bytes stored under name; FileNotFoundError when missing."""

    def delete(self, name: str) -> None:
        """Remove the file under name; nothing happens when it is missing."""


def check_name(name: str) -> str:
    """A stored name as the application makes them (lowercase hex), or a refusal."""
    if not name or len(name) > 64 or not set(name) <= NAME_CHARACTERS:
        raise ValueError("not a stored document name")
    return name


class LocalStorage:
    """Files in a folder of the server, created private to the application's user."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        """The file of a stored name, in a subfolder of its first two characters."""
        name = check_name(name)
        return self.root / name[:2] / name

    def save(self, name: str, data: bytes) -> None:
        """Write the file whole: to a temporary file first, then renamed into place."""
        path = self._path(name)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes:
        """The file's bytes."""
        return self._path(name).read_bytes()

    def delete(self, name: str) -> None:
        """Remove the file if it is there."""
        self._path(name).unlink(missing_ok=True)


def document_storage() -> DocumentStorage:
    """The storage the configuration names."""
    kind = current_app.config.get("DOCUMENT_STORAGE", "local")
    if kind == "local":
        root = current_app.config.get("DOCUMENT_STORAGE_PATH")
        return LocalStorage(Path(root) if root else Path(current_app.instance_path) / "documents")
    if kind == "s3":
        from .storage_s3 import s3_storage

        return s3_storage()
    raise RuntimeError(f"unknown DOCUMENT_STORAGE {kind!r}: use 'local' or 's3'")
