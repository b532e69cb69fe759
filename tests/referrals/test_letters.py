"""Letters to the prosecutor: one language per letter, every rule's reason, discreet files."""

import re
from dataclasses import replace
from datetime import date

import pytest

from johnschool.referrals.catalogue import load_shipped_offences
from johnschool.referrals.letters import (
    RESULT_WORDS,
    RULE_LABELS,
    OutcomeLetter,
    Override,
    ScreeningLetter,
    format_date,
    letter_filename,
    render_outcome_letter,
    render_screening_letter,
)
from johnschool.referrals.rules import RULES, screen
from johnschool.referrals.screening_types import (
    Outcome,
    PriorConviction,
    ScreeningInput,
    ScreeningSettings,
)

from ..test_pdf import REVEALING_WORDS, objects, shown_text

CATALOGUE = load_shipped_offences()
SETTINGS = ScreeningSettings(version=7, catalogue=CATALOGUE)
CHARGE = "286.1(1)"
NAME = "Łukasz Nguyễn-Ștefan"
COURT_FILE = "500-01-123456-265"
BIRTH_DATE = date(1980, 4, 2)
OFFENCE_DATE = date(2026, 10, 1)

OUTCOME_LINES = {
    ("fr", Outcome.ELIGIBLE): "Résultat de l'évaluation : admissible",
    ("fr", Outcome.INELIGIBLE): "Résultat de l'évaluation : non admissible",
    ("fr", Outcome.NEEDS_REVIEW): "Résultat de l'évaluation : à examiner",
    ("en", Outcome.ELIGIBLE): "Screening result: eligible",
    ("en", Outcome.INELIGIBLE): "Screening result: ineligible",
    ("en", Outcome.NEEDS_REVIEW): "Screening result: needs review",
}
PRIORS = {Outcome.ELIGIBLE: (), Outcome.INELIGIBLE: ("266",), Outcome.NEEDS_REVIEW: ("999.9",)}


def decision(*prior_codes, birth_date=BIRTH_DATE):
    """Screen a referral for buying sexual services with the real rules and catalogue."""
    priors = tuple(PriorConviction(code, date(2015, 3, 1)) for code in prior_codes)
    data = ScreeningInput(CHARGE, OFFENCE_DATE, False, birth_date, priors)
    return screen(data, SETTINGS)


def screening_letter(language, screened=None, **changes):
    """A letter for a referral with an assault prior unless another decision is given."""
    offence = CATALOGUE[CHARGE]
    letter = ScreeningLetter(
        language=language,
        issued_on=date(2026, 12, 3),
        court_file=COURT_FILE,
        client_name=NAME,
        birth_date=BIRTH_DATE,
        offence_code=CHARGE,
        offence_title=offence.title_fr if language == "fr" else offence.title_en,
        offence_date=OFFENCE_DATE,
        decision=screened or decision("266"),
    )
    return replace(letter, **changes)


def outcome_letter(language, **changes):
    """A final outcome letter for a participant who missed one module."""
    letter = OutcomeLetter(
        language=language,
        issued_on=date(2027, 2, 1),
        court_file=COURT_FILE,
        client_name=NAME,
        birth_date=BIRTH_DATE,
        outcome="failed",
        attended=[("Cadre juridique", date(2027, 1, 10)), ("Santé", date(2027, 1, 17))],
        missing=["Témoignage", "Solde des frais"],
    )
    return replace(letter, **changes)


def text_of(data):
    """Return the text a PDF shows, with every run of whitespace (line breaks too) as one space."""
    return " ".join(shown_text(data).split())


def info_of(data):
    """Return the body of a PDF's document information dictionary."""
    return next(body for body in objects(data).values() if b"/Producer" in body)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_screening_letter_is_a_pdf_with_the_same_bytes_every_time(language):
    data = render_screening_letter(screening_letter(language))
    assert data.startswith(b"%PDF-")
    assert render_screening_letter(screening_letter(language)) == data


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_letter_shows_the_court_file_and_the_name_as_written(language):
    text = text_of(render_screening_letter(screening_letter(language)))
    assert COURT_FILE in text
    assert NAME in text


@pytest.mark.parametrize(("language", "outcome"), list(OUTCOME_LINES))
def test_the_outcome_is_in_words_in_the_letters_language(language, outcome):
    screened = decision(*PRIORS[outcome])
    assert screened.outcome == outcome
    lines = shown_text(render_screening_letter(screening_letter(language, screened)))
    assert OUTCOME_LINES[language, outcome] in lines.splitlines()


@pytest.mark.parametrize("outcome", [Outcome.ELIGIBLE, Outcome.INELIGIBLE])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_rule_shows_its_result_and_reason_in_the_letters_language(language, outcome):
    screened = decision(*PRIORS[outcome])
    text = text_of(render_screening_letter(screening_letter(language, screened)))
    assert len(screened.rules) == len(RULES)
    for rule in screened.rules:
        reason, other = (
            (rule.reason_fr, rule.reason_en)
            if language == "fr"
            else (rule.reason_en, rule.reason_fr)
        )
        row = f"{RULE_LABELS[language][rule.rule]} {RESULT_WORDS[language][rule.result]} {reason}"
        assert row in text
        assert other not in text


def test_the_assault_prior_is_the_rule_not_met():
    text = text_of(render_screening_letter(screening_letter("fr")))
    assert "Aucun antécédent d'infraction avec violence non respectée" in text
    assert text.count("non respectée") == 1


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("fr", ["Le 3 décembre 2026", "Maître,", "Motif", "Obtention de services"], ["Reason"]),
        ("en", ["December 3, 2026", "Dear Counsel,", "Reason", "Obtaining sexual"], ["Motif"]),
    ],
)
def test_the_whole_letter_is_in_one_language(language, present, absent):
    text = text_of(render_screening_letter(screening_letter(language)))
    assert all(words in text for words in present)
    assert not any(words in text for words in absent)


def test_every_rule_has_a_label_in_both_languages():
    assert set(RULE_LABELS["fr"]) == set(RULE_LABELS["en"]) == set(RULES)


@pytest.mark.parametrize(
    ("language", "changed", "reason"),
    [
        ("fr", "Décision modifiée par la coordination le 2 décembre 2026 : admissible.", "Motif :"),
        (
            "en",
            "Decision changed by the program coordination on December 2, 2026: eligible.",
            "Reason:",
        ),
    ],
)
def test_an_override_and_its_reason_appear_when_given(language, changed, reason):
    override = Override(Outcome.ELIGIBLE, "Absolution inscrite en 1998.", date(2026, 12, 2))
    text = text_of(render_screening_letter(screening_letter(language, override=override)))
    assert f"{changed} {reason} Absolution inscrite en 1998." in text


def test_no_override_line_without_an_override():
    text = text_of(render_screening_letter(screening_letter("fr")))
    assert "Décision modifiée" not in text


@pytest.mark.parametrize("reason", ["", "  \n "])
def test_an_override_needs_a_written_reason(reason):
    with pytest.raises(ValueError):
        Override(Outcome.ELIGIBLE, reason, date(2026, 12, 2))


def test_the_addressee_and_the_place_print_when_known():
    letter = screening_letter("fr", prosecutor="Me Geneviève Tremblay", place="Montréal")
    text = text_of(render_screening_letter(letter))
    assert text.startswith("Montréal, le 3 décembre 2026 Me Geneviève Tremblay Procureur")


def test_a_missing_birth_date_is_said_in_words():
    screened = decision(birth_date=None)
    letter = screening_letter("en", screened, birth_date=None)
    text = text_of(render_screening_letter(letter))
    assert "Birth date not given" in text
    assert "Screening result: needs review" in text


def test_a_typical_letter_with_an_override_fits_on_one_page():
    override = Override(Outcome.ELIGIBLE, "Absolution inscrite en 1998.", date(2026, 12, 2))
    data = render_screening_letter(screening_letter("fr", override=override, place="Montréal"))
    assert data.count(b"/Type /Page\n") == 1


def test_a_long_letter_runs_onto_a_second_page_and_keeps_its_signature():
    override = Override(Outcome.ELIGIBLE, "Motif détaillé. " * 150, date(2026, 12, 2))
    data = render_screening_letter(screening_letter("fr", override=override))
    assert data.count(b"/Type /Page\n") == 2
    assert text_of(data).endswith("La coordination du programme")


@pytest.mark.parametrize(
    "letter, kind", [(screening_letter("fr"), "notice"), (outcome_letter("en"), "report")]
)
def test_the_file_name_is_neutral_and_names_the_kind_and_date_not_the_court_file(letter, kind):
    name = letter_filename(letter)
    assert name == f"{kind}-{letter.issued_on.isoformat()}.pdf"
    assert COURT_FILE not in name and COURT_FILE.split("-")[-1] not in name
    assert not any(word in name.lower() for word in [*REVEALING_WORDS, "letter", "lettre"])


@pytest.mark.parametrize(
    "render",
    [
        lambda: render_screening_letter(screening_letter("fr")),
        lambda: render_outcome_letter(outcome_letter("fr")),
    ],
    ids=["screening", "outcome"],
)
def test_the_pdf_metadata_is_neutral_and_never_holds_the_name_nor_the_court_file(render):
    data = render()
    info = info_of(data)
    assert re.search(rb"/Title \(Document \d{4}-\d{2}-\d{2}\)", info)
    assert COURT_FILE.encode() not in info
    assert b"ukasz" not in info and b"Nguy" not in info
    assert b"helvetica" not in data.lower()


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (date(2026, 12, 3), "fr", "3 décembre 2026"),
        (date(2026, 2, 1), "fr", "1er février 2026"),
        (date(2026, 8, 15), "fr", "15 août 2026"),
        (date(2026, 12, 3), "en", "December 3, 2026"),
        (date(2026, 2, 1), "en", "February 1, 2026"),
    ],
)
def test_dates_are_written_in_the_letters_language(day, language, expected):
    assert format_date(day, language) == expected


@pytest.mark.parametrize("make", [screening_letter, outcome_letter])
def test_a_letter_in_another_language_is_refused(make):
    with pytest.raises(ValueError):
        make("es")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            "Résultat final : programme non terminé Modules suivis Module Date "
            "Cadre juridique 10 janvier 2027 Santé 17 janvier 2027 "
            "Éléments manquants • Témoignage • Solde des frais",
        ),
        (
            "en",
            "Final outcome: program not completed Modules attended Module Date "
            "Cadre juridique January 10, 2027 Santé January 17, 2027 "
            "What was missing • Témoignage • Solde des frais",
        ),
    ],
)
def test_the_outcome_letter_lists_modules_with_dates_and_what_was_missing(language, expected):
    data = render_outcome_letter(outcome_letter(language))
    assert data.startswith(b"%PDF-")
    assert render_outcome_letter(outcome_letter(language)) == data
    text = text_of(data)
    assert COURT_FILE in text and NAME in text
    assert expected in text


def test_an_outcome_letter_without_modules_says_so_and_lists_nothing_missing_when_complete():
    letter = outcome_letter("fr", outcome="completed", attended=[], missing=[])
    text = text_of(render_outcome_letter(letter))
    assert "Résultat final : programme terminé Modules suivis Aucun module suivi." in text
    assert "Éléments manquants" not in text


def test_an_unknown_final_outcome_is_refused():
    with pytest.raises(ValueError):
        outcome_letter("fr", outcome="graduated")
