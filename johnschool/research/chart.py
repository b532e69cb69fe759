"""A horizontal bar chart of a published table, drawn as SVG: exactly the table's numbers."""

from dataclasses import dataclass

from .labels import value_label

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 260
BAR_SPACE = 360
VALUE_WIDTH = 80


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the published count (None when hidden), its geometry."""

    label: str
    count: int | None
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    """The bars and the drawing's size."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def _bar_label(profile, labels: dict, row, column) -> str:
    """The label of a cell: its value, or both values of a two-way cell."""
    names = profile.dimensions
    text = value_label(labels, names[0], row)
    if len(names) == 2:
        text += " · " + value_label(labels, names[1], column)
    return text


def bar_chart(profile, labels: dict) -> Chart:
    """One bar per cell of the table, totals left out, scaled to the largest count."""
    table = profile.table
    positions = table.inner_positions()
    largest = max((table.values[p] or 0 for p in positions), default=0) or 1
    bars = [
        Bar(
            label=_bar_label(profile, labels, *position),
            count=table.values[position],
            y=index * (BAR_HEIGHT + GAP),
            width=round(BAR_SPACE * (table.values[position] or 0) / largest),
        )
        for index, position in enumerate(positions)
    ]
    height = max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT)
    return Chart(bars=bars, width=LABEL_WIDTH + BAR_SPACE + VALUE_WIDTH, height=height)
