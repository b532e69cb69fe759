"""Fixtures of the coordination tests: documents kept in the test's own folder."""

import pytest

from ..factories import make_user


@pytest.fixture
def app_config(tmp_path):
    """Store documents under the test's temporary folder, with a small size limit."""
    return {
        "DOCUMENT_STORAGE_PATH": str(tmp_path / "documents"),
        "DOCUMENT_MAX_BYTES": 4096,
        "MAX_CONTENT_LENGTH": 16384,
    }


@pytest.fixture
def liaison(app):
    return make_user("liaison")
