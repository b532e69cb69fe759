"""Turn measurements into a Markdown report, printed and kept under bench/results/."""

from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_RATIO = 0.5  # a simple signed-in page; a URL may set its own
COLUMNS = (
    "URL",
    "req/s",
    "ratio to /healthz",
    "target",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "socket errors",
    "KiB/response",
    "",
)


def ratio_note(ratio, target=TARGET_RATIO):
    """Flag a page under its target ratio, as rounded in the table; None: no target."""
    return f"below {target}" if target is not None and round(ratio, 2) < target else ""


def table_row(measurement, ratio, target=TARGET_RATIO):
    """Format one URL's numbers, its ratio to the baseline and its target as a table row."""
    cells = (
        f"`{measurement.path}`" + (f" ({measurement.note})" if measurement.note else ""),
        f"{measurement.rps:,.0f}",
        f"{ratio:.2f}",
        "" if target is None else f"{target}",
        f"{measurement.p50_ms:.1f}",
        f"{measurement.p99_ms:.1f}",
        str(measurement.non2xx),
        str(measurement.socket_errors),
        f"{measurement.kib_per_response:.1f}",
        ratio_note(ratio, target),
    )
    return "| " + " | ".join(cells) + " |"


def results_table(rows):
    """Format (measurement, ratio, target) rows as a Markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += [table_row(*row) for row in rows]
    return lines


def render(title, context, rows):
    """Return the whole report: title, settings, table."""
    lines = [f"# {title}", ""]
    lines += [f"- {key}: {value}" for key, value in context.items()]
    lines += ["", *results_table(rows), ""]
    return "\n".join(lines)


def save(text, stamp):
    """Write the report to bench/results/<stamp>.md and return its path."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{stamp}.md"
    path.write_text(text, encoding="utf-8")
    return path
