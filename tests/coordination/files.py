"""Small files of each kind the document upload accepts or refuses."""

import io

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 40


def upload(data: bytes, name: str, kind: str = "consent") -> dict:
    """The form data of an upload."""
    return {"kind": kind, "file": (io.BytesIO(data), name)}
