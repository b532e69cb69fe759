"""Turn measurements into a Markdown report, printed and kept under bench/results/."""

from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
TARGET_RATIO = 0.5
COLUMNS = (
    "URL",
    "req/s",
    "ratio to /healthz",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "socket errors",
    "KiB/response",
    "",
)


def ratio_note(ratio):
    """Flag a page under the target ratio, as rounded in the table."""
    return f"below {TARGET_RATIO}" if round(ratio, 2) < TARGET_RATIO else ""


def table_row(measurement, ratio):
    """Format one URL's numbers and its ratio to the baseline as a Markdown table row."""
    cells = (
        f"`{measurement.path}`" + (f" ({measurement.note})" if measurement.note else ""),
        f"{measurement.rps:,.0f}",
        f"{ratio:.2f}",
        f"{measurement.p50_ms:.1f}",
        f"{measurement.p99_ms:.1f}",
        str(measurement.non2xx),
        str(measurement.socket_errors),
        f"{measurement.kib_per_response:.1f}",
        ratio_note(ratio),
    )
    return "| " + " | ".join(cells) + " |"


def results_table(rows):
    """Format (measurement, ratio) rows as a Markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += [table_row(measurement, ratio) for measurement, ratio in rows]
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
