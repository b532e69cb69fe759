"""Suppression properties over random tables: nothing under k, nothing recoverable."""

from hypothesis import given, settings
from hypothesis import strategies as st

from johnschool.research.suppression import (
    TOTAL,
    build_grid,
    lines_of,
    suppress_small_cells,
)

K = 5
small_or_big = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def two_way_counts(draw):
    """A random two-way table of 1–6 rows and 1–6 columns, many of its counts small."""
    rows = draw(st.integers(1, 6))
    columns = draw(st.integers(1, 6))
    return {(f"r{i}", f"c{j}"): draw(small_or_big) for i in range(rows) for j in range(columns)}


def lines_of_table(table):
    """The table's rows and columns, totals included, as lists of published values."""
    return [
        [table.values[position] for position in line]
        for line in lines_of(table.rows, table.columns)
    ]


@settings(max_examples=300, deadline=None)
@given(two_way_counts())
def test_no_published_count_is_under_k(counts):
    table = suppress_small_cells(counts, K)
    assert all(value is None or value >= K for value in table.values.values())


@settings(max_examples=300, deadline=None)
@given(two_way_counts())
def test_no_row_or_column_has_a_single_hidden_member(counts):
    table = suppress_small_cells(counts, K)
    for line in lines_of_table(table):
        assert sum(value is None for value in line) != 1


@settings(max_examples=300, deadline=None)
@given(two_way_counts())
def test_shown_values_are_the_true_ones_and_totals_add_up(counts):
    _, _, grid = build_grid(counts)
    table = suppress_small_cells(counts, K)
    for position, value in table.values.items():
        assert value is None or value == grid[position]
    for line in lines(table, grid):
        *members, total = line
        assert sum(members) == total


def lines(table, grid):
    """The true values of each line."""
    return [[grid[position] for position in line] for line in lines_of(table.rows, table.columns)]


@settings(max_examples=200, deadline=None)
@given(two_way_counts())
def test_a_hidden_cell_cannot_be_recomputed_from_its_row_or_column(counts):
    """Subtracting what is shown from a shown total leaves at least two unknowns."""
    table = suppress_small_cells(counts, K)
    for line in lines_of_table(table):
        *members, total = line
        unknown = [value for value in members if value is None]
        if unknown and total is not None:
            assert len(unknown) >= 2


def test_a_single_small_cell_takes_the_smallest_cell_of_its_row_and_column_with_it():
    counts = {
        ("a", "x"): 2,
        ("a", "y"): 9,
        ("a", "z"): 30,
        ("b", "x"): 7,
        ("b", "y"): 8,
        ("b", "z"): 40,
    }
    table = suppress_small_cells(counts, K)
    hidden = {position for position, value in table.values.items() if value is None}
    assert hidden == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert table.suppressed == 4
    assert table.cell("a") == 41 and table.grand_total == 96


def test_a_small_total_is_hidden_along_with_its_cells():
    counts = {("a", "x"): 1, ("a", "y"): 2, ("b", "x"): 20, ("b", "y"): 30}
    table = suppress_small_cells(counts, K)
    assert table.cell("a") is None
    assert table.cell("a", "x") is None and table.cell("a", "y") is None


def test_zeros_are_hidden_like_small_counts_and_protect_each_other():
    counts = {("a",): 0, ("b",): 0, ("c",): 12, ("d",): 20}
    table = suppress_small_cells(counts, K)
    assert table.cell("a") is None and table.cell("b") is None
    assert table.cell("c") == 12 and table.grand_total == 32


def test_given_categories_make_the_rows_and_columns_whoever_is_counted():
    table = suppress_small_cells({("a", "x"): 9}, K, categories=(["a", "b"], ["x", "y"]))
    assert table.rows == ["a", "b"] and table.columns == ["x", "y", TOTAL]
    assert table.cell("b", "y") is None


def test_a_one_way_table_with_one_small_cell_hides_a_second_one():
    table = suppress_small_cells({("a",): 4, ("b",): 6, ("c",): 50}, K)
    assert [table.cell(row) for row in ("a", "b", "c", TOTAL)] == [None, None, 50, 60]


def test_the_same_counts_hide_the_same_cells():
    counts = {("a", "x"): 2, ("a", "y"): 9, ("b", "x"): 9, ("b", "y"): 9}
    assert (
        suppress_small_cells(counts, K).values
        == suppress_small_cells(dict(reversed(counts.items())), K).values
    )
