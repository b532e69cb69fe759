"""The CSV export of a published table: the same numbers as the page, formulas defused."""

import csv
import io

from .suppression import TOTAL

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TOTAL_LABEL = "Total"


def defused(value) -> str:
    """A cell's text, prefixed with ' when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _label(value) -> str:
    """A dimension value as written in the file."""
    return TOTAL_LABEL if value == TOTAL else ("" if value is None else str(value))


def table_csv(profile) -> str:
    """Write the table's cells and totals, one line each: values, count, percent.

    A hidden count is written "suppressed"; the first line names the columns.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*profile.dimensions, "count", "percent"])
    table = profile.table
    if table is not None:
        for position, count in table.values.items():
            labels = [_label(position[0])] + ([_label(position[1])] if table.is_two_way else [])
            percent = profile.percent(count)
            shown = "suppressed" if count is None else count
            writer.writerow(
                [defused(v) for v in (*labels, shown, "" if percent is None else percent)]
            )
    return out.getvalue()
