"""The certificate's PDF: bilingual, names as typed, fixed bytes, a neutral title."""

import os
import pickle
import re
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from johnschool.certificates.document import (
    MARGIN,
    CertificateDocument,
    certificate_filename,
    render_certificate,
)

REVEALING_WORDS = ["john", "school", "sexual", "prostitution", "crime", "court"]


def document(**changes):
    """A certificate to print, with changes."""
    values = {
        "serial": "JS-2026-00042",
        "holder_name": "Jean Tremblay",
        "completed_on": date(2026, 12, 1),
        "issued_on": date(2026, 12, 3),
        "verify_url": "https://attestations.example.org/verify/AbCdEfGhIjKlMnOpQrSt",
    }
    return CertificateDocument(**{**values, **changes})


def text_of(data: bytes) -> str:
    """The text a reader copies out of the PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_pdf_shows_the_name_serial_dates_and_verification_address():
    text = text_of(render_certificate(document()))
    assert "Jean Tremblay" in text
    assert "JS-2026-00042" in text
    assert "https://attestations.example.org/verify/AbCdEfGhIjKlMnOpQrSt" in text
    assert "1er décembre 2026" in text and "December 1, 2026" in text


def test_pdf_is_in_french_and_english_on_one_page():
    data = render_certificate(document())
    text = text_of(data)
    assert len(PdfReader(BytesIO(data)).pages) == 1
    assert "Attestation de réussite" in text and "Certificate of completion" in text


def test_two_renderings_are_byte_identical():
    assert render_certificate(document()) == render_certificate(document())


def test_a_different_code_gives_a_different_qr_and_bytes():
    other = document(verify_url="https://attestations.example.org/verify/ZZZZZZZZZZZZZZZZZZZZ")
    assert render_certificate(document()) != render_certificate(other)


def test_name_with_markup_characters_prints_literally():
    name = '<b>Tom & "Jerry"</b>'
    assert name in text_of(render_certificate(document(holder_name=name)))


@pytest.mark.parametrize(
    "name",
    # The last three have letters beyond the characters every PDF embeds in its first subset.
    ["Ștefan Ó Súilleabháin", "Łukasz Nguyễn", "Kārlis Ķēniņš", "Şükrü Öztürk"],
)
def test_names_in_any_latin_script_come_out_exactly_as_typed(name):
    data = render_certificate(document(holder_name=name))
    assert name in text_of(data)
    assert render_certificate(document(holder_name=name)) == data


def test_a_very_long_name_wraps_within_the_margins_of_the_one_page():
    name = " ".join(["Maximilien-Alexandre de La Tour-Saint-Germain"] * 6)
    data = render_certificate(document(holder_name=name))
    assert len(PdfReader(BytesIO(data)).pages) == 1
    assert name in " ".join(text_of(data).split())
    # Centred lines: one that starts within the left margin is no wider than the text width.
    lefts = [float(left) for left in re.findall(rb"1 0 0 1 ([\d.]+) [\d.]+ Tm", data)]
    assert min(lefts) >= MARGIN


def test_a_fresh_process_with_another_hash_seed_gives_the_same_bytes():
    script = (
        "import pickle, sys\n"
        "from johnschool.certificates.document import render_certificate\n"
        "sys.stdout.buffer.write(render_certificate(pickle.loads(sys.stdin.buffer.read())))"
    )
    certificate = document(holder_name="Kārlis Ķēniņš", signatory="Marie Côté")
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        input=pickle.dumps(certificate),
        capture_output=True,
        check=True,
    ).stdout
    assert other == render_certificate(certificate)


def test_program_name_and_signatory_from_the_settings_are_printed():
    data = render_certificate(
        document(program_name="Programme Horizon", signatory="Marie Côté, coordonnatrice")
    )
    text = text_of(data)
    assert "Programme Horizon" in text and "Marie Côté, coordonnatrice" in text
    assert "Programme de formation" not in text


def test_without_a_program_name_the_neutral_names_are_printed():
    text = text_of(render_certificate(document()))
    assert "Programme de formation" in text and "Training program" in text


def test_title_and_file_name_say_nothing_of_the_program():
    reader = PdfReader(BytesIO(render_certificate(document())))
    metadata = " ".join(str(value) for value in reader.metadata.values()).lower()
    filename = certificate_filename("JS-2026-00042")
    assert filename == "attestation-JS-2026-00042.pdf"
    for word in REVEALING_WORDS:
        assert word not in metadata and word not in filename.lower()
