"""The cell-key perturbation: bounded, unbiased, as published, and a function of the people."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from johnschool.research.models import CELL_KEY_RANGE, random_cell_key
from johnschool.research.perturbation import (
    PERTURBATION,
    SPREAD,
    THRESHOLDS,
    cell_key,
    perturbed,
    shift_of,
)

STEPS = 10_000


def evenly_spread_keys():
    """Cell keys spread evenly over their range, as the sums of random keys are."""
    return [CELL_KEY_RANGE * i // STEPS for i in range(STEPS)]


@given(st.integers(5, 100_000), st.integers(0, 2**62))
def test_a_published_count_is_within_the_spread_of_the_true_one(count, key_sum):
    assert abs(perturbed(count, key_sum) - count) <= SPREAD


def test_the_shifts_follow_the_published_table():
    shares = Counter(shift_of(key) for key in evenly_spread_keys())
    for shift, share in PERTURBATION:
        assert abs(shares[shift] / STEPS - share) < 0.001


def test_the_perturbation_is_unbiased_over_every_cell_key():
    widths, previous = [], 0
    for bound, shift in THRESHOLDS:
        widths.append((bound - previous, shift))
        previous = bound
    assert previous == CELL_KEY_RANGE
    assert sum(width * shift for width, shift in widths) == 0


def test_the_same_people_give_the_same_number_and_a_union_sums_its_keys():
    keys = [random_cell_key() for _ in range(12)]
    first = perturbed(12, sum(keys))
    assert perturbed(12, sum(reversed(keys))) == first
    assert cell_key(sum(keys[:5]) + sum(keys[5:])) == cell_key(sum(keys))


def test_one_more_person_draws_an_independent_shift():
    """Over many sets, adding a person gives a shift unrelated to the one before."""
    pairs = Counter()
    for _ in range(4000):
        keys = [random_cell_key() for _ in range(8)]
        pairs[(shift_of(cell_key(sum(keys[:7]))), shift_of(cell_key(sum(keys))))] += 1
    same = sum(count for (before, after), count in pairs.items() if before == after)
    chance = sum(share * share for _shift, share in PERTURBATION)
    assert abs(same / 4000 - chance) < 0.05
