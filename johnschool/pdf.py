"""The PDF foundation: shipped fonts, fixed bytes, neutral metadata and file names.

Every PDF of the app goes through ``render_pdf`` (a drawing on one canvas, for fixed layouts
such as certificates, whose texts ``draw_lines`` writes) or ``render_flowables`` (paragraphs laid
out over as many pages as they need, for letters and reports). Both give a letter-size document
that:

- uses only the DejaVu Sans faces shipped in ``johnschool/fonts`` (embedded as subsets), never
  reportlab's default Helvetica, so a name prints as written: Łukasz, Nguyễn, Ștefan;
- embeds in the first subset of each face it uses the same characters whatever it prints: ASCII
  and ``pdf_fonts.SEEDED_CHARACTERS`` (cp1252's letters and signs, and those of Central
  European names). Each subset's font program, widths and ToUnicode map are built once per
  process and shared, so a PDF whose text is all in that set costs no subsetting (see
  ``pdf_fonts.SharedSubsetFont``), and even a short PDF carries some 50 KB of each face it uses;
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
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from .pdf_fonts import SharedSubsetFont

FONT = "DejaVuSans"
LEADING = 1.3  # the height of a line of text, as a multiple of its font size
BOLD_FONT = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", BOLD_FONT: "DejaVuSans-Bold.ttf"}

PAGE_SIZE = LETTER
AUTHOR = CREATOR = PRODUCER = "Portail du programme"
SUBJECT = "Document"

# Caller's intent -> the word that goes in the file name; the same in French and English.
FILE_WORDS = {
    "certificate": "attestation",
    "letter": "document",
    "notice": "notice",
    "report": "report",
    "roster": "roster",
    "receipt": "receipt",
}

_ESCAPED_BYTES = tuple(escapePDF(bytes([byte])) for byte in range(256))  # as PDF strings hold them

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9-]+")
_REPEATED_HYPHENS = re.compile(r"-{2,}")


def register_fonts() -> None:
    """Register the shipped DejaVu Sans faces with reportlab, once."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in FONT_FILES.items():
        if name not in registered:
            # Bytes rather than a path: works from a zipped package and keeps paths out of PDFs.
            data = (resources.files(__package__) / "fonts" / filename).read_bytes()
            pdfmetrics.registerFont(SharedSubsetFont(name, data))
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
        leading=size * LEADING,
        alignment=alignment,
    )


def paragraph(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """Return a paragraph printing text exactly as written, line breaks kept."""
    register_fonts()
    markup = escape(unicodedata.normalize("NFC", text)).replace("\n", "<br/>")
    return Paragraph(markup, style or text_style())


def draw_lines(
    canvas: Canvas,
    text: str,
    *,
    x: float,
    y: float,
    width: float,
    size: float = 11,
    bold: bool = False,
    centred: bool = False,
) -> float:
    """Draw text wrapped to width with its top at y, and return the y just below it.

    The lines and leading of a paragraph of text_style(size, bold=bold), left aligned or
    centred, for the short texts of a fixed layout such as a certificate, on a canvas of
    new_canvas: line breaks kept, wrapped at spaces (a word wider than width at any character),
    text printed exactly as written. It writes the text operators itself, as reportlab's
    TrueType fonts document (``reportlab.pdfbase.ttfonts``: splitString, then
    getSubsetInternalName for each run), without platypus's markup and layout or a text
    object's bookkeeping, which take several times as long.
    """
    font = pdfmetrics.getFont(BOLD_FONT if bold else FONT)
    leading = size * LEADING
    doc = canvas._doc  # the document that the font gives its codes for
    lines = _wrap(unicodedata.normalize("NFC", text), font.fontName, size, width)
    operators = ["BT"]
    for number, (line, line_width) in enumerate(lines):
        left = x + (width - line_width) / 2 if centred else x
        baseline = y - size - number * leading
        operators.append(f"1 0 0 1 {_number(left)} {_number(baseline)} Tm")
        for subset, codes in font.splitString(line, doc):
            name = font.getSubsetInternalName(subset, doc)
            operators.append(f"{name} {_number(size)} Tf ({_escaped(codes)}) Tj")
        operators.append("T*")  # the end of a line, as a text object's textLine writes it
    operators.append("ET")
    canvas.addLiteral(" ".join(operators))
    return y - len(lines) * leading


def _escaped(codes: bytes) -> str:
    """Codes as the inside of a PDF string, escaped as reportlab escapes them, byte by byte."""
    return "".join(map(_ESCAPED_BYTES.__getitem__, codes))


def _number(value: float) -> str:
    """A coordinate or size for a PDF content stream, to a hundredth of a point."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=256)
def _wrap(text: str, font: str, size: float, width: float) -> tuple[tuple[str, float], ...]:
    """Split text into lines no wider than width, each with its width, as a paragraph would: at
    its line breaks, then between words, and within a word only where the word alone is wider
    than width. The fixed texts of a layout come back again and again: they are kept."""
    lines = []
    for given in text.split("\n"):
        words = given.split()
        line = " ".join(words)
        line_width = pdfmetrics.stringWidth(line, font, size)
        if line_width <= width:
            lines.append((line, line_width))
        else:
            lines.extend(_fill(words, font, size, width))
    return tuple(lines)


def _fill(words: list[str], font: str, size: float, width: float) -> list[tuple[str, float]]:
    """Fill lines of width with words, each line with its width."""

    def measured(text: str) -> tuple[str, float]:
        return text, pdfmetrics.stringWidth(text, font, size)

    lines: list[tuple[str, float]] = []
    line = None
    for word in words:
        if line:
            joined = measured(f"{line[0]} {word}")
            if joined[1] <= width:
                line = joined
                continue
            lines.append(line)
        *pieces, line = map(measured, _break_word(word, lambda piece: measured(piece)[1] <= width))
        lines.extend(pieces)
    lines.append(line)
    return lines


def _break_word(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Break a word into pieces that fit, each as long as it can be (one character at least)."""
    pieces = []
    while len(word) > 1 and not fits(word):
        cut = next((end for end in range(len(word) - 1, 1, -1) if fits(word[:end])), 1)
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


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
