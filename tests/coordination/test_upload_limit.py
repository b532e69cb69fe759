"""An upload over the server's limit, with form tokens checked as in production."""

import pytest
from flask import g

from ..enrollment.builders import referred_case
from ..factories import make_user
from .files import PDF, upload


@pytest.fixture
def app_config(tmp_path):
    """Form tokens checked: the oversized body is refused before any view runs."""
    return {
        "WTF_CSRF_ENABLED": True,
        "DOCUMENT_STORAGE_PATH": str(tmp_path / "documents"),
        "DOCUMENT_MAX_BYTES": 4096,
        "MAX_CONTENT_LENGTH": 16384,
    }


def post_huge(client, case):
    # The suite keeps one application context across requests, and the oversized body is
    # refused before the hook that forgets the last user loaded there: forget it here.
    g.pop("_login_user", None)
    return client.post(
        f"/cases/{case.id}/documents",
        data=upload(PDF + b"x" * 20000, "huge.pdf"),
        content_type="multipart/form-data",
    )


def test_the_liaison_sees_the_limit_on_the_upload_form(app, client, sign_in, liaison):
    case = referred_case(liaison)
    response = post_huge(sign_in(liaison), case)
    assert response.status_code == 413
    assert "4\xa0kilooctets" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "researcher"])
def test_others_get_the_plain_error_page(app, client, sign_in, liaison, who):
    case = referred_case(liaison)
    if who != "anonymous":
        sign_in(make_user(who))
    response = post_huge(client, case)
    assert response.status_code == 413
    assert 'name="file"' not in response.get_data(as_text=True)
    assert case.court_file not in response.get_data(as_text=True)
