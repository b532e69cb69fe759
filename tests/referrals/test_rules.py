"""Eligibility screening: the eight rules, their reasons, and properties of the whole."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from johnschool.referrals.rules import (
    RULES,
    possible_duplicates,
    prior_participations,
    screen,
    took_part,
)
from johnschool.referrals.screening_types import (
    Category,
    Decision,
    Offence,
    Outcome,
    PriorConviction,
    RuleResult,
    SamePersonCase,
    ScreeningInput,
    ScreeningSettings,
)

V, S, X = Category.VIOLENT, Category.SEXUAL, Category.EXPLOITATION


def offence(code, title_fr, title_en, *categories):
    return Offence(code, title_fr, title_en, frozenset(categories))


CATALOGUE = {
    entry.code: entry
    for entry in (
        offence("266", "Voies de fait", "Assault", V),
        offence(
            "267",
            "Agression armée ou infliction de lésions corporelles",
            "Assault with a weapon or causing bodily harm",
            V,
        ),
        offence("268", "Voies de fait graves", "Aggravated assault", V),
        offence("271", "Agression sexuelle", "Sexual assault", S, V),
        offence("264.1", "Proférer des menaces", "Uttering threats", V),
        offence("151", "Contacts sexuels", "Sexual interference", S),
        offence("163.1", "Pornographie juvénile", "Child pornography", S),
        offence(
            "286.1(1)",
            "Obtention de services sexuels moyennant rétribution",
            "Obtaining sexual services for consideration",
            X,
        ),
        offence(
            "286.2",
            "Avantage matériel provenant de la prestation de services sexuels",
            "Material benefit from sexual services",
            X,
        ),
        offence("286.3", "Proxénétisme", "Procuring", X),
        offence("286.4", "Publicité de services sexuels", "Advertising sexual services", X),
        offence("279.01", "Traite des personnes", "Trafficking in persons", X, V),
        offence("334", "Vol", "Theft"),
        offence("320.14", "Conduite avec capacités affaiblies", "Operation while impaired"),
    )
}
SETTINGS = ScreeningSettings(version=7, catalogue=CATALOGUE)
UNKNOWN_CODES = ("999", "123.45", "430(4)")
PRIOR_RULES = ("no_violent_priors", "no_sexual_priors", "no_exploitation_priors")
# The date of every referral in the table unless the case says otherwise.
OFFENCE_DATE = date(2025, 6, 1)
# The case screened in the table, and the day its person's earlier cases arrived.
RECEIVED_ON, CASE_ID, EARLIER_DAY = date(2025, 7, 1), 500, date(2024, 1, 10)


def referral(
    *,
    charge="286.1(1)",
    offence_date=OFFENCE_DATE,
    minor=False,
    born=date(1980, 4, 2),
    priors=(),
    earlier=(),
    others=(),
):
    """A referral of an adult buyer with a clean record, changed by the keywords."""
    return ScreeningInput(
        offence_code=charge,
        offence_date=offence_date,
        involves_minor=minor,
        birth_date=born,
        prior_convictions=tuple(PriorConviction(code, date(2010, 1, 1)) for code in priors),
        same_person_cases=(
            *(SamePersonCase(case_id, "completed", EARLIER_DAY, True) for case_id in earlier),
            *others,
        ),
        received_on=RECEIVED_ON,
        case_id=CASE_ID,
    )


def case(sentence, data, outcome, fails=(), unknowns=()):
    return pytest.param(data, outcome, set(fails), set(unknowns), id=sentence)


ELIGIBLE, INELIGIBLE, REVIEW = Outcome.ELIGIBLE, Outcome.INELIGIBLE, Outcome.NEEDS_REVIEW
ALL_PRIORS_UNKNOWN = set(PRIOR_RULES)

CASES = [
    # Clean records and priors that do not count.
    case("a first-time adult buyer with a clean record is eligible", referral(), ELIGIBLE),
    case("a theft prior does not count against admission", referral(priors=["334"]), ELIGIBLE),
    case("an impaired driving prior does not count", referral(priors=["320.14"]), ELIGIBLE),
    # Rule 1.
    case(
        "a theft charge is not a charge the program accepts",
        referral(charge="334"),
        INELIGIBLE,
        ["accepted_charge"],
    ),
    case(
        "a charge missing from the catalogue fails only the accepted charge rule",
        referral(charge="999"),
        INELIGIBLE,
        ["accepted_charge"],
    ),
    # Rule 2.
    case(
        "the involves minor flag makes the case ineligible",
        referral(minor=True),
        INELIGIBLE,
        ["no_minor_involved"],
    ),
    case(
        "a charge of buying from a person under 18 is not accepted and involves a minor",
        referral(charge="286.1(2)"),
        INELIGIBLE,
        ["accepted_charge", "no_minor_involved"],
    ),
    case(
        "a 286.1(2) charge with the flag set fails the same two rules",
        referral(charge="286.1(2)", minor=True),
        INELIGIBLE,
        ["accepted_charge", "no_minor_involved"],
    ),
    # Rule 3.
    case(
        "a client 17 years and 364 days old is ineligible",
        referral(born=date(2007, 6, 2)),
        INELIGIBLE,
        ["adult_at_offence"],
    ),
    case(
        "a client turning 18 on the offence date is eligible",
        referral(born=date(2007, 6, 1)),
        ELIGIBLE,
    ),
    case(
        "a client born on February 29 is still 17 on February 28 of their 18th year",
        referral(born=date(2004, 2, 29), offence_date=date(2022, 2, 28)),
        INELIGIBLE,
        ["adult_at_offence"],
    ),
    case(
        "a client born on February 29 turns 18 on March 1",
        referral(born=date(2008, 2, 29), offence_date=date(2026, 3, 1)),
        ELIGIBLE,
    ),
    case(
        "a client born on February 29 is 18 on February 29 of a later leap year",
        referral(born=date(2004, 2, 29), offence_date=date(2024, 2, 29)),
        ELIGIBLE,
    ),
    case(
        "a client born on the offence date is not an adult",
        referral(born=OFFENCE_DATE),
        INELIGIBLE,
        ["adult_at_offence"],
    ),
    case(
        "a missing birth date needs review", referral(born=None), REVIEW, [], ["adult_at_offence"]
    ),
    case(
        "a birth date after the offence date is bad data and needs review",
        referral(born=date(2025, 6, 2)),
        REVIEW,
        [],
        ["adult_at_offence"],
    ),
    # Rules 4 and 5.
    case(
        "an assault prior makes the case ineligible",
        referral(priors=["266"]),
        INELIGIBLE,
        ["no_violent_priors"],
    ),
    case(
        "an assault with a weapon prior makes the case ineligible",
        referral(priors=["267"]),
        INELIGIBLE,
        ["no_violent_priors"],
    ),
    case(
        "an aggravated assault prior makes the case ineligible",
        referral(priors=["268"]),
        INELIGIBLE,
        ["no_violent_priors"],
    ),
    case(
        "an uttering threats prior counts as violent",
        referral(priors=["264.1"]),
        INELIGIBLE,
        ["no_violent_priors"],
    ),
    case(
        "a sexual assault prior fails both the violent and the sexual rules",
        referral(priors=["271"]),
        INELIGIBLE,
        ["no_violent_priors", "no_sexual_priors"],
    ),
    case(
        "a sexual interference prior fails the sexual rule only",
        referral(priors=["151"]),
        INELIGIBLE,
        ["no_sexual_priors"],
    ),
    case(
        "a child pornography prior fails the sexual rule only",
        referral(priors=["163.1"]),
        INELIGIBLE,
        ["no_sexual_priors"],
    ),
    # Rule 6.
    case(
        "an earlier case of the same person makes the case ineligible",
        referral(earlier=[41]),
        INELIGIBLE,
        ["first_participation"],
    ),
    case(
        "two earlier cases fail the same rule",
        referral(earlier=[41, 12]),
        INELIGIBLE,
        ["first_participation"],
    ),
    case(
        "an earlier case the prosecutor admitted counts whatever its state",
        referral(others=[SamePersonCase(41, "returned", EARLIER_DAY, True)]),
        INELIGIBLE,
        ["first_participation"],
    ),
    case(
        "an earlier case still waitlisted counts even when its admission is unknown",
        referral(others=[SamePersonCase(41, "waitlisted", EARLIER_DAY)]),
        INELIGIBLE,
        ["first_participation"],
    ),
    case(
        "an earlier case refused at screening is no participation",
        referral(others=[SamePersonCase(41, "ineligible", EARLIER_DAY)]),
        ELIGIBLE,
    ),
    case(
        "an earlier case returned to the prosecutor without admission is no participation",
        referral(others=[SamePersonCase(41, "returned", EARLIER_DAY)]),
        ELIGIBLE,
    ),
    case(
        "an earlier referral still open is a duplicate, not a participation",
        referral(others=[SamePersonCase(41, "eligible", EARLIER_DAY)]),
        ELIGIBLE,
    ),
    case(
        "a later case never counts, even completed",
        referral(others=[SamePersonCase(900, "completed", date(2025, 9, 1), True)]),
        ELIGIBLE,
    ),
    case(
        "a case received the same day counts only when its id is smaller",
        referral(others=[SamePersonCase(501, "completed", RECEIVED_ON, True)]),
        ELIGIBLE,
    ),
    case(
        "a case received the same day with a smaller id is earlier",
        referral(others=[SamePersonCase(499, "completed", RECEIVED_ON, True)]),
        INELIGIBLE,
        ["first_participation"],
    ),
    # Rule 7.
    case(
        "a procuring charge is excluded",
        referral(charge="286.3"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    case(
        "a material benefit charge is excluded",
        referral(charge="286.2"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    case(
        "an advertising charge is excluded",
        referral(charge="286.4"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    case(
        "a trafficking charge is excluded",
        referral(charge="279.01"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    case(
        "a trafficking charge missing from the catalogue is still excluded",
        referral(charge="279.011"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    case(
        "a charge of receiving a benefit from trafficking is excluded without the catalogue",
        referral(charge="279.02"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    case(
        "a procuring charge written with its subsection is excluded without the catalogue",
        referral(charge="286.3(2)"),
        INELIGIBLE,
        ["accepted_charge", "not_exploitation_charge"],
    ),
    # Rule 8.
    case(
        "a prior conviction for buying sexual services means this is not a first offence",
        referral(priors=["286.1(1)"]),
        INELIGIBLE,
        ["no_exploitation_priors"],
    ),
    case(
        "a procuring prior fails the exploitation rule",
        referral(priors=["286.3"]),
        INELIGIBLE,
        ["no_exploitation_priors"],
    ),
    case(
        "a trafficking prior fails the violent and exploitation rules",
        referral(priors=["279.01"]),
        INELIGIBLE,
        ["no_violent_priors", "no_exploitation_priors"],
    ),
    # Unknown codes.
    case(
        "a prior missing from the catalogue alone needs review",
        referral(priors=["999"]),
        REVIEW,
        [],
        ALL_PRIORS_UNKNOWN,
    ),
    case(
        "two unknown priors with a theft prior need review",
        referral(priors=["999", "334", "123.45"]),
        REVIEW,
        [],
        ALL_PRIORS_UNKNOWN,
    ),
    case(
        "an unknown prior with a violent prior is ineligible",
        referral(priors=["999", "266"]),
        INELIGIBLE,
        ["no_violent_priors"],
        ["no_sexual_priors", "no_exploitation_priors"],
    ),
    case(
        "an unknown prior with a sexual prior is ineligible",
        referral(priors=["151", "999"]),
        INELIGIBLE,
        ["no_sexual_priors"],
        ["no_violent_priors", "no_exploitation_priors"],
    ),
    case(
        "an unknown prior with a buying prior is ineligible",
        referral(priors=["999", "286.1(1)"]),
        INELIGIBLE,
        ["no_exploitation_priors"],
        ["no_violent_priors", "no_sexual_priors"],
    ),
    # Combinations.
    case(
        "a minor involved with a missing birth date is ineligible",
        referral(minor=True, born=None),
        INELIGIBLE,
        ["no_minor_involved"],
        ["adult_at_offence"],
    ),
    case(
        "an earlier case with an unknown prior is ineligible",
        referral(earlier=[3], priors=["999"]),
        INELIGIBLE,
        ["first_participation"],
        ALL_PRIORS_UNKNOWN,
    ),
    case(
        "a young client with an assault prior fails both rules",
        referral(born=date(2008, 1, 1), priors=["266"]),
        INELIGIBLE,
        ["adult_at_offence", "no_violent_priors"],
    ),
    case(
        "a procuring charge from a minor client with every kind of prior fails every rule",
        referral(
            charge="286.3",
            minor=True,
            born=date(2010, 1, 1),
            priors=["271", "286.4", "999"],
            earlier=[8],
        ),
        INELIGIBLE,
        RULES,
    ),
]


@pytest.mark.parametrize(("data", "outcome", "fails", "unknowns"), CASES)
def test_screening(data, outcome, fails, unknowns):
    decision = screen(data, SETTINGS)
    results = {rule.rule: rule.result for rule in decision.rules}
    assert decision.outcome == outcome
    assert {name for name, result in results.items() if result == RuleResult.FAIL} == fails
    assert {name for name, result in results.items() if result == RuleResult.UNKNOWN} == unknowns
    assert all(rule.reason_fr.strip() and rule.reason_en.strip() for rule in decision.rules)


CATEGORY_OF_RULE = {"no_violent_priors": V, "no_sexual_priors": S, "no_exploitation_priors": X}


def sections_at_fault(rule, data):
    """The sections a failing rule's reasons must name."""
    if rule in CATEGORY_OF_RULE:
        codes = [prior.offence_code for prior in data.prior_convictions]
        return [code for code in codes if CATEGORY_OF_RULE[rule] in categories_of(code)]
    if rule in ("accepted_charge", "not_exploitation_charge"):
        return [data.offence_code]
    return [data.offence_code] if data.offence_code == "286.1(2)" else []


def categories_of(code):
    return CATALOGUE[code].categories if code in CATALOGUE else frozenset()


@pytest.mark.parametrize(("data", "outcome", "fails", "unknowns"), CASES)
def test_fail_reasons_name_the_sections_at_fault(data, outcome, fails, unknowns):
    for rule in screen(data, SETTINGS).rules:
        if rule.result != RuleResult.FAIL:
            continue
        for code in sections_at_fault(rule.rule, data):
            assert f"art. {code}" in rule.reason_fr and f"s. {code}" in rule.reason_en
            if code in CATALOGUE:
                assert CATALOGUE[code].title_fr in rule.reason_fr
                assert CATALOGUE[code].title_en in rule.reason_en


def test_every_rule_appears_once_in_order():
    decision = screen(referral(), SETTINGS)
    assert tuple(rule.rule for rule in decision.rules) == RULES
    assert RULES == (
        "accepted_charge",
        "no_minor_involved",
        "adult_at_offence",
        "no_violent_priors",
        "no_sexual_priors",
        "first_participation",
        "not_exploitation_charge",
        "no_exploitation_priors",
    )


def test_decision_records_the_settings_version():
    assert screen(referral(), SETTINGS).settings_version == 7
    assert screen(referral(), replace(SETTINGS, version=8)).settings_version == 8


def reasons(decision, name):
    (rule,) = [rule for rule in decision.rules if rule.rule == name]
    return rule.reason_fr, rule.reason_en


def test_pass_reasons_read_plainly():
    decision = screen(referral(), SETTINGS)
    assert reasons(decision, "no_violent_priors") == (
        "Aucune condamnation antérieure pour une infraction avec violence.",
        "No prior conviction for a violent offence.",
    )
    assert reasons(decision, "adult_at_offence") == (
        "La personne avait 45 ans à la date de l'infraction (2025-06-01).",
        "The client was 45 years old on the offence date (2025-06-01).",
    )


def test_prior_fail_names_each_section_with_its_title_once():
    fr, en = reasons(screen(referral(priors=["266", "267", "266"]), SETTINGS), "no_violent_priors")
    assert fr == (
        "Condamnations antérieures pour une infraction avec violence : art. 266 (Voies de fait), "
        "art. 267 (Agression armée ou infliction de lésions corporelles)."
    )
    assert en == (
        "Prior convictions for a violent offence: s. 266 (Assault), "
        "s. 267 (Assault with a weapon or causing bodily harm)."
    )


def test_unknown_prior_reason_names_the_unknown_codes():
    fr, en = reasons(
        screen(referral(priors=["999", "334", "430(4)"]), SETTINGS), "no_sexual_priors"
    )
    assert "art. 999, art. 430(4)" in fr and "catalogue" in fr and "334" not in fr
    assert "s. 999, s. 430(4)" in en and "catalogue" in en and "334" not in en


def test_refused_charge_reason_names_the_charge_and_the_accepted_ones():
    fr, en = reasons(screen(referral(charge="286.3"), SETTINGS), "accepted_charge")
    assert "art. 286.3 (Proxénétisme)" in fr
    assert "art. 286.1(1) (Obtention de services sexuels moyennant rétribution)" in fr
    assert "s. 286.3 (Procuring)" in en
    fr, en = reasons(screen(referral(charge="286.3"), SETTINGS), "not_exploitation_charge")
    assert "art. 286.3 (Proxénétisme)" in fr and "s. 286.3 (Procuring)" in en


def test_earlier_case_reason_counts_and_lists_the_cases():
    fr, en = reasons(screen(referral(earlier=[41, 12]), SETTINGS), "first_participation")
    assert "2 dossiers antérieurs (dossiers 12, 41)" in fr
    assert "2 earlier cases (cases 12, 41)" in en


def test_only_earlier_cases_that_took_part_are_named_in_the_reason():
    data = referral(
        earlier=[41],
        others=[
            SamePersonCase(12, "ineligible", EARLIER_DAY),
            SamePersonCase(900, "completed", date(2025, 9, 1), True),
        ],
    )
    assert [c.case_id for c in prior_participations(data)] == [41]
    fr, en = reasons(screen(data, SETTINGS), "first_participation")
    assert "1 dossier antérieur (dossier 41)" in fr and "12" not in fr and "900" not in fr
    assert "took part in the program before: 1 earlier case (case 41)" in en


def test_a_referral_not_yet_placed_comes_after_every_case_of_the_person():
    data = replace(referral(earlier=[41]), received_on=None, case_id=None)
    assert [c.case_id for c in prior_participations(data)] == [41]


def test_took_part_means_admitted_or_further():
    day = EARLIER_DAY
    assert took_part(SamePersonCase(1, "withdrawn", day, True))
    assert took_part(SamePersonCase(1, "failed", day))
    assert not took_part(SamePersonCase(1, "consented", day))
    assert not took_part(SamePersonCase(1, "returned", day))


def test_possible_duplicates_are_the_cases_that_never_took_part_and_stay_unclosed():
    cases = (
        SamePersonCase(1, "eligible", EARLIER_DAY),
        SamePersonCase(2, "ineligible", EARLIER_DAY),
        SamePersonCase(3, "returned", EARLIER_DAY, duplicate_of=1),
        SamePersonCase(4, "completed", EARLIER_DAY, True),
    )
    assert [c.case_id for c in possible_duplicates(cases)] == [1, 2]


def test_minor_reasons_say_why_prosecution_is_mandatory():
    fr, en = reasons(screen(referral(charge="286.1(2)", minor=True), SETTINGS), "no_minor_involved")
    assert "286.1(2)" in fr and "moins de 18 ans" in fr and "poursuite est obligatoire" in fr
    assert "286.1(2)" in en and "under 18" in en and "mandatory" in en


def test_age_fail_reason_gives_the_age():
    fr, en = reasons(screen(referral(born=date(2007, 6, 2)), SETTINGS), "adult_at_offence")
    assert "17 ans" in fr and "18 ans ou plus" in fr
    assert "17 years old" in en


def test_settings_choose_the_accepted_charges():
    theft_too = replace(SETTINGS, accepted_charges=frozenset({"286.1(1)", "334"}))
    assert screen(referral(charge="334"), theft_too).outcome == Outcome.ELIGIBLE


def test_settings_cannot_admit_a_procuring_charge():
    procuring_too = replace(SETTINGS, accepted_charges=frozenset({"286.1(1)", "286.3"}))
    decision = screen(referral(charge="286.3"), procuring_too)
    results = {rule.rule: rule.result for rule in decision.rules}
    assert decision.outcome == Outcome.INELIGIBLE
    assert results["accepted_charge"] == RuleResult.PASS
    assert results["not_exploitation_charge"] == RuleResult.FAIL


def test_an_exploitation_charge_outside_the_listed_sections_fails_unless_accepted():
    catalogue = CATALOGUE | {"212": offence("212", "Proxénétisme (ancien)", "Procuring (old)", X)}
    old_law = replace(SETTINGS, catalogue=catalogue)
    assert "not_exploitation_charge" in failed_rules(screen(referral(charge="212"), old_law))
    accepted = replace(old_law, accepted_charges=frozenset({"212"}))
    assert "not_exploitation_charge" not in failed_rules(screen(referral(charge="212"), accepted))


def failed_rules(decision):
    return {rule.rule for rule in decision.rules if rule.result == RuleResult.FAIL}


# --- Properties ------------------------------------------------------------------------

PROPERTY = settings(max_examples=200, database=None, deadline=None)
RANK = {Outcome.ELIGIBLE: 0, Outcome.NEEDS_REVIEW: 1, Outcome.INELIGIBLE: 2}
COUNTING_CODES = sorted(code for code, entry in CATALOGUE.items() if {V, S} & entry.categories)

codes = st.sampled_from(sorted(CATALOGUE) + list(UNKNOWN_CODES))
charges = st.sampled_from(sorted(CATALOGUE) + ["286.1(1)", "286.1(2)", "279.011", "999"])
priors = st.builds(
    PriorConviction,
    offence_code=codes,
    conviction_date=st.none() | st.dates(date(1990, 1, 1), date(2025, 12, 31)),
)
same_person_cases = st.builds(
    SamePersonCase,
    case_id=st.integers(1, 100_000),
    state=st.sampled_from(["eligible", "ineligible", "completed", "failed", "returned"]),
    received_on=st.dates(date(2015, 1, 1), date(2026, 12, 31)),
    was_admitted=st.booleans(),
)
inputs = st.builds(
    ScreeningInput,
    offence_code=charges,
    offence_date=st.dates(date(2015, 1, 1), date(2026, 12, 31)),
    involves_minor=st.booleans(),
    birth_date=st.none() | st.dates(date(1920, 1, 1), date(2010, 12, 31)),
    prior_convictions=st.lists(priors, max_size=4).map(tuple),
    same_person_cases=st.lists(same_person_cases, max_size=2).map(tuple),
    received_on=st.none() | st.dates(date(2015, 1, 1), date(2026, 12, 31)),
    case_id=st.none() | st.integers(1, 100_000),
)


@PROPERTY
@given(inputs)
def test_screening_is_deterministic(data):
    first = screen(data, SETTINGS)
    assert isinstance(first, Decision)
    assert first == screen(replace(data), SETTINGS)


@PROPERTY
@given(inputs, st.sampled_from(COUNTING_CODES), st.data())
def test_a_violent_or_sexual_prior_always_makes_a_case_ineligible(data, code, draw):
    where = draw.draw(st.integers(0, len(data.prior_convictions)), label="position")
    prior_convictions = list(data.prior_convictions)
    prior_convictions.insert(where, PriorConviction(code))
    worse = replace(data, prior_convictions=tuple(prior_convictions))
    assert screen(worse, SETTINGS).outcome == Outcome.INELIGIBLE


@PROPERTY
@given(inputs)
def test_removing_priors_never_adds_a_prior_fail(data):
    before = screen(data, SETTINGS)
    after = screen(replace(data, prior_convictions=()), SETTINGS)
    for old, new in zip(before.rules, after.rules, strict=True):
        assert new.rule == old.rule
        if new.rule in PRIOR_RULES:
            assert new.result == RuleResult.PASS
        else:
            assert new == old
    assert RANK[after.outcome] <= RANK[before.outcome]
