"""Eligibility screening: the eight rules of DESIGN.md as one pure function.

No database, no Flask, no clock: the same input and settings always give the same
Decision. Every rule gives pass, fail or unknown with a reason in French and English.

Choices worth knowing:

- Age: a person turns 18 on the anniversary of their birth (the Interpretation Act,
  s. 30); someone born on February 29 turns 18 on March 1, since 18 years after a
  leap year is never a leap year. A birth date after the offence date is bad data,
  so the rule answers unknown, not fail.
- Prior-conviction rules: one prior in the category fails the rule even when other
  priors are missing from the catalogue (fail wins over unknown); unknown codes
  alone give unknown. Conviction dates are not looked at.
- Rule 7 fails the sections in EXCLUDED_CHARGES and their subsections ("286.3(2)")
  whatever the catalogue and the settings say, and any other charge in category
  exploitation unless the settings accept it (so 286.1(1) passes).
- Rule 6 counts only the same person's cases received earlier (by day, then id) that
  the prosecutor admitted: a refused, still open or duplicate referral is no
  participation, and a later case never is. It looks at every site, but names only the
  cases of the screened case's site: another site's is "at another site", no number.
- Offence codes are compared as given ("286.1(1)"): cleaning what a person typed
  belongs to the form or the API, before screening.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from typing import NamedTuple

from .screening_types import (
    Category,
    Decision,
    Offence,
    Outcome,
    RuleOutcome,
    RuleResult,
    SamePersonCase,
    ScreeningInput,
    ScreeningSettings,
)

ADULT_AGE = 18
MINOR_CHARGE = "286.1(2)"
# Procuring, material benefit, advertising, trafficking: never admitted (DESIGN rule 7).
EXCLUDED_CHARGES = frozenset({"286.2", "286.3", "286.4", "279.01", "279.011", "279.02", "279.03"})

# What each category is called in the reasons, without an article.
_CATEGORY_FR = {
    Category.VIOLENT: "infraction avec violence",
    Category.SEXUAL: "infraction d'ordre sexuel",
    Category.EXPLOITATION: (
        "infraction liée à l'exploitation sexuelle (achat de services sexuels, "
        "proxénétisme, avantage matériel, publicité ou traite de personnes)"
    ),
}
_CATEGORY_EN = {
    Category.VIOLENT: "violent offence",
    Category.SEXUAL: "sexual offence",
    Category.EXPLOITATION: (
        "sexual exploitation offence (buying sexual services, procuring, "
        "material benefit, advertising or trafficking in persons)"
    ),
}


class _Finding(NamedTuple):
    """One rule's result and reasons, before the rule's name is attached."""

    result: RuleResult
    reason_fr: str
    reason_en: str


def _passed(reason_fr: str, reason_en: str) -> _Finding:
    return _Finding(RuleResult.PASS, reason_fr, reason_en)


def _failed(reason_fr: str, reason_en: str) -> _Finding:
    return _Finding(RuleResult.FAIL, reason_fr, reason_en)


def _unknown(reason_fr: str, reason_en: str) -> _Finding:
    return _Finding(RuleResult.UNKNOWN, reason_fr, reason_en)


# --- Naming sections -------------------------------------------------------------------


def _section_fr(code: str, catalogue: Mapping[str, Offence]) -> str:
    """Name a section in French, with its title when the catalogue knows it."""
    offence = catalogue.get(code)
    return f"art. {code} ({offence.title_fr})" if offence else f"art. {code}"


def _section_en(code: str, catalogue: Mapping[str, Offence]) -> str:
    """Name a section in English, with its title when the catalogue knows it."""
    offence = catalogue.get(code)
    return f"s. {code} ({offence.title_en})" if offence else f"s. {code}"


def _sections(codes: Iterable[str], catalogue: Mapping[str, Offence]) -> tuple[str, str]:
    """Name each distinct section once, in the order given, in French and English."""
    distinct = list(dict.fromkeys(codes))
    french = ", ".join(_section_fr(code, catalogue) for code in distinct)
    english = ", ".join(_section_en(code, catalogue) for code in distinct)
    return french, english


# --- Rules 1 and 2: the charge ---------------------------------------------------------


def _accepted_charge(data: ScreeningInput, settings: ScreeningSettings) -> _Finding:
    """Rule 1: the charge is one the program accepts."""
    fr, en = _sections([data.offence_code], settings.catalogue)
    if data.offence_code in settings.accepted_charges:
        return _passed(
            f"L'infraction reprochée, {fr}, est admise au programme.",
            f"The charge, {en}, is accepted by the program.",
        )
    accepted_fr, accepted_en = _sections(sorted(settings.accepted_charges), settings.catalogue)
    return _failed(
        f"L'infraction reprochée, {fr}, n'est pas admise au programme, "
        f"qui admet seulement : {accepted_fr}.",
        f"The charge, {en}, is not accepted by the program, which accepts only: {accepted_en}.",
    )


def _no_minor_involved(data: ScreeningInput, settings: ScreeningSettings) -> _Finding:
    """Rule 2: no person under 18 is involved, by the charge or by the referral's flag."""
    facts_fr, facts_en = [], []
    if data.offence_code == MINOR_CHARGE:
        fr, en = _sections([MINOR_CHARGE], settings.catalogue)
        facts_fr.append(f"L'infraction reprochée, {fr}, vise une personne de moins de 18 ans.")
        facts_en.append(f"The charge, {en}, concerns a person under 18.")
    if data.involves_minor:
        facts_fr.append("Le renvoi indique qu'une personne de moins de 18 ans est en cause.")
        facts_en.append("The referral states that a person under 18 was involved.")
    if not facts_fr:
        return _passed(
            "Aucune personne de moins de 18 ans n'est en cause.", "No person under 18 is involved."
        )
    return _failed(
        " ".join([*facts_fr, "La poursuite est obligatoire."]),
        " ".join([*facts_en, "Prosecution is mandatory."]),
    )


# --- Rule 3: age -----------------------------------------------------------------------


def _anniversary(birth_date: date, years: int) -> date:
    """Return the day a person turns `years` old; February 29 births move to March 1."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # February 29 in a year that has none
        return date(birth_date.year + years, 3, 1)


def _age_on(birth_date: date, day: date) -> int:
    """Return a person's age in whole years on a day."""
    years = day.year - birth_date.year
    return years if _anniversary(birth_date, years) <= day else years - 1


def _years_fr(age: int) -> str:
    return f"{age} an" if age < 2 else f"{age} ans"


def _years_en(age: int) -> str:
    return f"{age} year old" if age == 1 else f"{age} years old"


def _adult_at_offence(data: ScreeningInput, settings: ScreeningSettings) -> _Finding:
    """Rule 3: the client was 18 or older on the offence date."""
    birth, offence = data.birth_date, data.offence_date
    if birth is None:
        return _unknown(
            "Date de naissance manquante : impossible de vérifier l'âge à la date de l'infraction.",
            "Birth date missing: the age on the offence date cannot be checked.",
        )
    if birth > offence:
        return _unknown(
            f"La date de naissance ({birth.isoformat()}) est postérieure à la date de "
            f"l'infraction ({offence.isoformat()}) : donnée à corriger.",
            f"The birth date ({birth.isoformat()}) is after the offence date "
            f"({offence.isoformat()}): the data needs correcting.",
        )
    return _age_finding(_age_on(birth, offence), offence)


def _age_finding(age: int, offence: date) -> _Finding:
    """Pass an adult, fail a minor, saying the age on the offence date."""
    fr = f"La personne avait {_years_fr(age)} à la date de l'infraction ({offence.isoformat()})"
    en = f"The client was {_years_en(age)} on the offence date ({offence.isoformat()})"
    if age >= ADULT_AGE:
        return _passed(f"{fr}.", f"{en}.")
    return _failed(
        f"{fr} : le programme est réservé aux personnes de 18 ans ou plus.",
        f"{en}: the program is for people 18 or older.",
    )


# --- Rules 4, 5 and 8: prior convictions -----------------------------------------------


def _no_priors_in(
    data: ScreeningInput, settings: ScreeningSettings, category: Category
) -> _Finding:
    """Rules 4, 5, 8: no prior conviction in the category; unknown codes need a person."""
    catalogue = settings.catalogue
    codes = [prior.offence_code for prior in data.prior_convictions]
    matching = [
        code for code in codes if code in catalogue and category in catalogue[code].categories
    ]
    if matching:
        return _prior_fail(matching, catalogue, category)
    unknown = [code for code in codes if code not in catalogue]
    if unknown:
        return _prior_unknown(unknown, catalogue, category)
    return _passed(
        f"Aucune condamnation antérieure pour une {_CATEGORY_FR[category]}.",
        f"No prior conviction for a {_CATEGORY_EN[category]}.",
    )


def _prior_fail(codes: list[str], catalogue: Mapping[str, Offence], category: Category) -> _Finding:
    """Fail naming the sections of the priors in the category."""
    fr, en = _sections(codes, catalogue)
    if len(codes) == 1:
        head_fr, head_en = "Condamnation antérieure", "Prior conviction"
    else:
        head_fr, head_en = "Condamnations antérieures", "Prior convictions"
    return _failed(
        f"{head_fr} pour une {_CATEGORY_FR[category]} : {fr}.",
        f"{head_en} for a {_CATEGORY_EN[category]}: {en}.",
    )


def _prior_unknown(
    codes: list[str], catalogue: Mapping[str, Offence], category: Category
) -> _Finding:
    """Answer unknown naming the priors the catalogue does not know."""
    fr, en = _sections(codes, catalogue)
    if len(codes) == 1:
        head_fr, head_en = "Antécédent absent", "Prior conviction not"
    else:
        head_fr, head_en = "Antécédents absents", "Prior convictions not"
    return _unknown(
        f"{head_fr} du catalogue des infractions : {fr}. "
        f"Vérifier manuellement s'il s'agit d'une {_CATEGORY_FR[category]}.",
        f"{head_en} in the offence catalogue: {en}. "
        f"Check by hand whether it is a {_CATEGORY_EN[category]}.",
    )


# --- Rule 6: earlier participation -----------------------------------------------------

# States a case reaches only once the prosecutor admitted it: the person took part.
PARTICIPATION_STATES = frozenset({"admitted", "waitlisted", "enrolled", "completed", "failed"})


def took_part(case: SamePersonCase) -> bool:
    """Tell whether a case went as far as the prosecutor's admission."""
    return case.was_admitted or case.state in PARTICIPATION_STATES


def _is_earlier(case: SamePersonCase, data: ScreeningInput) -> bool:
    """Tell whether a case was received before the one screened (by day, then id)."""
    if data.received_on is None:
        return True
    return (case.received_on, case.case_id) < (data.received_on, data.case_id or 0)


def prior_participations(data: ScreeningInput) -> tuple[SamePersonCase, ...]:
    """The same person's cases received earlier in which they took part."""
    return tuple(
        case for case in data.same_person_cases if _is_earlier(case, data) and took_part(case)
    )


def possible_duplicates(cases: Iterable[SamePersonCase]) -> tuple[SamePersonCase, ...]:
    """The same person's other cases that never took part and were not closed as duplicates."""
    return tuple(case for case in cases if not took_part(case) and case.duplicate_of is None)


def _first_participation(data: ScreeningInput, settings: ScreeningSettings) -> _Finding:
    """Rule 6: the same person took part in no earlier case (matching is done by the caller).

    A later case, or an earlier one refused, still open or closed as a duplicate, is
    not a participation: the liaison sees it as a possible duplicate instead.
    """
    earlier = prior_participations(data)
    if not earlier:
        return _passed(
            "Aucune participation antérieure au programme.",
            "No earlier participation in the program.",
        )
    here = sorted(c.case_id for c in earlier if c.site_id == data.site_id)
    fr, en = _earlier_cases(here)
    if len(here) < len(earlier):
        # Another site's case is counted, never named: the reader may not reach it.
        fr, en = _at_another_site(fr, en)
    return _failed(
        f"La personne a déjà participé au programme{fr}. "
        "Le programme s'adresse à une première participation.",
        f"The client took part in the program before{en}. "
        "The program is for a first participation.",
    )


def _earlier_cases(ids: list[int]) -> tuple[str, str]:
    """Name the earlier cases of the screened case's site, in French and English."""
    if not ids:
        return "", ""
    listed = ", ".join(str(case_id) for case_id in ids)
    if len(ids) == 1:
        return f" : 1 dossier antérieur (dossier {listed})", f": 1 earlier case (case {listed})"
    return (
        f" : {len(ids)} dossiers antérieurs (dossiers {listed})",
        f": {len(ids)} earlier cases (cases {listed})",
    )


def _at_another_site(fr: str, en: str) -> tuple[str, str]:
    """Add that the person also, or only, took part at another site."""
    if not fr:
        return ", dans un autre site", ", at another site"
    return f"{fr}, et dans un autre site", f"{en}, and at another site"


# --- Rule 7: exploitation charges ------------------------------------------------------


def _is_excluded_charge(code: str, settings: ScreeningSettings) -> bool:
    """Tell whether a charge is procuring, material benefit, advertising or trafficking."""
    if any(code == section or code.startswith(f"{section}(") for section in EXCLUDED_CHARGES):
        return True
    offence = settings.catalogue.get(code)
    is_exploitation = offence is not None and Category.EXPLOITATION in offence.categories
    return is_exploitation and code not in settings.accepted_charges


def _not_exploitation_charge(data: ScreeningInput, settings: ScreeningSettings) -> _Finding:
    """Rule 7: the charge is not procuring, material benefit, advertising or trafficking."""
    if not _is_excluded_charge(data.offence_code, settings):
        return _passed(
            "L'infraction reprochée ne relève ni du proxénétisme, ni de l'avantage matériel, "
            "ni de la publicité de services sexuels, ni de la traite de personnes.",
            "The charge is not procuring, material benefit, advertising of sexual services "
            "or trafficking in persons.",
        )
    fr, en = _sections([data.offence_code], settings.catalogue)
    return _failed(
        f"L'infraction reprochée, {fr}, est une infraction d'exploitation sexuelle "
        "exclue du programme.",
        f"The charge, {en}, is a sexual exploitation offence excluded from the program.",
    )


# --- The decision ----------------------------------------------------------------------

_Rule = Callable[[ScreeningInput, ScreeningSettings], _Finding]

_RULES: tuple[tuple[str, _Rule], ...] = (
    ("accepted_charge", _accepted_charge),
    ("no_minor_involved", _no_minor_involved),
    ("adult_at_offence", _adult_at_offence),
    ("no_violent_priors", partial(_no_priors_in, category=Category.VIOLENT)),
    ("no_sexual_priors", partial(_no_priors_in, category=Category.SEXUAL)),
    ("first_participation", _first_participation),
    ("not_exploitation_charge", _not_exploitation_charge),
    ("no_exploitation_priors", partial(_no_priors_in, category=Category.EXPLOITATION)),
)

RULES: tuple[str, ...] = tuple(name for name, _ in _RULES)


def _outcome(rules: Iterable[RuleOutcome]) -> Outcome:
    """Any fail is ineligible; else any unknown needs review; else eligible."""
    results = {rule.result for rule in rules}
    if RuleResult.FAIL in results:
        return Outcome.INELIGIBLE
    if RuleResult.UNKNOWN in results:
        return Outcome.NEEDS_REVIEW
    return Outcome.ELIGIBLE


def screen(data: ScreeningInput, settings: ScreeningSettings) -> Decision:
    """Screen one referral: every rule's result, the outcome, and the settings version."""
    rules = tuple(RuleOutcome(name, *rule(data, settings)) for name, rule in _RULES)
    return Decision(outcome=_outcome(rules), rules=rules, settings_version=settings.version)
