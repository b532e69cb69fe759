"""Certificate rendering: PDFs per second as a ratio of a bare one-page reportlab canvas.

Both are drawn in this process, in alternating batches over the same seconds, so that the
machine's speed and any drift cost them alike: the ratio is what the certificate itself costs
(the embedded DejaVu subsets, the lines of text, the QR code). Every rendering is of another
certificate, as in a cohort's zip: the QR code of a verification address is encoded anew.
Run by bench/run.py after the pages, or alone: `.venv/bin/python bench/certificates.py [seconds]`.
"""

import dataclasses
import io
import itertools
import statistics
import sys
import time
from datetime import date

from load import Measurement
from reportlab.pdfgen.canvas import Canvas

from johnschool.certificates.document import CertificateDocument, render_certificate

TARGET = 0.3
BATCH = 5
DOCUMENT = CertificateDocument(
    serial="JS-2026-01234",
    holder_name="Ștefan Ó Súilleabháin",
    completed_on=date(2026, 12, 1),
    issued_on=date(2026, 12, 3),
    verify_url="https://attestations.example.org/verify/AbCdEfGhIjKlMnOpQrSt",
    program_name="Programme de formation",
    signatory="Marie Côté, coordonnatrice",
)


def bare_page() -> bytes:
    """Draw one line on a one-page canvas with reportlab's defaults: the baseline."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Hello")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


_numbers = itertools.count(1)


def certificate() -> bytes:
    """Render a certificate of its own: another serial and code, so no QR code is reused."""
    number = next(_numbers)
    url = f"{DOCUMENT.verify_url[:-5]}{number:05d}"
    return render_certificate(
        dataclasses.replace(DOCUMENT, serial=f"JS-2026-{number:05d}", verify_url=url)
    )


class Timings:
    """The durations and sizes of one kind of rendering."""

    def __init__(self, path: str, note: str):
        self.path, self.note = path, note
        self.durations: list[float] = []
        self.bytes = 0

    def run(self, render) -> None:
        """Render a batch, timing each rendering."""
        for _ in range(BATCH):
            started = time.perf_counter()
            self.bytes += len(render())
            self.durations.append(time.perf_counter() - started)

    def measurement(self) -> Measurement:
        """The numbers in the shape of the report's rows (ms per rendering as latencies)."""
        ms = sorted(duration * 1000 for duration in self.durations)
        return Measurement(
            path=self.path,
            requests=len(ms),
            seconds=sum(self.durations),
            bytes=self.bytes,
            non2xx=0,
            p50_ms=statistics.median(ms),
            p99_ms=ms[min(len(ms) - 1, int(len(ms) * 0.99))],
            socket_errors=0,
            note=self.note,
        )


def measure(seconds: float = 10.0) -> list[tuple[Measurement, float, float | None]]:
    """Render both in turns for seconds; return report rows (measurement, ratio, target)."""
    certificate()  # load the fonts once, as a running server has
    bare = Timings("bare reportlab page", "rendered in process: the baseline of the row below")
    cert = Timings("certificate PDF", "rendered in process: ratio to the bare page")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        bare.run(bare_page)
        cert.run(certificate)
    bare_row, cert_row = bare.measurement(), cert.measurement()
    return [(bare_row, 1.0, None), (cert_row, cert_row.rps / bare_row.rps, TARGET)]


if __name__ == "__main__":
    import report

    print("\n".join(report.results_table(measure(float(sys.argv[1]) if len(sys.argv) > 1 else 5))))
