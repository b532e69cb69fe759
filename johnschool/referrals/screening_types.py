"""The values screening works on: plain data, no database, so that screening stays pure."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    """How an offence counts against admission."""

    VIOLENT = "violent"
    SEXUAL = "sexual"
    EXPLOITATION = "exploitation"


class Outcome(StrEnum):
    """What screening decides."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_REVIEW = "needs_review"


class RuleResult(StrEnum):
    """What one rule found."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Offence:
    """A Criminal Code section as the catalogue knows it."""

    code: str  # the section as printed: "266", "286.1(1)", "264.1"
    title_fr: str
    title_en: str
    categories: frozenset[Category] = frozenset()


@dataclass(frozen=True)
class PriorConviction:
    """A conviction on the client's record."""

    offence_code: str
    conviction_date: date | None = None


@dataclass(frozen=True)
class SamePersonCase:
    """Another case of the same person (matched by normalized name and birth date)."""

    case_id: int
    state: str
    received_on: date
    # The prosecutor admitted it: true of every case that went on to take part.
    was_admitted: bool = False
    # Set when the liaison closed it as a duplicate of that case.
    duplicate_of: int | None = None
    # The site the case belongs to: the rule is province-wide, what it names is not.
    site_id: int | None = None


@dataclass(frozen=True)
class ScreeningInput:
    """Everything screening looks at for one referral."""

    offence_code: str
    offence_date: date
    involves_minor: bool
    birth_date: date | None
    prior_convictions: tuple[PriorConviction, ...] = ()
    same_person_cases: tuple[SamePersonCase, ...] = ()
    # Where this case stands among them: received on, then id. None: after all of them.
    received_on: date | None = None
    case_id: int | None = None
    # The screened case's site: another site's cases are counted without being named.
    site_id: int | None = None


@dataclass(frozen=True)
class ScreeningSettings:
    """The settings a decision was made with; the version is recorded with it."""

    version: int
    catalogue: dict[str, Offence]
    accepted_charges: frozenset[str] = frozenset({"286.1(1)"})


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's result with a reason a person can read, in French and English."""

    rule: str
    result: RuleResult
    reason_fr: str
    reason_en: str


@dataclass(frozen=True)
class Decision:
    """The outcome, every rule's result, and the settings version used."""

    outcome: Outcome
    rules: tuple[RuleOutcome, ...]
    settings_version: int
