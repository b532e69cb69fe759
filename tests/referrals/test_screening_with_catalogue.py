"""Screening with the offence catalogue that ships with the app."""

from datetime import date

import pytest

from johnschool.referrals.catalogue import load_shipped_offences, normalize_code
from johnschool.referrals.rules import screen
from johnschool.referrals.screening_types import (
    Outcome,
    PriorConviction,
    ScreeningInput,
    ScreeningSettings,
)

SETTINGS = ScreeningSettings(version=1, catalogue=load_shipped_offences())


def referral(*prior_codes):
    """A referral for buying sexual services with the priors typed by a liaison."""
    priors = tuple(PriorConviction(normalize_code(code), date(2015, 3, 1)) for code in prior_codes)
    return ScreeningInput(
        offence_code="286.1(1)",
        offence_date=date(2026, 10, 1),
        involves_minor=False,
        birth_date=date(1980, 4, 2),
        prior_convictions=priors,
    )


@pytest.mark.parametrize(
    ("priors", "outcome"),
    [
        ((), Outcome.ELIGIBLE),
        (("334", "320.14(1)", "CDSA 4(1)", "145"), Outcome.ELIGIBLE),
        (("s. 266",), Outcome.INELIGIBLE),
        (("271",), Outcome.INELIGIBLE),
        (("213(1)c)",), Outcome.INELIGIBLE),
        (("286.1 (1)",), Outcome.INELIGIBLE),
        (("999.9",), Outcome.NEEDS_REVIEW),
        (("999.9", "267"), Outcome.INELIGIBLE),
    ],
    ids=[
        "no record",
        "common non-violent record",
        "assault",
        "sexual assault",
        "old communicating conviction",
        "earlier purchase",
        "section not in the catalogue",
        "unknown section beside an assault with a weapon",
    ],
)
def test_typical_records_screen_as_a_liaison_expects(priors, outcome):
    assert screen(referral(*priors), SETTINGS).outcome == outcome


def test_assault_reason_names_the_section_in_both_languages():
    decision = screen(referral("266"), SETTINGS)
    violent = next(rule for rule in decision.rules if rule.rule == "no_violent_priors")
    assert "266" in violent.reason_fr and "Voies de fait" in violent.reason_fr
    assert "266" in violent.reason_en and "Assault" in violent.reason_en
