"""The cell-key method: a published count depends on the people counted, never on the query.

Each research record carries a random key fixed when the record is made
(models.random_cell_key), unknown to researchers. A cell's key is the sum of its records'
keys modulo CELL_KEY_RANGE: uniform, and the same whenever the same people are counted.
A count n of at least k is published as n + d, d read from the published PERTURBATION
table at the cell's key, so that:

- the same people give the same number in every table, period and filter: asking again,
  in another layout or another window, tells nothing new;
- two different sets of people draw independent perturbations, so subtracting two
  published counts leaves an error of up to 2 × SPREAD on the difference.

Totals are cells of their own (their key is the sum of all their records' keys), so the
cells of a table need not add up to its published totals: tables say so (ADDITIVE).
Counts under k are not published at all (suppression.py).
"""

from .models import CELL_KEY_RANGE

# The published perturbation table: each shift d and the share of cell keys that get it.
PERTURBATION = (
    (-3, 0.08),
    (-2, 0.12),
    (-1, 0.18),
    (0, 0.24),
    (1, 0.18),
    (2, 0.12),
    (3, 0.08),
)
SPREAD = max(abs(shift) for shift, _share in PERTURBATION)
ADDITIVE = False  # published cells and totals are perturbed separately


def _thresholds() -> list[tuple[int, int]]:
    """The table as (first cell key past the shift's share, shift), in key order."""
    bounds, cumulative = [], 0.0
    for shift, share in PERTURBATION:
        cumulative += share
        bounds.append((round(cumulative * CELL_KEY_RANGE), shift))
    return bounds


THRESHOLDS = _thresholds()


def cell_key(key_sum: int) -> int:
    """The cell key of a set of records, from the sum of their keys."""
    return int(key_sum) % CELL_KEY_RANGE


def shift_of(key: int) -> int:
    """The shift the perturbation table gives a cell key."""
    for bound, shift in THRESHOLDS:
        if key < bound:
            return shift
    return THRESHOLDS[-1][1]


def perturbed(count: int, key_sum: int) -> int:
    """The published value of a count of at least k: count plus the shift of its cell key."""
    return max(count + shift_of(cell_key(key_sum)), 0)
