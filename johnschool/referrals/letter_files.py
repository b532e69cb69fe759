"""Letters to the prosecutor as files: built, rendered and logged in one place for pages and API."""

from dataclasses import dataclass

from ..audit.services import record
from ..clock import program_today
from .letters import letter_filename, render_outcome_letter, render_screening_letter
from .models import Case
from .queries import screening_letter


@dataclass(frozen=True)
class LetterFile:
    """A letter's PDF bytes and its neutral file name."""

    pdf: bytes
    filename: str


def _produced(case: Case, letter, pdf: bytes, action: str, summary: str, by) -> LetterFile:
    """Log that a letter was produced for the case, and wrap its file."""
    record(action, summary, object_type="case", object_id=case.id, actor=by)
    return LetterFile(pdf, letter_filename(letter))


def screening_letter_file(case: Case, *, by) -> LetterFile | None:
    """The screening letter of a case, in the client's language; None before screening."""
    letter = screening_letter(case, program_today())
    if letter is None:
        return None
    pdf = render_screening_letter(letter)
    return _produced(case, letter, pdf, "case.letter", "screening letter produced", by)


def outcome_letter_file(case: Case, *, by) -> LetterFile | None:
    """The final outcome report of a completed, failed or withdrawn case; None otherwise."""
    from ..attendance.reports import outcome_letter  # attendance builds on referrals: no cycle

    letter = outcome_letter(case, program_today())
    if letter is None:
        return None
    pdf = render_outcome_letter(letter)
    return _produced(case, letter, pdf, "case.outcome_letter", "outcome letter produced", by)
