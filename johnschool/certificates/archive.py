"""A zip of certificates: the same bytes for the same certificates, neutral file names."""

import io
import zipfile
from collections.abc import Iterable

from .document import certificate_filename

# A fixed date and no compression: the bytes depend on the certificates alone (not on the
# clock or the zlib build), as the PDFs' do.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def cohort_archive_name(cohort_id: int) -> str:
    """Return the discreet file name of a cohort's zip of certificates."""
    return f"attestations-{cohort_id}.zip"


def certificates_zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    """Pack (serial, PDF bytes) pairs into a zip, one neutral file name per certificate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for serial, data in sorted(files):
            info = zipfile.ZipInfo(certificate_filename(serial), date_time=FIXED_DATE)
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
