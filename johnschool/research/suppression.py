"""Small-cell suppression of one- and two-way count tables: pure, no database.

A table is its cells plus row totals, column totals and the grand total. Seen as a
grid with the totals as an extra row and column, every row and every column is a
"line" whose last member is the sum of the others.

1. Primary suppression: every count under k is hidden, totals included, and zeros
   too. A shown zero would undo the protection against differencing: two queries
   whose populations differ by one person would show 0 in one and a hidden count in
   the other, naming the cell that person is in. For the same reason the rows and
   columns are fixed by the caller (every category a dimension may take), never by
   which combinations happen to occur.
2. Complementary suppression: a line with exactly one hidden member would give
   that member away (total minus the shown cells), so another member of the line
   is hidden, the smallest one (cells before totals, then by position), until no
   line has exactly one hidden member: a fixed point, reached because each round
   hides one more member of a finite grid.
3. Perturbation of what is shown: done by a callable the caller gives
   (statistics.py adds the cell-key perturbation of perturbation.py, against differencing).
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

TOTAL = "__total__"  # the label of the totals row and column


def _label_key(label):
    """Sort labels with None last, numbers and text in their own order."""
    return (
        label is None,
        not isinstance(label, int),
        label if isinstance(label, int) else 0,
        str(label),
    )


@dataclass
class Table:
    """A published table: each position maps to its count, or None when hidden."""

    rows: list
    columns: list  # [TOTAL] alone for a one-way table
    values: dict[tuple, int | None] = field(default_factory=dict)

    @property
    def is_two_way(self) -> bool:
        """Tell whether the table crosses two dimensions."""
        return self.columns != [TOTAL]

    @property
    def grand_total(self) -> int | None:
        """The grand total as published."""
        return self.values[(TOTAL, TOTAL)]

    def cell(self, row, column=TOTAL) -> int | None:
        """A published count: a cell, a row total (column TOTAL) or a column total."""
        return self.values[(row, column)]

    def inner_positions(self) -> list[tuple]:
        """The positions of the cells, totals left out, row by row."""
        columns = self.columns[:-1] if self.is_two_way else [TOTAL]
        return [(row, column) for row in self.rows for column in columns]

    @property
    def suppressed(self) -> int:
        """How many cells (totals left out) are hidden."""
        return sum(self.values[position] is None for position in self.inner_positions())


def build_grid(
    counts: dict[tuple, int], categories: tuple[list, ...] | None = None
) -> tuple[list, list, dict[tuple, int]]:
    """Lay counts keyed (row,) or (row, column) out as a grid with its totals.

    categories gives the rows (and columns) in order; without it they are those of the
    counts. Combinations missing from counts are zeros.
    """
    two_way = any(len(key) == 2 for key in counts) or (categories and len(categories) == 2)
    if categories:
        rows, columns = list(categories[0]), list(categories[1]) if two_way else []
    else:
        rows = sorted({key[0] for key in counts}, key=_label_key)
        columns = sorted({key[1] for key in counts}, key=_label_key) if two_way else []
    grid = {}
    for row in rows:
        for column in columns:
            grid[(row, column)] = counts.get((row, column), 0)
        grid[(row, TOTAL)] = sum(v for key, v in counts.items() if key[0] == row)
    for column in columns:
        grid[(TOTAL, column)] = sum(v for key, v in counts.items() if key[1] == column)
    grid[(TOTAL, TOTAL)] = sum(counts.values())
    if categories and sum(grid[(row, TOTAL)] for row in rows) != grid[(TOTAL, TOTAL)]:
        raise ValueError("a count falls outside the categories given")
    return rows, columns + [TOTAL], grid


def lines_of(rows: list, columns: list) -> list[list[tuple]]:
    """Every row and column of the grid, totals included: each sums to its last member."""
    all_rows = rows + [TOTAL]
    if columns == [TOTAL]:  # one-way: a single line, the cells then their total
        return [[(row, TOTAL) for row in all_rows]]
    lines = [[(row, column) for column in columns] for row in all_rows]
    return lines + [[(row, column) for row in all_rows] for column in columns]


def _complement(line: list[tuple], grid: dict, hidden: set, order: dict) -> tuple | None:
    """The member of the line to hide next: the smallest one, cells first."""
    candidates = [p for p in line if p not in hidden]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (grid[p], TOTAL in p, order[p]))


def hidden_positions(grid: dict[tuple, int], lines: list[list[tuple]], k: int) -> set[tuple]:
    """The positions to hide: counts under k (zeros too), then complements to a fixed point."""
    hidden = {position for position, value in grid.items() if value < k}
    order = {position: index for index, position in enumerate(grid)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(position in hidden for position in line) != 1:
                continue
            complement = _complement(line, grid, hidden, order)
            if complement is not None:
                hidden.add(complement)
                changed = True
    return hidden


Publisher = Callable[[tuple[Hashable, Hashable], int], int]


def suppress_small_cells(
    counts: dict[tuple, int],
    k: int,
    publish: Publisher | None = None,
    categories: tuple[list, ...] | None = None,
) -> Table:
    """Publish counts as a table with totals, small cells and their complements hidden.

    publish(position, value), when given, turns each shown value into the published one
    (row or column is TOTAL for totals); categories fixes the rows and columns (see build_grid).
    """
    rows, columns, grid = build_grid(counts, categories)
    hidden = hidden_positions(grid, lines_of(rows, columns), k)
    values = {}
    for position, value in grid.items():
        if position in hidden:
            values[position] = None
        else:
            values[position] = publish(position, value) if publish else value
    return Table(rows=rows, columns=columns, values=values)
