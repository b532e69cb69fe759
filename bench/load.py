"""Drive one URL with wrk and read back its numbers."""

import json
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from server import COOKIE_NAME, HOST, USER_AGENT

LUA_SCRIPT = Path(__file__).resolve().parent / "report.lua"
RESULT_MARKER = "BENCH_RESULT "
ERROR_KEYS = ("connect_errors", "read_errors", "write_errors", "timeouts")


@dataclass
class LoadSettings:
    """How hard and how long wrk pushes each URL."""

    duration: int
    warmup: int
    threads: int
    connections: int
    timeout: int


@dataclass
class Measurement:
    """What wrk measured for one URL."""

    path: str
    requests: int
    seconds: float
    bytes: int
    non2xx: int
    p50_ms: float
    p99_ms: float
    socket_errors: int  # connect, read and write errors and timeouts
    note: str = ""
    p95_ms: float = 0.0

    @property
    def rps(self) -> float:
        """Requests per second over the measured run."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def kib_per_response(self) -> float:
        """Average response size, headers included."""
        return self.bytes / self.requests / 1024 if self.requests else 0.0


def require_wrk():
    """Stop with a hint when wrk is not installed."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install -y wrk")


def cookie_header(cookie):
    """The request headers of a signed-in session; none for an anonymous request."""
    return {"Cookie": f"{COOKIE_NAME}={cookie}"} if cookie else {}


def bearer_header(token):
    """The request headers of an API client holding token."""
    return {"Authorization": f"Bearer {token}"}


def wrk_command(port, path, headers, settings, duration):
    """Build the wrk command line for one URL, sending headers (a dict) with each request."""
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    return [
        "wrk",
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={duration}s",
        f"--timeout={settings.timeout}s",
        "--latency",
        f"--script={LUA_SCRIPT}",
        *(f"--header={name}: {value}" for name, value in sent.items()),
        f"http://{HOST}:{port}{path}",
    ]


def run_wrk(port, path, headers, settings, duration):
    """Run wrk once and return the numbers its script printed."""
    command = wrk_command(port, path, headers, settings, duration)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith(RESULT_MARKER):
            return json.loads(line.removeprefix(RESULT_MARKER))
    raise RuntimeError(f"wrk printed no result for {path}:\n{output}")


def measure(port, path, headers, settings):
    """Warm a URL up, then measure it."""
    if settings.warmup:
        run_wrk(port, path, headers, settings, settings.warmup)
    raw = run_wrk(port, path, headers, settings, settings.duration)
    return Measurement(
        path=path,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        bytes=raw["bytes"],
        non2xx=raw["non2xx"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        socket_errors=sum(raw[key] for key in ERROR_KEYS),
        p95_ms=raw["p95_us"] / 1000,
    )


def baseline_settings(settings):
    """Shorter runs for the baseline measured between the pages.

    The warm-up stays: it lets the server drain the requests a slow page left queued.
    """
    return replace(settings, duration=max(2, settings.duration // 2))


def measure_interleaved(port, baseline, pages, settings, baseline_headers=None):
    """Measure the baseline before, between and after the pages.

    pages lists (path, headers): the headers sign the requests in (cookie or token);
    baseline_headers, those of the baseline (default: anonymous).
    Other work on the machine drifts during a run; a baseline next to each page
    lets its ratio compare numbers taken under the same conditions.
    """
    short = baseline_settings(settings)
    baselines = [measure(port, baseline, baseline_headers, short)]
    results = []
    for path, headers in pages:
        print(f"  {path}", flush=True)
        results.append(measure(port, path, headers, settings))
        baselines.append(measure(port, baseline, baseline_headers, short))
    return results, baselines


def neighbour_ratios(results, baselines):
    """Divide each page's req/s by the mean of the baseline runs just before and after it."""
    return [
        result.rps / ((before.rps + after.rps) / 2) if before.rps + after.rps else 0.0
        for result, before, after in zip(results, baselines, baselines[1:], strict=False)
    ]


def pool(runs, note=""):
    """Merge several runs of one URL; the latencies are the worst run's."""
    return Measurement(
        path=runs[0].path,
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        bytes=sum(run.bytes for run in runs),
        non2xx=sum(run.non2xx for run in runs),
        p50_ms=max(run.p50_ms for run in runs),
        p99_ms=max(run.p99_ms for run in runs),
        socket_errors=sum(run.socket_errors for run in runs),
        note=note,
        p95_ms=max(run.p95_ms for run in runs),
    )
