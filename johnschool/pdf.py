"""The PDF foundation: shipped fonts, fixed bytes, neutral metadata and file names.

Every PDF of the app goes through ``render_pdf`` (a drawing on one canvas, for fixed layouts
such as certificates) or ``render_flowables`` (paragraphs laid out over as many pages as they
need, for letters and reports). Both give a letter-size document that:

- uses only the DejaVu Sans faces shipped in ``johnschool/fonts`` (embedded as subsets), never
  reportlab's default Helvetica, so a name prints as written: Łukasz, Nguyễn, Ștefan;
- is the same bytes for the same content (``invariant``: a fixed date and a document id that
  does not change from run to run) and is left uncompressed, so the bytes do not depend on the
  zlib build either, and the text and its ToUnicode maps stay readable in the file;
- carries neutral metadata: the title the caller gives and nothing that names the program. A
  viewer shows that title in its window, so callers keep it as discreet as ``neutral_filename``.

A character the font has no glyph for (CJK, for instance) does not fail: it is drawn as the
font's empty box (glyph 0) and maps to no text. ``unprintable_characters`` finds such
characters, so a form can warn before a certificate is issued. Right-to-left text is drawn in
logical order, without bidirectional reordering or Arabic shaping (reportlab needs the optional
``rlbidi`` and ``uharfbuzz`` packages for those), so it reads reversed.
"""

import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

FONT = "DejaVuSans"
BOLD_FONT = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", BOLD_FONT: "DejaVuSans-Bold.ttf"}

PAGE_SIZE = LETTER
AUTHOR = CREATOR = PRODUCER = "Portail du programme"
SUBJECT = "Document"

# Caller's intent -> the word that goes in the file name; the same in French and English.
FILE_WORDS = {"certificate": "attestation", "letter": "document", "report": "document"}

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9-]+")
_REPEATED_HYPHENS = re.compile(r"-{2,}")


def register_fonts() -> None:
    """Register the shipped DejaVu Sans faces with reportlab, once."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in FONT_FILES.items():
        if name not in registered:
            # Bytes rather than a path: works from a zipped package and keeps paths out of PDFs.
            data = (resources.files(__package__) / "fonts" / filename).read_bytes()
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    # <b> in a paragraph picks the bold face; no italic is shipped, so italic stays upright.
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD_FONT, italic=FONT, boldItalic=BOLD_FONT
    )


def new_canvas(buffer: io.BytesIO, *, title: str) -> Canvas:
    """Create a letter-size canvas on buffer with fixed bytes and neutral metadata."""
    register_fonts()
    canvas = Canvas(buffer, initialFontName=FONT, **_document_options())
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setCreator(CREATOR)
    canvas.setProducer(PRODUCER)
    canvas.setSubject(SUBJECT)
    return canvas


def render_pdf(draw: Callable[[Canvas], object], *, title: str) -> bytes:
    """Render what draw puts on a new canvas and return the PDF bytes."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, title=title)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()


def render_flowables(flowables: Iterable[Flowable], *, title: str) -> bytes:
    """Lay flowables out on as many letter pages as they need and return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        initialFontName=FONT,
        title=title,
        author=AUTHOR,
        creator=CREATOR,
        producer=PRODUCER,
        subject=SUBJECT,
        **_document_options(),
    )
    document.build(list(flowables))
    return buffer.getvalue()


def _document_options() -> dict:
    """Return the canvas options that make the bytes depend on the content alone."""
    return {"pagesize": PAGE_SIZE, "invariant": 1, "pageCompression": 0}


def text_style(size: float = 11, *, bold: bool = False, alignment: int = TA_LEFT) -> ParagraphStyle:
    """Return a paragraph style in the shipped font."""
    register_fonts()  # a Paragraph looks its font up as soon as it is built
    font = BOLD_FONT if bold else FONT
    return ParagraphStyle(
        name=f"{font}-{size}-{alignment}",
        fontName=font,
        bulletFontName=font,
        fontSize=size,
        leading=size * 1.3,
        alignment=alignment,
    )


def paragraph(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """Return a paragraph printing text exactly as written, line breaks kept."""
    register_fonts()
    markup = escape(unicodedata.normalize("NFC", text)).replace("\n", "<br/>")
    return Paragraph(markup, style or text_style())


def draw_paragraph(
    canvas: Canvas,
    text: str,
    *,
    x: float,
    y: float,
    width: float,
    style: ParagraphStyle | None = None,
) -> float:
    """Draw text wrapped to width with its top at y, and return the y just below it."""
    block = paragraph(text, style)
    _, height = block.wrapOn(canvas, width, PAGE_SIZE[1])
    block.drawOn(canvas, x, y - height)
    return y - height


def unprintable_characters(text: str) -> str:
    """Return, once each and in order, the characters of text the shipped fonts cannot draw."""
    register_fonts()
    faces = [pdfmetrics.getFont(name).face for name in FONT_FILES]
    missing = (
        char
        for char in unicodedata.normalize("NFC", text)
        if not char.isspace() and any(ord(char) not in face.charToGlyph for face in faces)
    )
    return "".join(dict.fromkeys(missing))


def neutral_filename(kind: str, number: int | str) -> str:
    """Return a discreet ASCII file name for a PDF of a known kind, such as a letter."""
    if kind not in FILE_WORDS:
        raise ValueError(f"unknown document kind: {kind!r}")
    cleaned = _REPEATED_HYPHENS.sub("-", _UNSAFE_IN_NAME.sub("-", str(number))).strip("-")
    if not cleaned:
        raise ValueError(f"no usable characters in document number: {number!r}")
    return f"{FILE_WORDS[kind]}-{cleaned}.pdf"
