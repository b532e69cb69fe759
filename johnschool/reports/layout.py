"""The pieces the reports' PDFs are laid out with: paragraphs, gaps and ruled tables."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..pdf import FONT, paragraph, text_style

TEXT_WIDTH = 468  # a letter page less SimpleDocTemplate's one-inch margins
TITLE_SIZE, BODY_SIZE, CELL_SIZE = 14, 10, 9

_RULED = TableStyle(
    [
        # Cells hold paragraphs in DejaVu Sans; without this the table declares Helvetica.
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
)
_FACTS = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, BODY_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
)


def text(value: str, size: float = BODY_SIZE, *, bold: bool = False) -> Flowable:
    """Return a paragraph of text as written."""
    return paragraph(value, text_style(size, bold=bold))


def title(value: str) -> Flowable:
    """Return the document's heading."""
    return text(value, TITLE_SIZE, bold=True)


def gap(points: float = 12) -> Spacer:
    """Return vertical space between blocks."""
    return Spacer(1, points)


def facts(rows: Sequence[tuple[str, str]], label_width: float = 150) -> Table:
    """Lay (label, value) rows out in two columns, labels in bold."""
    cells = [[text(label, bold=True), text(value)] for label, value in rows]
    widths = [label_width, TEXT_WIDTH - label_width]
    return Table(cells, colWidths=widths, style=_FACTS, hAlign="LEFT")


def ruled_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    row_height: float | None = None,
) -> Table:
    """Lay rows of text out in a ruled table whose header row repeats on each page."""
    cells = [[text(header, CELL_SIZE, bold=True) for header in headers]]
    cells += [[text(cell, CELL_SIZE) for cell in row] for row in rows]
    heights = None if row_height is None else [None] + [row_height] * len(rows)
    return Table(
        cells,
        colWidths=list(widths),
        rowHeights=heights,
        style=_RULED,
        repeatRows=1,
        hAlign="LEFT",
    )
