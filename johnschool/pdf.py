"""The PDF foundation: shipped fonts, fixed bytes, neutral metadata and file names.

Every PDF of the app goes through ``render_pdf`` (a drawing on one canvas, for fixed layouts
such as certificates, whose texts ``draw_lines`` writes) or ``render_flowables`` (paragraphs laid
out over as many pages as they need, for letters and reports). Both give a letter-size document
that:

- uses only the DejaVu Sans faces shipped in ``johnschool/fonts`` (embedded as subsets), never
  reportlab's default Helvetica, so a name prints as written: Łukasz, Nguyễn, Ștefan;
- embeds in the first subset of each face it uses the same characters whatever it prints: ASCII
  and ``SEEDED_CHARACTERS`` (cp1252's letters and signs, and those of Central European names).
  Each subset's font program, widths and ToUnicode map are built once per process and shared,
  so a PDF whose text is all in that set costs no subsetting (see ``SharedSubsetFont``), and
  even a short PDF carries some 50 KB of each face it uses;
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

import copy
import io
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)
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

# Beside ASCII, the first subset of a face holds 159 characters, in this order: cp1252's beyond
# ASCII (every letter and sign of French and English) less the no-break space (drawn as a space)
# and the soft hyphen (its five undefined bytes skipped), then the letters of Central European
# names that cp1252 lacks.
SEEDED_CHARACTERS = (
    bytes(range(0x80, 0x100))
    .decode("cp1252", errors="ignore")
    .replace("\xa0", "")
    .replace("\xad", "")
    + "ĂăĄąĆćČčĎďĘęĚěŁłŃńŐőŘřŚśȘșȚțŤťŮůŰűŹźŻż"
)
SHARED_SUBSETS = 64  # the subsets kept for each face, the seeded first one and rarer ones
_ESCAPED_BYTES = tuple(escapePDF(bytes([byte])) for byte in range(256))  # as PDF strings hold them

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9-]+")
_REPEATED_HYPHENS = re.compile(r"-{2,}")


@dataclass(frozen=True)
class _Subset:
    """What reportlab embeds for one subset of a face, formatted once to be written again."""

    base_name: str  # "AAAAAA+DejaVuSans": the subset's index, then the face
    font: dict[str, bytes]  # the font dictionary but for its name and references
    unicode_map: bytes  # the ToUnicode CMap
    program: bytes  # the TrueType font program of the subset's glyphs
    descriptor: dict[str, bytes]  # the font descriptor but for its FontFile2 reference


class SharedSubsetFont(TTFont):
    """A TrueType font whose embedded subsets are built once per process and shared by PDFs.

    reportlab gives a character of a TrueType font a code in a subset of 256 as a document first
    prints it, and at save builds each subset's font program, widths and ToUnicode map: the
    slowest part of a short PDF. Two documents that print the same characters in another order
    get other subsets, so this font first gives each document SEEDED_CHARACTERS, which fill the
    first subset: it is then the same in every document and built once. Rarer characters go on
    to further subsets, kept by their characters too (the last SHARED_SUBSETS used).

    reportlab's dynamic fonts document splitString as the way text is coded for a document, and
    PDFDocument calls addObjects at save for each such font it used. This class overrides just
    those two: splitString to give a new document a copy of a state seeded once (seeding each
    document anew would take longer than coding all of a certificate's text), and addObjects to
    write the same objects as reportlab's own from kept parts; the tests compare both with what
    reportlab itself gives. Building a part holds a lock, as the face reads its font file
    through one shared position, so documents may be rendered from several threads; a document
    itself is only ever drawn by one.
    """

    def __init__(self, name: str, data: bytes):
        super().__init__(name, io.BytesIO(data))
        self._subsets: OrderedDict[tuple[int, tuple[int, ...]], _Subset] = OrderedDict()
        self._lock = threading.Lock()
        seeded = pdfdoc.PDFDocument()  # stands for every document while the seed is coded
        super().splitString(SEEDED_CHARACTERS, seeded)
        self._seed = self.state.pop(seeded)

    def splitString(self, text, doc, encoding="utf-8"):
        """Code text for doc in (subset, bytes) runs, seeding the subsets of a new document."""
        if doc not in self.state:
            self.state[doc] = self._seeded_state()
        return super().splitString(text, doc, encoding)

    def _seeded_state(self) -> TTFont.State:
        """A new document's coding state with SEEDED_CHARACTERS coded: a copy of the seed.

        A state holds two containers, the code of each character and the characters of each
        subset, which are copied; the rest (the next code, the name and whether it is frozen)
        are numbers and strings.
        """
        state = copy.copy(self._seed)
        state.assignments = dict(self._seed.assignments)
        state.subsets = [list(subset) for subset in self._seed.subsets]
        return state

    def addObjects(self, doc):
        """Add to doc, at save, the font objects of each subset it used."""
        state = self.state[doc]
        state.frozen = 1
        for index, characters in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(index, doc)[1:]
            subset = self._subset(index, tuple(characters), doc)
            unicode_map = _stream(doc, subset.unicode_map)
            font = _Dictionary(
                subset.font,
                Name=pdfdoc.PDFName(internal_name),
                ToUnicode=doc.Reference(unicode_map, "toUnicodeCMap:" + subset.base_name),
                FontDescriptor=self._add_descriptor(doc, subset),
            )
            reference = doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = reference
        del self.state[doc]

    def _add_descriptor(self, doc, subset: _Subset):
        """Add a subset's font program and descriptor to doc; return the descriptor's reference."""
        program = _stream(doc, subset.program)
        program.dictionary["Length1"] = len(subset.program)
        reference = doc.Reference(program, f"fontFile:{self.face.filename}({subset.base_name})")
        descriptor = _Dictionary(subset.descriptor, FontFile2=reference)
        return doc.Reference(descriptor, "fontDescriptor:" + subset.base_name)

    def _subset(self, index: int, characters: tuple[int, ...], doc) -> _Subset:
        """The parts of the subset of index holding characters: kept, or built and kept."""
        key = (index, characters)
        with self._lock:
            subset = self._subsets.get(key)
            if subset is None:
                subset = self._subsets[key] = self._build_subset(index, characters, doc)
                if len(self._subsets) > SHARED_SUBSETS:
                    self._subsets.popitem(last=False)
            self._subsets.move_to_end(key)
        return subset

    def _build_subset(self, index: int, characters: tuple[int, ...], doc) -> _Subset:
        """Build the parts of a subset, as reportlab's TTFont.addObjects does, and format them."""
        face = self.face
        base_name = (SUBSETN(index) + b"+" + face.name + face.subfontNameX).decode("pdfdoc")
        descriptor = {
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": face.flags & ~FF_NONSYMBOLIC | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base_name),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "MissingWidth": face.defaultWidth,
        }
        font = {
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("TrueType"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "FirstChar": 0,
            "LastChar": len(characters) - 1,
            "Widths": pdfdoc.PDFArray(map(face.getCharWidth, characters)),
        }
        return _Subset(
            base_name=base_name,
            font=_formatted(font, doc),
            unicode_map=pdfdoc.pdfdocEnc(makeToUnicodeCMap(base_name, characters)),
            program=face.makeSubset(characters),
            descriptor=_formatted(descriptor, doc),
        )


def _formatted(entries: dict, doc) -> dict[str, bytes]:
    """The entries of a PDF dictionary with their values formatted, to be written as they are."""
    return {key: pdfdoc.format(value, doc) for key, value in entries.items()}


class _Dictionary(pdfdoc.PDFObject):
    """A PDF dictionary of entries formatted beforehand, and of others (such as references,
    whose numbers differ by document) formatted as it is written: the same bytes as a
    PDFDictionary of them all, without formatting the same keys and values again and again."""

    def __init__(self, formatted: dict[str, bytes], **entries):
        self.formatted = formatted
        self.entries = entries

    def format(self, document) -> bytes:
        """Write the dictionary as PDFDictionary.format does: keys in order, six to a line."""
        values = dict(self.formatted)
        values.update((key, pdfdoc.format(value, document)) for key, value in self.entries.items())
        lines = [b"/" + key.encode() + b" " + values[key] for key in sorted(values)]
        if rl_config.pdfMultiLine:
            return b"<<\n" + b"\n ".join(lines) + b"\n>>"
        for index in reversed(range(6, len(lines), 6)):
            lines.insert(index, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"


def _stream(doc, content: str | bytes):
    """A stream of content, compressed if doc compresses its streams, as reportlab's fonts do."""
    stream = pdfdoc.PDFStream(content=content)
    if doc.compression:
        stream.filters = [pdfdoc.PDFZCompress]
    return stream


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
        leading=size * 1.3,
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
    leading = size * 1.3
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
