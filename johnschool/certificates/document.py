"""The certificate's PDF: one bilingual page, the same bytes for the same certificate.

A certificate is plain data (no database, no request) drawn on one letter page in French and
English together; its strings live here rather than in Flask-Babel, since both languages are
printed at once whatever the reader's language. The PDF's title and file name stay neutral.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

from ..pdf import PAGE_SIZE, draw_lines, neutral_filename, render_pdf
from ..referrals.letters import format_date
from . import qr

NEUTRAL_PROGRAM_NAMES = {"fr": "Programme de formation", "en": "Training program"}
TEXT = {
    "title": ("Attestation de réussite", "Certificate of completion"),
    "certify": ("Nous attestons que", "This is to certify that"),
    "completed": ("a terminé le programme le {fr}", "completed the program on {en}"),
    "serial": ("Numéro : {serial}", "Serial: {serial}"),
    "issued": ("Délivrée le {fr}", "Issued on {en}"),
    "verify": (
        "Pour vérifier cette attestation :",
        "To verify this certificate:",
    ),
}
WIDTH, HEIGHT = PAGE_SIZE
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
QR_SIZE = 110


@dataclass(frozen=True)
class CertificateDocument:
    """What a certificate prints; the same document always gives the same bytes."""

    serial: str
    holder_name: str
    completed_on: date
    issued_on: date
    verify_url: str
    program_name: str = ""  # empty: the neutral name in each language
    signatory: str = ""


def certificate_filename(serial: str) -> str:
    """Return the discreet file name of a certificate."""
    return neutral_filename("certificate", serial)


def render_certificate(document: CertificateDocument) -> bytes:
    """Render a certificate to PDF bytes."""
    return render_pdf(
        lambda canvas: _draw(canvas, document), title=f"Attestation {document.serial}"
    )


def _both(key: str, **values) -> str:
    """The French and English texts of key, on two lines."""
    french, english = TEXT[key]
    return f"{french.format(**values)}\n{english.format(**values)}"


def _program_names(document: CertificateDocument) -> str:
    """The program's name as set, or the neutral name in each language."""
    if document.program_name.strip():
        return document.program_name.strip()
    return f"{NEUTRAL_PROGRAM_NAMES['fr']}\n{NEUTRAL_PROGRAM_NAMES['en']}"


def _centred(canvas: Canvas, text: str, y: float, size: float, *, bold=False, gap=14) -> float:
    """Draw text centred across the page below y; return the y below it and a gap."""
    below = draw_lines(
        canvas, text, x=MARGIN, y=y, width=TEXT_WIDTH, size=size, bold=bold, centred=True
    )
    return below - gap


def _draw(canvas: Canvas, document: CertificateDocument) -> None:
    """Draw the whole certificate, top to bottom."""
    canvas.setLineWidth(2)
    canvas.rect(36, 36, WIDTH - 72, HEIGHT - 72)
    y = _centred(canvas, _program_names(document), HEIGHT - 90, 14, gap=30)
    y = _centred(canvas, _both("title"), y, 24, bold=True, gap=36)
    y = _centred(canvas, _both("certify"), y, 12, gap=18)
    y = _centred(canvas, document.holder_name, y, 22, bold=True, gap=18)
    completed = _dates(document.completed_on)
    y = _centred(canvas, _both("completed", **completed), y, 12, gap=30)
    y = _centred(canvas, _both("serial", serial=document.serial), y, 11, gap=8)
    _centred(canvas, _both("issued", **_dates(document.issued_on)), y, 11)
    _draw_signature(canvas, document.signatory)
    _draw_verification(canvas, document.verify_url)


def _dates(day: date) -> dict:
    """A date in words in French and in English."""
    return {"fr": format_date(day, "fr"), "en": format_date(day, "en")}


def _draw_signature(canvas: Canvas, signatory: str) -> None:
    """Draw the signature line with the signatory's name under it, when one is set."""
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, 250, MARGIN + 220, 250)
    if signatory.strip():
        draw_lines(canvas, signatory.strip(), x=MARGIN, y=244, width=220, size=10)


def _draw_verification(canvas: Canvas, verify_url: str) -> None:
    """Draw the QR code of the verification address, and the address itself below."""
    _draw_qr(canvas, verify_url, x=WIDTH - MARGIN - QR_SIZE, y=150)
    y = draw_lines(canvas, _both("verify"), x=MARGIN, y=130, width=TEXT_WIDTH, size=9)
    draw_lines(canvas, verify_url, x=MARGIN, y=y - 2, width=TEXT_WIDTH, size=9)


@lru_cache(maxsize=512)
def qr_path(value: str) -> tuple[int, str]:
    """Encode value as a QR code: its size in modules and the path of its dark modules.

    A certificate is downloaded again and again: the paths of recent addresses are kept.
    """
    code = qr.encode(value)
    return code.size, code.path()


def _draw_qr(canvas: Canvas, value: str, *, x: float, y: float) -> None:
    """Draw value's QR code as one filled path, QR_SIZE wide, its lower left corner at x, y.

    In a coordinate system of one unit per module, every run of dark modules in a row is an
    integer rectangle: a short path, much quicker to write than reportlab's graphics shapes.
    """
    size, path = qr_path(value)
    module = QR_SIZE / (size + 2 * qr.QUIET)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(module, module)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(f"{path} f")
    canvas.restoreState()
