"""The certificates' QR codes: the symbols of an independent encoder, the mask the standard picks,
and a code that a scanner reads off the PDF as the verification address.

reportlab's own encoder (which drew the codes before) is the independent one: given the data,
level M and a mask, it must give the same modules. The penalties are counted here module by
module, as ISO/IEC 18004 words its rules, and zxing-cpp is the scanner.
"""

import re
from datetime import date
from itertools import groupby

import pytest
import zxingcpp
from PIL import Image
from reportlab.graphics.barcode.qrencoder import QR8bitByte, QRCode, QRErrorCorrectLevel

from johnschool.certificates import qr
from johnschool.certificates.document import QR_SIZE, CertificateDocument, render_certificate

URL = "https://attestations.example.org/verify/AbCdEfGhIjKlMnOpQrSt"
# Texts whose lengths go through the versions: one block or several, short and long blocks,
# versions 7 and up with their version information, and the largest, 40.
TEXTS = [
    "",
    "https://a.example/v/1",
    URL,
    URL.lower() * 2,
    "verify/" * 45,
    "0123456789abcdef" * 44,
    "https://attestations.example.org/" * 70,
    "x" * 2331,
]
FINDER_CORE = [True, False, True, True, True, False, True]


def modules(code: qr.QrCode) -> list[list[bool]]:
    """The modules of a code, rows from the top, read back from the path it draws."""
    rows = [[False] * code.size for _ in range(code.size)]
    top = code.size + qr.QUIET - 1  # the y of the top row's rectangles
    for x, y, length in re.findall(r"(\d+) (\d+) (\d+) 1 re", code.path()):
        row = rows[top - int(y)]
        row[int(x) - qr.QUIET : int(x) - qr.QUIET + int(length)] = [True] * int(length)
    return rows


def reportlab_modules(text: str, version: int, mask: int) -> list[list[bool]]:
    """The modules reportlab's encoder gives text in version at level M with mask."""
    code = QRCode(version, QRErrorCorrectLevel.M)
    code.addData(QR8bitByte(text))
    code.makeImpl(False, mask)
    return [[bool(module) for module in row] for row in code.modules]


def penalty(rows: list[list[bool]]) -> int:
    """N1 + N2 + N3 + N4 of ISO/IEC 18004 (7.8.3.1), counted module by module; the quiet zone
    around the symbol counts as light for N3."""
    size = len(rows)
    lines = rows + [list(column) for column in zip(*rows, strict=True)]
    runs = [len(list(run)) for line in lines for _, run in groupby(line)]
    n1 = sum(3 + length - 5 for length in runs if length >= 5)
    n2 = sum(
        rows[y][x] == rows[y][x + 1] == rows[y + 1][x] == rows[y + 1][x + 1]
        for y in range(size - 1)
        for x in range(size - 1)
    )
    n3 = sum(finder_like(line) for line in lines)
    dark = sum(map(sum, rows))
    n4 = abs(20 * dark - 10 * size**2) // size**2  # whole 5 %s away from half dark
    return n1 + 3 * n2 + 40 * n3 + 10 * n4


def finder_like(line: list[bool]) -> int:
    """How often dark-light-dark dark dark-light-dark shows in line with 4 light before or
    after it."""
    padded = [False] * 4 + line + [False] * 4
    return sum(
        padded[start : start + 7] == FINDER_CORE
        and not (any(padded[start - 4 : start]) and any(padded[start + 7 : start + 11]))
        for start in range(4, len(line) - 2)
    )


@pytest.mark.parametrize("text", TEXTS, ids=lambda text: f"{len(text)} bytes")
def test_symbols_are_those_of_reportlabs_encoder_for_the_same_data_level_and_mask(text):
    code = qr.encode(text)
    assert code.size == 4 * code.version + 17
    assert modules(code) == reportlab_modules(text, code.version, code.mask)


@pytest.mark.parametrize("text", TEXTS[:5], ids=lambda text: f"{len(text)} bytes")
def test_the_mask_has_the_lowest_penalty_of_the_eight(text):
    code = qr.encode(text)
    penalties = [penalty(reportlab_modules(text, code.version, mask)) for mask in range(8)]
    assert penalties[code.mask] == min(penalties)
    assert code.mask == penalties.index(min(penalties))  # the lowest number on a tie


def test_the_smallest_version_that_holds_the_text_is_chosen():
    assert qr.encode(URL).version == 4  # 62 bytes at most in version 4 at level M, 42 in 3
    assert qr.encode("x" * 62).version == 4 and qr.encode("x" * 63).version == 5
    assert qr.encode("x" * 2331).version == 40
    with pytest.raises(ValueError):
        qr.encode("x" * 2332)


def drawn_code(data: bytes) -> Image.Image:
    """The QR code a certificate draws, as a picture of 4 pixels a module, from its one path."""
    match = re.search(rb"q\n([\d.]+) 0 0 \1 [\d.]+ [\d.]+ cm\n0 0 0 rg\n(.*?) f\nQ", data)
    assert match, "no QR code path in the PDF"
    width = round(QR_SIZE / float(match.group(1)))  # in modules, the quiet zone included
    picture = Image.new("L", (4 * width, 4 * width), 255)
    rectangles = re.findall(rb"(\d+) (\d+) (\d+) 1 re", match.group(2))
    for x, y, length in (map(int, rectangle) for rectangle in rectangles):
        assert qr.QUIET <= x and x + length <= width - qr.QUIET  # the quiet zone stays light
        assert qr.QUIET <= y < width - qr.QUIET
        top = width - 1 - y
        picture.paste(0, (4 * x, 4 * top, 4 * (x + length), 4 * (top + 1)))
    return picture


@pytest.mark.parametrize("url", [URL, "https://attestations.example.org/verify/ZZZZZZZZZZZZZZZZ"])
def test_a_scanner_reads_the_certificates_code_as_its_verification_address(url):
    document = CertificateDocument(
        serial="JS-2026-00042",
        holder_name="Jean Tremblay",
        completed_on=date(2026, 12, 1),
        issued_on=date(2026, 12, 3),
        verify_url=url,
    )
    (barcode,) = zxingcpp.read_barcodes(drawn_code(render_certificate(document)))
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == url
    assert barcode.ec_level == "M"
