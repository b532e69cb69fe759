"""Letters to the prosecutor: the screening outcome with every rule's reason, or the final outcome.

A letter is plain data (no database, no request) rendered to a PDF in one language, French or
English, chosen by the case's language; its strings live in letter_text.py, not in
Flask-Babel, since letters are rendered outside a request. The letter names the program, since
it goes to the prosecutor, but the PDF's title and file name stay neutral, as every PDF's do.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..pdf import FONT, neutral_filename, paragraph, render_flowables, text_style
from .letter_text import (
    FINAL_OUTCOME_WORDS,
    MONTHS,
    OUTCOME_WORDS,
    RESULT_WORDS,
    RULE_LABELS,
    TEXT,
)
from .screening_types import Decision, Outcome, RuleResult

LANGUAGES = ("fr", "en")
FINAL_OUTCOMES = ("completed", "failed", "withdrawn")
TEXT_WIDTH = 468  # a letter page less SimpleDocTemplate's one-inch margins
BODY_SIZE, CELL_SIZE, SMALL_SIZE = 10, 8.5, 7.5

_TABLE_STYLE = TableStyle(
    [
        # Cells hold paragraphs in DejaVu Sans; without this the table declares Helvetica.
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)
_FACTS_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
    ]
)


@dataclass(frozen=True)
class Override:
    """An admin's change to a screening outcome, with the written reason it needs."""

    outcome: Outcome
    reason: str
    decided_on: date

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an override needs a written reason")


@dataclass(frozen=True)
class ScreeningLetter:
    """A letter telling the prosecutor the screening outcome and every rule's reason."""

    language: str
    issued_on: date
    court_file: str
    client_name: str
    birth_date: date | None
    offence_code: str
    offence_title: str | None  # in the letter's language
    offence_date: date
    decision: Decision
    override: Override | None = None
    prosecutor: str | None = None
    program_name: str | None = None  # None: the neutral name in the letter's language
    place: str | None = None

    def __post_init__(self) -> None:
        _check_language(self.language)


@dataclass(frozen=True)
class OutcomeLetter:
    """A letter telling the prosecutor the final outcome: modules attended, what was missing."""

    language: str
    issued_on: date
    court_file: str
    client_name: str
    birth_date: date | None
    outcome: str  # one of FINAL_OUTCOMES
    attended: Sequence[tuple[str, date]] = ()  # (module title, date)
    missing: Sequence[str] = ()
    prosecutor: str | None = None
    program_name: str | None = None
    place: str | None = None

    def __post_init__(self) -> None:
        _check_language(self.language)
        if self.outcome not in FINAL_OUTCOMES:
            raise ValueError(f"unknown final outcome: {self.outcome!r}")


def _check_language(language: str) -> None:
    """Refuse a language the letters are not written in."""
    if language not in LANGUAGES:
        raise ValueError(f"letters are written in {' or '.join(LANGUAGES)}, not {language!r}")


def format_date(day: date, language: str) -> str:
    """Write a date in words: "1er décembre 2026" in French, "December 1, 2026" in English."""
    month = MONTHS[language].split()[day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def letter_filename(letter: ScreeningLetter | OutcomeLetter) -> str:
    """Return the discreet file name of a letter: its kind and date, never the court file."""
    kind = "notice" if isinstance(letter, ScreeningLetter) else "report"
    return neutral_filename(kind, letter.issued_on.isoformat())


def render_screening_letter(letter: ScreeningLetter) -> bytes:
    """Render the screening letter to PDF bytes."""
    return render_flowables(_screening_flowables(letter), title=_title(letter))


def render_outcome_letter(letter: OutcomeLetter) -> bytes:
    """Render the final outcome letter to PDF bytes."""
    return render_flowables(_outcome_flowables(letter), title=_title(letter))


def _title(letter: ScreeningLetter | OutcomeLetter) -> str:
    """Return the PDF title: neutral, never the client's name."""
    return f"Document {letter.issued_on.isoformat()}"


# --- Screening letter ------------------------------------------------------------------


def _screening_flowables(letter: ScreeningLetter) -> list[Flowable]:
    """Lay out the screening letter from the date line to the signature."""
    text = TEXT[letter.language]
    outcome = OUTCOME_WORDS[letter.language][letter.decision.outcome]
    decision = [_bold(text["screening_outcome"].format(outcome=outcome)), *_override(letter)]
    return [
        *_opening(letter, text["screening_intro"]),
        _facts(_screening_facts(letter)),
        _gap(),
        KeepTogether(decision),
        _gap(),
        _rules_table(letter),
        _gap(4),
        _text(text["settings"].format(version=letter.decision.settings_version), SMALL_SIZE),
        _closing(letter.language),
    ]


def _screening_facts(letter: ScreeningLetter) -> list[tuple[str, str]]:
    """List the client and the charge as (label, value) rows."""
    text = TEXT[letter.language]
    charge = text["section"].format(code=letter.offence_code)
    if letter.offence_title:
        charge = f"{charge} — {letter.offence_title}"
    return [
        *_client_facts(letter),
        (text["charge"], charge),
        (text["offence_date"], format_date(letter.offence_date, letter.language)),
    ]


def _override(letter: ScreeningLetter) -> list[Flowable]:
    """Show the coordination's override and its reason right below the outcome, if any."""
    if letter.override is None:
        return []
    language, override = letter.language, letter.override
    changed = TEXT[language]["override"].format(
        date=format_date(override.decided_on, language),
        outcome=OUTCOME_WORDS[language][override.outcome],
    )
    reason = TEXT[language]["override_reason"].format(reason=override.reason.strip())
    return [_gap(4), _bold(changed), _text(reason)]


def _rules_table(letter: ScreeningLetter) -> Table:
    """Tabulate every rule with its result in words and its reason in the letter's language."""
    language = letter.language
    rows = [
        [
            _text(RULE_LABELS[language].get(rule.rule, rule.rule), CELL_SIZE),
            # A rule not met stands out when the prosecutor runs down the column.
            _text(
                RESULT_WORDS[language][rule.result], CELL_SIZE, bold=rule.result != RuleResult.PASS
            ),
            _text(rule.reason_fr if language == "fr" else rule.reason_en, CELL_SIZE),
        ]
        for rule in letter.decision.rules
    ]
    return _table(TEXT[language]["columns"], rows, [135, 80, TEXT_WIDTH - 215])


# --- Final outcome letter --------------------------------------------------------------


def _outcome_flowables(letter: OutcomeLetter) -> list[Flowable]:
    """Lay out the final outcome letter from the date line to the signature."""
    text = TEXT[letter.language]
    outcome = FINAL_OUTCOME_WORDS[letter.language][letter.outcome]
    return [
        *_opening(letter, text["outcome_intro"]),
        _facts(_client_facts(letter)),
        _gap(),
        _bold(text["final_outcome"].format(outcome=outcome)),
        *_attended(letter),
        *_missing(letter),
        _closing(letter.language),
    ]


def _attended(letter: OutcomeLetter) -> list[Flowable]:
    """Tabulate the modules attended with their dates, or say there were none."""
    text = TEXT[letter.language]
    heading = [_gap(), _bold(text["attended"]), _gap(4)]
    if not letter.attended:
        return [*heading, _text(text["none_attended"])]
    rows = [
        [_text(title, CELL_SIZE), _text(format_date(day, letter.language), CELL_SIZE)]
        for title, day in letter.attended
    ]
    return [*heading, _table(text["module_columns"], rows, [TEXT_WIDTH - 140, 140])]


def _missing(letter: OutcomeLetter) -> list[Flowable]:
    """List what was missing, if anything."""
    if not letter.missing:
        return []
    items = [_text(f"•  {item}") for item in letter.missing]
    return [_gap(), _bold(TEXT[letter.language]["missing"]), _gap(4), *items]


# --- Shared parts ----------------------------------------------------------------------


def _opening(letter: ScreeningLetter | OutcomeLetter, intro: str) -> list[Flowable]:
    """Lay out the date line, the addressee, the subject, the salutation and the intro."""
    text = TEXT[letter.language]
    day = format_date(letter.issued_on, letter.language)
    dated = text["place_date"] if letter.place else text["date_only"]
    addressee = "\n".join(filter(None, [letter.prosecutor, text["role"]]))
    subject = text["subject"].format(
        program=letter.program_name or text["program"], court_file=letter.court_file
    )
    return [
        _text(dated.format(place=letter.place, date=day)),
        _gap(14),
        _text(addressee),
        _gap(14),
        _bold(subject),
        _gap(),
        _text(text["salutation"]),
        _gap(8),
        _text(intro),
        _gap(),
    ]


def _client_facts(letter: ScreeningLetter | OutcomeLetter) -> list[tuple[str, str]]:
    """List the client's name and birth date as (label, value) rows."""
    text = TEXT[letter.language]
    born = letter.birth_date
    return [
        (text["name"], letter.client_name),
        (text["birth_date"], format_date(born, letter.language) if born else text["not_given"]),
    ]


def _facts(rows: list[tuple[str, str]]) -> Table:
    """Lay (label, value) rows out in two columns, labels in bold."""
    cells = [[_bold(label), _text(value)] for label, value in rows]
    return Table(cells, colWidths=[118, TEXT_WIDTH - 118], style=_FACTS_STYLE, hAlign="LEFT")


def _table(headers: Sequence[str], rows: list[list[Flowable]], widths: list[float]) -> Table:
    """Lay rows out in a ruled table with a header row repeated on each page."""
    cells = [[_text(header, CELL_SIZE, bold=True) for header in headers], *rows]
    return Table(cells, colWidths=widths, style=_TABLE_STYLE, repeatRows=1, hAlign="LEFT")


def _closing(language: str) -> KeepTogether:
    """Close the letter and sign it for the program's coordination, on one page."""
    text = TEXT[language]
    return KeepTogether([_gap(14), _text(text["closing"]), _gap(20), _text(text["signature"])])


def _text(text: str, size: float = BODY_SIZE, *, bold: bool = False) -> Flowable:
    """Return a paragraph of text as written."""
    return paragraph(text, text_style(size, bold=bold))


def _bold(text: str) -> Flowable:
    """Return a bold paragraph of body text."""
    return _text(text, bold=True)


def _gap(points: float = 12) -> Spacer:
    """Return vertical space between blocks."""
    return Spacer(1, points)
