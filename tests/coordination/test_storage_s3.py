"""The S3-compatible document storage, against botocore's stubbed client (no network)."""

import io

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from johnschool.coordination.documents import upload_document
from johnschool.coordination.storage import document_storage
from johnschool.coordination.storage_s3 import CLIENT_KEY, S3Storage
from johnschool.extensions import db

from ..enrollment.builders import referred_case
from ..factories import make_user
from .files import PDF

NAME = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def app_config(tmp_path):
    return {
        "DOCUMENT_STORAGE": "s3",
        "DOCUMENT_S3_BUCKET": "program-files",
        "DOCUMENT_S3_PREFIX": "documents/",
        "DOCUMENT_S3_SERVER_SIDE_ENCRYPTION": "AES256",
    }


@pytest.fixture
def stubbed(app):
    """The application's S3 client, stubbed: every call must be one the test expects."""
    client = boto3.client(
        "s3",
        region_name="ca-central-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    app.extensions[CLIENT_KEY] = client
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def body(data: bytes) -> StreamingBody:
    return StreamingBody(io.BytesIO(data), len(data))


def test_the_setting_chooses_the_bucket(app, stubbed):
    storage = document_storage()
    assert isinstance(storage, S3Storage)
    assert (storage.bucket, storage.prefix) == ("program-files", "documents/")


def test_save_read_and_delete_address_the_prefixed_key(app, stubbed):
    key = {"Bucket": "program-files", "Key": f"documents/{NAME}"}
    stubbed.add_response(
        "put_object",
        {},
        {
            **key,
            "Body": PDF,
            "ContentType": "application/octet-stream",
            "ServerSideEncryption": "AES256",
        },
    )
    stubbed.add_response("get_object", {"Body": body(PDF)}, key)
    stubbed.add_response("delete_object", {}, key)
    storage = document_storage()
    storage.save(NAME, PDF)
    assert storage.read(NAME) == PDF
    storage.delete(NAME)


def test_a_missing_object_reads_as_a_missing_file(app, stubbed):
    stubbed.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404)
    with pytest.raises(FileNotFoundError):
        document_storage().read(NAME)


def test_a_document_goes_to_the_bucket_and_is_deleted_again_on_rollback(app, stubbed):
    liaison = make_user("liaison")
    case = referred_case(liaison)
    stubbed.add_response("put_object", {})
    stubbed.add_response("delete_object", {})
    document = upload_document(case, "consent", "consent.pdf", PDF, by=liaison)
    assert document.stored_name
    db.session.rollback()


def test_a_stored_name_cannot_escape_the_prefix(app, stubbed):
    with pytest.raises(ValueError):
        document_storage().read("../other/key")
