"""Statistics over the store: counts by dimensions, filters, rates, attitude changes."""

import pytest

from johnschool.extensions import db
from johnschool.referrals.settings import program_settings
from johnschool.research.perturbation import SPREAD
from johnschool.research.rates import attitude_changes, outcome_rates
from johnschool.research.statistics import (
    Filters,
    UnknownDimension,
    check_dimensions,
    profile_table,
)
from johnschool.research.suppression import TOTAL

from .builders import add_records


def near(published, true):
    """A published count is within the perturbation's spread of the true count."""
    return abs(published - true) <= SPREAD


def test_counts_by_one_dimension_are_perturbed_near_the_truth_and_small_ones_hidden(app):
    add_records(23, answers={"marital_status": "single"})
    add_records(31, answers={"marital_status": "married"})
    add_records(3, answers={"marital_status": "widowed"})
    table = profile_table(["marital_status"], Filters()).table
    assert near(table.cell("single"), 23) and near(table.cell("married"), 31)
    assert table.cell("widowed") is None
    assert table.cell(None) is None  # nobody without an answer: zero, hidden too
    assert near(table.grand_total, 57)


def test_two_dimensions_cross_a_record_column_with_a_profile_item(app):
    add_records(20, answers={"education": "college"}, age_band="18-24")
    add_records(30, answers={"education": "university"}, age_band="35-44")
    profile = profile_table(["age_band", "education"], Filters())
    assert near(profile.table.cell("18-24", "college"), 20)
    assert near(profile.table.cell("35-44", "university"), 30)
    cells = profile.cells()
    assert {"age_band": "18-24", "education": "college", "count": cells[0]["count"]} in cells
    assert all(set(cell) == {"age_band", "education", "count"} for cell in cells)


def test_filters_keep_only_the_years_language_and_source_asked_for(app):
    add_records(12, year=2023)
    add_records(40, year=2025, language="en", referral_source="court")
    add_records(9, year=2025, language="fr")
    filters = Filters(year_from=2024, year_to=2025, language="en", referral_source="court")
    table = profile_table(["year"], filters).table
    assert table.rows == [2025]
    assert near(table.cell(2025), 40)


def test_a_filter_leaving_fewer_than_k_people_answers_nothing(app):
    add_records(4, year=2024)
    add_records(50, year=2025)
    profile = profile_table(["outcome"], Filters(year_from=2024, year_to=2024))
    assert profile.is_too_small and profile.cells() == []


def test_k_comes_from_the_program_settings(app):
    program_settings().research_k = 10
    db.session.commit()
    add_records(8, answers={"employment": "employed"})
    add_records(40, answers={"employment": "retired"})
    profile = profile_table(["employment"], Filters())
    assert profile.k == 10 and profile.table.cell("employed") is None


def test_unknown_or_repeated_dimensions_are_refused(app):
    add_records(5, answers={"income_band": "low"})
    assert check_dimensions(["region", "income_band"]) == ["region", "income_band"]
    for names in (["shoe_size"], [], ["region", "region"], ["year", "region", "outcome"]):
        with pytest.raises(UnknownDimension):
            check_dimensions(names)


def test_the_same_question_asked_twice_gets_the_same_numbers(app):
    add_records(37, answers={"marital_status": "single"}, age_band="25-34")
    add_records(26, answers={"marital_status": "married"}, age_band="45-54")
    first = profile_table(["age_band", "marital_status"], Filters())
    again = profile_table(["marital_status", "age_band"], Filters(year_from=2000))
    one_way = profile_table(["marital_status"], Filters())
    assert first.table.grand_total == again.table.grand_total == one_way.table.grand_total
    assert first.table.cell(TOTAL, "single") == one_way.table.cell("single")


def test_completion_and_reoffending_rates_come_with_their_denominators(app):
    add_records(30, outcome="completed", reoffended_6=False, reoffended_12=False)
    add_records(10, outcome="completed", reoffended_6=True)
    add_records(10, outcome="failed")
    add_records(20, outcome="ineligible")
    rates = {rate.label: rate for rate in outcome_rates(Filters())}
    assert near(rates["completion"].numerator, 40) and near(rates["completion"].denominator, 50)
    assert near(rates["reoffended_6"].numerator, 10) and near(rates["reoffended_6"].denominator, 40)
    assert rates["reoffended_24"].denominator is None and rates["reoffended_24"].percent is None


def test_attitude_change_is_shown_only_for_items_k_people_answered_twice(app):
    add_records(6, attitudes={"harm_1": (2, 4), "law_1": (3, None)})
    add_records(4, attitudes={"consent_1": (1, 5)})
    changes = attitude_changes(Filters())
    assert [change.item_code for change in changes] == ["harm_1"]
    # The sum of the six changes (12) moves by the spread at most: the mean by a third of it.
    assert abs(changes[0].mean_change - 2.0) <= SPREAD / 6 + 0.05
    assert near(changes[0].answered_both, 6)
