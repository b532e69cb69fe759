"""The PDF foundation: fixed bytes, the shipped font only, names as written, discretion.

PDFs are uncompressed, so these tests read them directly: ``shown_text`` decodes every string
a page shows through the ToUnicode map of its font, which is what a viewer's copy and paste or
``pdftotext`` would give, without depending on a tool the CI may lack.
"""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak

from johnschool import pdf, pdf_fonts

NAMES = ["Łukasz", "Nguyễn", "Ștefan", "Ó Súilleabháin"]
# Names with letters beyond SEEDED_CHARACTERS, each in a subset of its own after the first.
RARER_NAMES = ["Nguyễn Thị Ánh", "Kārlis Ķēniņš", "Şükrü Öztürk", "Ŀuís Ǆemal", "Ģirts Ļaviņš"]
REVEALING_WORDS = ["john", "school", "sexual", "prostitution", "diversion", "court"]

_OBJECT = re.compile(rb"(\d+) 0 obj\n(.*?)\nendobj", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_FONT = re.compile(rb"/Name /(\S+) .*?/ToUnicode (\d+) 0 R", re.DOTALL)
_BFCHAR = re.compile(rb"<([0-9A-F]{2})> <([0-9A-F]+)>")
_SHOW = re.compile(rb"/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) ?Tj|T\*", re.DOTALL)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def objects(data):
    """Map each object number of a PDF to its body."""
    return {int(number): body for number, body in _OBJECT.findall(data)}


def unicode_maps(data):
    """Map each font resource name to its code -> text table."""
    bodies = objects(data)
    maps = {}
    for name, cmap in _FONT.findall(data):
        pairs = _BFCHAR.findall(bodies[int(cmap)].partition(b"beginbfchar")[2])
        maps[name] = {
            int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs
        }
    return maps


def unescape(literal):
    """Return the bytes of a PDF literal string."""

    def replace(match):
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return _ESCAPED.get(escaped, escaped)

    return _ESCAPE.sub(replace, literal)


def shown_text(data):
    """Return the text the pages show, one line per text line."""
    maps = unicode_maps(data)
    font, parts = None, []
    for stream in _STREAM.findall(data):
        for match in _SHOW.finditer(stream):
            if match.group(1):
                font = maps.get(match.group(1))
            elif match.group(2) is not None:
                parts.extend(font[code] for code in unescape(match.group(2)))
            else:
                parts.append("\n")
    return "".join(parts)


def base_fonts(data):
    """Return the base font names a PDF declares."""
    return {name.decode() for name in re.findall(rb"/BaseFont /(\S+)", data)}


def draw_names(canvas):
    """Draw every test name, wrapped and on a line of their own."""
    y = pdf.draw_lines(canvas, "Nom / Name", x=72, y=720, width=468, size=14)
    pdf.draw_lines(canvas, "\n".join(NAMES), x=72, y=y - 12, width=468)
    canvas.setFont(pdf.BOLD_FONT, 12)
    canvas.drawString(72, 100, "Ó Súilleabháin")


def letter():
    """Return the flowables of a short two-page letter."""
    return [
        pdf.paragraph("Objet : dossier 2026-00042", pdf.text_style(bold=True)),
        pdf.paragraph(", ".join(NAMES) * 40),
        PageBreak(),
        pdf.paragraph("Fin / End"),
    ]


def test_the_same_drawing_gives_the_same_bytes():
    first = pdf.render_pdf(draw_names, title="Document 2026-00042")
    pdf.render_pdf(lambda canvas: canvas.drawString(72, 72, "autre"), title="Autre")
    assert pdf.render_pdf(draw_names, title="Document 2026-00042") == first


def test_the_same_flowables_give_the_same_bytes():
    assert pdf.render_flowables(letter(), title="Lettre") == pdf.render_flowables(
        letter(), title="Lettre"
    )


def test_a_fresh_process_with_another_hash_seed_gives_the_same_bytes():
    # A paragraph first, as a worker's first PDF would: the fonts must register themselves.
    script = (
        "import sys\nfrom johnschool import pdf\n"
        f"sys.stdout.buffer.write(pdf.render_flowables([pdf.paragraph({NAMES!r}[0])], title='x'))"
    )
    root = Path(pdf.__file__).parent.parent
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        check=True,
    ).stdout
    assert other == pdf.render_flowables([pdf.paragraph(NAMES[0])], title="x")


@pytest.mark.parametrize(
    "render",
    [
        lambda: pdf.render_pdf(draw_names, title="t"),
        lambda: pdf.render_flowables(letter(), title="t"),
    ],
    ids=["canvas", "flowables"],
)
def test_only_the_shipped_font_is_embedded(render):
    data = render()
    assert b"/FontFile2" in data
    assert {name.split("+", 1)[1] for name in base_fonts(data)} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(re.fullmatch(r"[A-Z]{6}\+DejaVuSans(-Bold)?", name) for name in base_fonts(data))
    assert b"helvetica" not in data.lower()


def test_names_print_as_written():
    text = shown_text(pdf.render_pdf(draw_names, title="t"))
    for name in NAMES:
        assert name in text.splitlines()


def test_names_survive_in_flowables_over_several_pages():
    data = pdf.render_flowables(letter(), title="t")
    assert data.count(b"/Type /Page\n") == 2
    assert "Łukasz, Nguyễn, Ștefan, Ó Súilleabháin" in shown_text(data).replace("\n", " ")


def test_the_toUnicode_maps_hold_the_letters_beyond_latin_1():
    maps = unicode_maps(pdf.render_pdf(draw_names, title="t"))
    code_points = {ord(char) for table in maps.values() for char in table.values()}
    assert {0x0141, 0x1EC5, 0x0218} <= code_points


def test_a_decomposed_name_prints_composed():
    data = pdf.render_pdf(
        lambda canvas: pdf.draw_lines(canvas, "Nguye\u0302\u0303n", x=72, y=720, width=468),
        title="t",
    )
    assert "Nguyễn" in shown_text(data)


def test_markup_characters_in_a_name_print_literally():
    name = "<b>O'Brien & fils</b>"
    data = pdf.render_pdf(
        lambda canvas: pdf.draw_lines(canvas, name, x=72, y=720, width=468), title="t"
    )
    assert name in shown_text(data)


def test_a_character_the_font_lacks_prints_as_a_box_without_failing():
    data = pdf.render_pdf(
        lambda canvas: pdf.draw_lines(canvas, "陳 Łukasz", x=72, y=720, width=468), title="t"
    )
    text = shown_text(data)
    assert "Łukasz" in text
    assert "陳" not in text
    assert pdf.unprintable_characters("陳大文 Łukasz 陳") == "陳大文"


def test_the_shipped_font_draws_every_test_name_and_right_to_left_scripts():
    assert pdf.unprintable_characters(" ".join([*NAMES, *RARER_NAMES, "משה כהן", "محمد"])) == ""


def test_a_right_to_left_name_renders_in_logical_order():
    data = pdf.render_pdf(
        lambda canvas: pdf.draw_lines(canvas, "משה כהן", x=72, y=720, width=468), title="t"
    )
    # No bidirectional reordering: the letters are drawn in the order they are typed.
    assert "משה כהן" in shown_text(data)


def test_draw_lines_wraps_and_returns_the_y_below():
    lines = {}

    def draw(canvas):
        lines["one"] = 720 - pdf.draw_lines(canvas, "mot", x=72, y=720, width=468)
        lines["many"] = 720 - pdf.draw_lines(canvas, "mot " * 200, x=72, y=720, width=468)

    pdf.render_pdf(draw, title="t")
    assert lines["one"] == pytest.approx(11 * 1.3)
    assert lines["many"] > 5 * lines["one"]


def test_draw_lines_keeps_every_line_within_its_width_and_every_character():
    text = "Wolfeschlegelsteinhausenbergerdorff " * 4 + "é" * 300
    data = pdf.render_pdf(
        lambda canvas: pdf.draw_lines(canvas, text, x=72, y=720, width=200), title="t"
    )
    lines = shown_text(data).splitlines()
    assert len(lines) > 4
    assert all(pdfmetrics.stringWidth(line, pdf.FONT, 11) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_draw_lines_centres_each_line_in_the_width():
    lines = ["court", "une ligne bien plus longue"]

    def draw(canvas):
        pdf.draw_lines(canvas, "\n".join(lines), x=100, y=700, width=300, size=12, centred=True)

    lefts = re.findall(rb"1 0 0 1 ([\d.]+) [\d.]+ Tm", pdf.render_pdf(draw, title="t"))
    for line, left in zip(lines, lefts, strict=True):
        middle = float(left) + pdfmetrics.stringWidth(line, pdf.FONT, 12) / 2
        assert middle == pytest.approx(250, abs=0.01)


def reportlab_embedding(monkeypatch):
    """Make the shipped fonts code and embed as reportlab's own TrueType fonts do, seeding each
    document anew and building each of its subsets anew."""

    def seed_anew(font, text, doc, encoding="utf-8"):
        if doc not in font.state:
            TTFont.splitString(font, pdf_fonts.SEEDED_CHARACTERS, doc)
        return TTFont.splitString(font, text, doc, encoding)

    monkeypatch.setattr(pdf_fonts.SharedSubsetFont, "splitString", seed_anew)
    monkeypatch.setattr(pdf_fonts.SharedSubsetFont, "addObjects", TTFont.addObjects)


@pytest.mark.parametrize(
    "render",
    [
        lambda: pdf.render_pdf(draw_names, title="t"),
        lambda: pdf.render_flowables(letter(), title="t"),
        lambda: pdf.render_pdf(
            lambda canvas: pdf.draw_lines(canvas, "\n".join(RARER_NAMES), x=72, y=720, width=468),
            title="t",
        ),
    ],
    ids=["canvas", "flowables", "rarer names"],
)
def test_shared_subsets_are_the_bytes_of_reportlabs_own_embedding(render, monkeypatch):
    shared = render()
    reportlab_embedding(monkeypatch)
    assert render() == shared


def test_every_pdf_codes_the_seeded_characters_in_its_first_subset():
    assert len(pdf_fonts.SEEDED_CHARACTERS) == len(set(pdf_fonts.SEEDED_CHARACTERS)) == 159
    assert pdf.unprintable_characters(pdf_fonts.SEEDED_CHARACTERS) == ""
    short = unicode_maps(
        pdf.render_pdf(
            lambda canvas: pdf.draw_lines(canvas, "Bonjour", x=72, y=720, width=468), title="t"
        )
    )
    names = unicode_maps(pdf.render_pdf(draw_names, title="t"))
    assert short[b"F1+0"] == names[b"F1+0"]
    assert len(names[b"F1+0"]) == 256  # full: the other letters go on to a second subset
    assert set(pdf_fonts.SEEDED_CHARACTERS) <= set(names[b"F1+0"].values())
    assert "ễ" in names[b"F1+1"].values()


def test_pdfs_rendered_in_several_threads_are_the_bytes_of_one(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "SHARED_SUBSETS", 1)  # subsets built again and again, at once

    def render(name):
        return pdf.render_pdf(
            lambda canvas: pdf.draw_lines(canvas, name, x=72, y=720, width=468, bold=True),
            title="t",
        )

    names = RARER_NAMES * 8
    expected = {name: render(name) for name in RARER_NAMES}
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(render, names)) == [expected[name] for name in names]


def test_metadata_is_the_callers_title_and_otherwise_neutral():
    data = pdf.render_pdf(lambda canvas: canvas.drawString(72, 72, "Bonjour"), title="Lettre 42")
    info = next(body for body in objects(data).values() if b"/Producer" in body)
    assert b"/Title (Lettre 42)" in info
    for key in (b"Author", b"Creator", b"Producer"):
        assert b"/" + key + b" (Portail du programme)" in info
    assert b"/Subject (Document)" in info
    assert b"/CreationDate (D:20000101000000+00'00')" in info


@pytest.mark.parametrize("word", REVEALING_WORDS)
def test_a_neutral_document_never_names_the_program(word):
    data = pdf.render_pdf(draw_names, title="Document 2026-00042")
    assert word.encode() not in data.lower()


def test_registering_the_fonts_twice_keeps_the_first_registration():
    pdf.register_fonts()
    font = pdfmetrics.getFont(pdf.FONT)
    pdf.register_fonts()
    assert pdfmetrics.getFont(pdf.FONT) is font


@pytest.mark.parametrize(
    ("kind", "number", "expected"),
    [
        ("letter", "2026-00042", "document-2026-00042.pdf"),
        ("report", 42, "report-42.pdf"),
        ("certificate", "2026-00042", "attestation-2026-00042.pdf"),
        ("letter", "2026/00042", "document-2026-00042.pdf"),
        ("letter", "../../etc/passwd", "document-etc-passwd.pdf"),
        ("letter", " 2026 00042.pdf ", "document-2026-00042-pdf.pdf"),
        ("letter", "Nguyễn-7", "document-Nguy-n-7.pdf"),
    ],
)
def test_neutral_filename(kind, number, expected):
    assert pdf.neutral_filename(kind, number) == expected


@pytest.mark.parametrize("kind", pdf.FILE_WORDS)
def test_every_file_name_is_ascii_and_discreet(kind):
    name = pdf.neutral_filename(kind, "2026-00042")
    assert name.isascii()
    assert not any(word in name.lower() for word in REVEALING_WORDS)


@pytest.mark.parametrize(
    ("kind", "number"), [("john-school", 1), ("letter", ""), ("letter", "/é/")]
)
def test_neutral_filename_refuses_an_unknown_kind_or_an_empty_number(kind, number):
    with pytest.raises(ValueError):
        pdf.neutral_filename(kind, number)
