"""Drive one URL with wrk and read back its numbers."""

import json
import shutil
import subprocess
from dataclasses import dataclass
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


def wrk_command(port, path, cookie, settings, duration):
    """Build the wrk command line for one URL."""
    return [
        "wrk",
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={duration}s",
        f"--timeout={settings.timeout}s",
        "--latency",
        f"--script={LUA_SCRIPT}",
        f"--header=Cookie: {COOKIE_NAME}={cookie}",
        f"--header=User-Agent: {USER_AGENT}",
        f"http://{HOST}:{port}{path}",
    ]


def run_wrk(port, path, cookie, settings, duration):
    """Run wrk once and return the numbers its script printed."""
    command = wrk_command(port, path, cookie, settings, duration)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith(RESULT_MARKER):
            return json.loads(line.removeprefix(RESULT_MARKER))
    raise RuntimeError(f"wrk printed no result for {path}:\n{output}")


def measure(port, path, cookie, settings):
    """Warm a URL up, then measure it."""
    if settings.warmup:
        run_wrk(port, path, cookie, settings, settings.warmup)
    raw = run_wrk(port, path, cookie, settings, settings.duration)
    return Measurement(
        path=path,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        bytes=raw["bytes"],
        non2xx=raw["non2xx"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        socket_errors=sum(raw[key] for key in ERROR_KEYS),
    )
