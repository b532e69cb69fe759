"""Case documents in an S3-compatible bucket (AWS S3, MinIO, Ceph, …).

Chosen by ``DOCUMENT_STORAGE = "s3"`` with ``DOCUMENT_S3_BUCKET``; ``DOCUMENT_S3_ENDPOINT_URL``
points to a store other than AWS. Credentials come from boto3's usual chain (environment
variables, shared files, an instance role), never from the application's settings. One
client per application serves every request (boto3 clients are thread-safe).
"""

from flask import current_app

from .storage import check_name

CLIENT_KEY = "johnschool.document_s3_client"
MISSING_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


class S3Storage:
    """Objects of one bucket, under a key prefix, named by the document's random name."""

    def __init__(self, client, bucket: str, prefix: str = "", encryption: str | None = None):
        self.client, self.bucket, self.prefix, self.encryption = client, bucket, prefix, encryption

    def _key(self, name: str) -> str:
        """The object key of a stored name."""
        return self.prefix + check_name(name)

    def save(self, name: str, data: bytes) -> None:
        """Put the object whole, typed as opaque bytes (the database knows the real type)."""
        extra = {"ServerSideEncryption": self.encryption} if self.encryption else {}
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._key(name),
            Body=data,
            ContentType="application/octet-stream",
            **extra,
        )

    def read(self, name: str) -> bytes:
        """The object's bytes; FileNotFoundError when the bucket does not have it."""
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                raise FileNotFoundError(name) from error
            raise
        with answer["Body"] as body:
            return body.read()

    def delete(self, name: str) -> None:
        """Delete the object; deleting a missing object is not an error in S3."""
        self.client.delete_object(Bucket=self.bucket, Key=self._key(name))


def s3_client():
    """The application's S3 client, made once from the settings."""
    client = current_app.extensions.get(CLIENT_KEY)
    if client is None:
        import boto3

        config = current_app.config
        client = boto3.client(
            "s3",
            endpoint_url=config.get("DOCUMENT_S3_ENDPOINT_URL") or None,
            region_name=config.get("DOCUMENT_S3_REGION") or None,
        )
        current_app.extensions[CLIENT_KEY] = client
    return client


def s3_storage() -> S3Storage:
    """The bucket the settings name."""
    config = current_app.config
    bucket = config.get("DOCUMENT_S3_BUCKET")
    if not bucket:
        raise RuntimeError("DOCUMENT_STORAGE is 's3' but DOCUMENT_S3_BUCKET is not set")
    return S3Storage(
        s3_client(),
        bucket,
        config.get("DOCUMENT_S3_PREFIX") or "",
        config.get("DOCUMENT_S3_SERVER_SIDE_ENCRYPTION") or None,
    )
