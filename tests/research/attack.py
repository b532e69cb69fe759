"""A differencing attack on the published statistics, as a researcher could run it.

The attacker asks for the region × age band table of every year range, language and
referral source, keeps what is answered, and models the store as unknown counts of
"atoms" (year, region, age band, language, source). Each published count of a cell or
total says its atoms sum to within the published spread of it. Two estimates follow
for every hidden cell: least squares over all the published counts, and linear
programming bounds (the smallest and largest counts every published number allows).
"""

import csv
import io
import itertools
import random
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog, lsq_linear

from johnschool.research.suppression import TOTAL

YEARS = list(range(2015, 2027))
REGIONS = ["QC-01", "QC-03", "QC-06", "QC-16"]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54"]
LANGUAGES = ["fr", "en"]
SOURCES = ["police", "prosecutor", "court", "self"]
# Weights of each value; None is an unknown region or age band.
WEIGHTS = {
    "region": ([*REGIONS, None], [0.15, 0.2, 0.45, 0.15, 0.05]),
    "age_band": ([*AGE_BANDS, None], [0.2, 0.35, 0.25, 0.15, 0.05]),
    "language": (LANGUAGES, [0.8, 0.2]),
    "referral_source": (SOURCES, [0.6, 0.2, 0.15, 0.05]),
}
ROWS = [*REGIONS, None]
COLUMNS = [*AGE_BANDS, None]


def synthetic_records(count: int, seed: int) -> list[dict]:
    """Records with every dimension drawn at random: the true counts are known."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        record = {
            name: rng.choices(values, weights)[0] for name, (values, weights) in WEIGHTS.items()
        }
        records.append({**record, "year": rng.choice(YEARS), "outcome": "completed"})
    return records


def every_request() -> list[dict]:
    """Every year range of 2015-2026 with every language and source filter: 1,170 requests."""
    ranges = [(a, b) for a in YEARS for b in YEARS if a <= b]
    return [
        {"from": a, "to": b, "language": language, "source": source}
        for (a, b), language, source in itertools.product(
            ranges, [None, *LANGUAGES], [None, *SOURCES]
        )
    ]


def query_string(request: dict) -> str:
    """The arguments of the request, for the statistics export."""
    parts = ["dim=region", "by=age_band", f"from={request['from']}", f"to={request['to']}"]
    parts += [f"{name}={request[name]}" for name in ("language", "source") if request[name]]
    return "&".join(parts)


def read_export(text: str) -> dict[tuple, int | None]:
    """The published counts of an exported table, by (region, age band), totals included."""

    def label(value):
        return TOTAL if value == "Total" else (value or None)

    table = {}
    for row in csv.DictReader(io.StringIO(text)):
        count = None if row["count"] == "suppressed" else int(row["count"])
        table[(label(row["region"]), label(row["age_band"]))] = count
    return table


ATOMS = list(itertools.product(YEARS, ROWS, COLUMNS, LANGUAGES, SOURCES))
INDEX = {atom: i for i, atom in enumerate(ATOMS)}
_YEAR = np.array([atom[0] for atom in ATOMS])
_CODES = [np.array([str(atom[n]) for atom in ATOMS]) for n in range(1, 5)]


def atoms_of(request: dict, position: tuple) -> list[int]:
    """The indexes of the atoms a position of a requested table counts."""
    mask = (_YEAR >= request["from"]) & (_YEAR <= request["to"])
    wanted = (*position, request["language"], request["source"])
    for codes, value, everything in zip(_CODES, wanted, (TOTAL, TOTAL, None, None), strict=True):
        if value != everything:
            mask &= codes == str(value)
    return list(np.flatnonzero(mask))


def true_count(records_by_atom: np.ndarray, indexes: list[int]) -> int:
    """The true count of a cell."""
    return int(records_by_atom[indexes].sum())


@dataclass
class Findings:
    """What the attack found about the hidden cells of true count 1 to 4."""

    answered: int = 0
    refused: dict = field(default_factory=dict)
    targets: int = 0
    examined: int = 0  # targets whose bounds were computed
    lp_exact: int = 0
    lp_within_one: int = 0
    ls_exact: int = 0  # least squares and the guess: over every target
    ls_within_one: int = 0
    guess_exact: int = 0
    guess_within_one: int = 0

    def share(self, name: str) -> float:
        """A count of the findings as a share of the targets it is over."""
        over = self.examined if name.startswith("lp_") else self.targets
        return getattr(self, name) / over if over else 0.0


def _system(published: list[tuple[dict, dict]], spread: int):
    """The inequalities every published count gives: lower ≤ sum of its atoms ≤ upper."""
    rows, lower, upper = [], [], []
    for request, table in published:
        for position, count in table.items():
            if count is not None:
                rows.append(atoms_of(request, position))
                lower.append(count - spread)
                upper.append(count + spread)
    matrix = sparse.lil_matrix((len(rows), len(ATOMS)))
    for r, indexes in enumerate(rows):
        matrix[r, indexes] = 1
    return matrix.tocsr(), np.array(lower, float), np.array(upper, float)


def hidden_targets(published, truth: np.ndarray) -> list[tuple[list[int], int]]:
    """The distinct hidden cells (totals left out) whose true count is 1 to 4."""
    seen, targets = set(), []
    for request, table in published:
        for position, count in table.items():
            if count is None and TOTAL not in position:
                indexes = atoms_of(request, position)
                key = tuple(i for i in indexes if truth[i])  # the people in it
                value = true_count(truth, indexes)
                if 1 <= value <= 4 and key not in seen:
                    seen.add(key)
                    targets.append((indexes, value))
    return targets


def attack(published, truth: np.ndarray, spread: int, findings: Findings, sample: int, seed: int):
    """Estimate every hidden cell and bound a sample of them; count how well each is pinned."""
    matrix, lower, upper = _system(published, spread)
    targets = hidden_targets(published, truth)
    findings.targets = len(targets)
    _least_squares(matrix, (lower + upper) / 2, targets, findings)
    chosen = random.Random(seed).sample(targets, min(sample, len(targets)))
    findings.examined = len(chosen)
    stacked = sparse.vstack([matrix, -matrix]).tocsr()
    limits = np.concatenate([upper, -lower])
    for indexes, _value in chosen:
        objective = np.zeros(len(ATOMS))
        objective[indexes] = 1
        low = linprog(objective, A_ub=stacked, b_ub=limits, bounds=(0, None), method="highs")
        high = linprog(-objective, A_ub=stacked, b_ub=limits, bounds=(0, None), method="highs")
        floor, ceiling = int(np.ceil(low.fun - 1e-6)), int(np.floor(-high.fun + 1e-6))
        findings.lp_exact += floor == ceiling
        findings.lp_within_one += ceiling - floor <= 2
    return findings


def _least_squares(matrix, published, targets, findings: Findings) -> None:
    """Estimate every target by least squares, and by the best constant guess for comparison."""
    estimate = lsq_linear(matrix, published, bounds=(0, np.inf), lsmr_tol="auto").x
    values = [value for _indexes, value in targets]
    best_guess = max(range(5), key=lambda g: sum(abs(v - g) <= 1 for v in values))
    mode = max(range(5), key=values.count)
    for indexes, value in targets:
        guessed = round(float(estimate[indexes].sum()))
        findings.ls_exact += guessed == value
        findings.ls_within_one += abs(guessed - value) <= 1
        findings.guess_exact += value == mode
        findings.guess_within_one += abs(value - best_guess) <= 1
