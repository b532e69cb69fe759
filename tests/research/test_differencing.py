"""The differencing attack of a researcher with a token pins no hidden cell.

The attacker asks for region × age band over every year range of 2015-2026 with every
language and source filter (1,170 requests), then bounds and estimates each hidden cell
of true count 1 to 4 from what was answered (attack.py). The period rule, the ledger and
the cell-key perturbation must leave those cells as uncertain as a blind guess: pinned
within ±1 by the bounds in at most 5 % of them, and estimated by least squares no better
than the best constant guess, give or take 5 points. On exact counts over any year range,
the same attack pins the hidden cells: it has teeth.
"""

import random

import numpy as np
import pytest
from sqlalchemy import insert

from johnschool.extensions import db
from johnschool.referrals.settings import program_settings
from johnschool.research import statistics
from johnschool.research.models import CELL_KEY_RANGE, ResearchRecord, random_record_id
from johnschool.research.perturbation import SPREAD
from johnschool.research.statistics import Filters, categories_of, grouped_counts
from johnschool.research.suppression import suppress_small_cells

from ..factories import make_user
from .attack import (
    AGE_BANDS,
    ATOMS,
    INDEX,
    REGIONS,
    Findings,
    attack,
    every_request,
    query_string,
    read_export,
    synthetic_records,
)

RECORDS = 6000
SAMPLE = 60  # hidden cells bounded by linear programming (two programs each); all estimated


@pytest.fixture
def small_grid(monkeypatch):
    """Four regions and four age bands (and unknown): the attack's grid stays small."""
    monkeypatch.setitem(statistics.FIXED_CATEGORIES, "region", REGIONS)
    monkeypatch.setitem(statistics.FIXED_CATEGORIES, "age_band", AGE_BANDS)


@pytest.fixture
def truth(app, small_grid):
    """The synthetic store, loaded; the true count of every atom."""
    records = synthetic_records(RECORDS, seed=2026)
    keys = random.Random(12)  # the cell keys too are drawn the same way every run
    db.session.execute(
        insert(ResearchRecord),
        [
            {"id": random_record_id(), "cell_key": keys.randrange(CELL_KEY_RANGE), **r}
            for r in records
        ],
    )
    program_settings().research_daily_budget = 100_000  # the budget is not what protects here
    db.session.commit()
    counts = np.zeros(len(ATOMS), dtype=int)
    for r in records:
        atom = (r["year"], r["region"], r["age_band"], r["language"], r["referral_source"])
        counts[INDEX[atom]] += 1
    return counts


def report(findings: Findings) -> str:
    """The figures of the attack, for the test's output."""
    shares = {
        name: f"{findings.share(name):.1%}"
        for name in ("lp_exact", "lp_within_one", "ls_exact", "ls_within_one")
    }
    chance = {name: f"{findings.share(name):.1%}" for name in ("guess_exact", "guess_within_one")}
    return (
        f"answered {findings.answered}, refused {findings.refused}, hidden cells of 1-4:"
        f" {findings.targets}, examined {findings.examined}: {shares}, chance {chance}"
    )


def test_the_differencing_attack_pins_no_hidden_cell(client, sign_in, truth):
    sign_in(make_user("researcher"))
    published, findings = [], Findings()
    for request in every_request():
        response = client.get(f"/research/export.csv?{query_string(request)}")
        if response.status_code == 200:
            published.append((request, read_export(response.get_data(as_text=True))))
        else:
            findings.refused[response.status_code] = (
                findings.refused.get(response.status_code, 0) + 1
            )
    findings.answered = len(published)
    attack(published, truth, SPREAD, findings, SAMPLE, seed=1)
    print(report(findings), flush=True)
    assert findings.answered + sum(findings.refused.values()) == 1170
    assert findings.targets >= 500 and findings.examined == SAMPLE, "cells to work on"
    assert findings.share("lp_within_one") <= 0.05
    assert findings.share("ls_exact") <= findings.share("guess_exact") + 0.05
    assert findings.share("ls_within_one") <= findings.share("guess_within_one") + 0.05


def exact_table(request: dict) -> dict:
    """A region × age band table of true counts, small cells suppressed as always."""
    names, filters = ["region", "age_band"], Filters(request["from"], request["to"])
    counts = {tuple(row[:2]): row[2] for row in grouped_counts(names, filters)}
    categories = tuple(categories_of(name, filters) for name in names)
    return dict(suppress_small_cells(counts, 5, categories=categories).values)


def test_with_exact_counts_over_any_year_range_the_same_attack_pins_cells(truth):
    requests = [r for r in every_request() if not r["language"] and not r["source"]]
    published = [(request, exact_table(request)) for request in requests]
    findings = attack(published, truth, 0, Findings(answered=len(published)), 30, seed=1)
    print(report(findings), flush=True)
    assert findings.share("lp_within_one") > 0.5
