"""Two queries whose populations differ by one person never tell that person's answer.

The attacker filters once without the person (language fr) and once with them (no
language filter), then compares the tables cell by cell. Every published count is
a multiple of 5 within 4 of the truth, and the extra person changes the rounding of
every cell, so both tables are compatible with the person having any answer at all.
"""

from sqlalchemy import delete

from johnschool.extensions import db
from johnschool.research.models import ResearchAnswer, ResearchRecord
from johnschool.research.statistics import Filters, profile_table
from johnschool.research.suppression import suppress_small_cells

from .builders import add_records

ANSWERS = {"single": 23, "married": 31, "divorced": 17, "widowed": 12, "separated": 8}
TRIALS = 40


def possible_true_counts(published, k, spread=4):
    """The true counts a published value is compatible with (hidden: anything under k)."""
    if published is None:
        return set(range(0, k))
    return set(range(max(published - spread, k), published + spread + 1))


def compatible(without, with_person, answer, k, spread=4):
    """Tell whether both tables could come from a population where the person answered answer."""
    for value in without.rows:
        before = possible_true_counts(without.cell(value), k, spread)
        after = possible_true_counts(with_person.cell(value), k, spread)
        added = 1 if value == answer else 0
        if not any(count + added in after for count in before):
            return False
    return True


def test_the_extra_person_could_have_given_any_answer(app):
    for answer, count in ANSWERS.items():
        add_records(count, answers={"marital_status": answer}, language="fr")
    revealed = set()
    naive_hits = 0
    for trial in range(TRIALS):
        answer = list(ANSWERS)[trial % len(ANSWERS)]
        (person,) = add_records(1, answers={"marital_status": answer}, language="en")
        without = profile_table(["marital_status"], Filters(language="fr"))
        with_person = profile_table(["marital_status"], Filters())
        possible = {
            a for a in ANSWERS if compatible(without.table, with_person.table, a, without.k)
        }
        if possible != set(ANSWERS):
            revealed.add(trial)
        differences = {
            value: (with_person.table.cell(value) or 0) - (without.table.cell(value) or 0)
            for value in ANSWERS
        }
        changed = [value for value, difference in differences.items() if difference]
        naive_hits += changed == [answer]
        db.session.execute(delete(ResearchAnswer).where(ResearchAnswer.record_id == person))
        db.session.execute(delete(ResearchRecord).where(ResearchRecord.id == person))
        db.session.commit()
    assert revealed == set()
    # Subtracting the tables points at the right answer alone far less often than not.
    assert naive_hits < TRIALS / 2


def test_without_keyed_rounding_the_same_comparison_would_give_the_answer_away():
    """The attacker's check has teeth: on exact counts it finds the person's answer."""
    exact = {(answer,): count for answer, count in ANSWERS.items()}
    with_person = {**exact, ("divorced",): exact[("divorced",)] + 1}
    without, with_ = suppress_small_cells(exact, 5), suppress_small_cells(with_person, 5)
    possible = {a for a in ANSWERS if compatible(without, with_, a, 5, spread=0)}
    assert possible == {"divorced"}
