"""Running wrk and reading what it prints; the statistics over rounds. Pure apart from `run`.

wrk prints human units ("2.44k" requests, "3.31ms", "1.10s"); `parse` turns its report into
numbers, including the lines that mean failure: "Non-2xx or 3xx responses" and "Socket errors".
A Lua script may print its own `name: number` lines at the end; they land in `extra`.
"""

import re
import shutil
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

THREADS = 2
CONNECTIONS = 16
# wrk's default of 2 s would count a slow answer on a busy shared machine as a socket error.
TIMEOUT = "10s"

_TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_COUNT_UNITS = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9}


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rate: float  # requests per second
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)  # printed by a Lua script's done()

    @property
    def failures(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


def milliseconds(text: str) -> float:
    """'812.00us' -> 0.812, '3.4ms' -> 3.4, '1.1s' -> 1100.0."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _TIME_UNITS[match[2]]


def count(text: str) -> float:
    """'1.2k' -> 1200.0, '873' -> 873.0, '3.00M' -> 3000000.0."""
    match = re.fullmatch(r"([\d.]+)([kMG]?)", text.strip())
    if not match:
        raise ValueError(f"not a wrk count: {text!r}")
    return float(match[1]) * _COUNT_UNITS[match[2]]


def parse(output: str) -> WrkResult:
    """wrk's report (run with --latency) as numbers."""
    done = re.search(r"^\s*(\d+) requests in ([\d.]+\w+),", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+[kMG]?)", output, re.M)
    p50 = re.search(r"^\s+50(?:\.000)?%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99(?:\.000)?%\s+(\S+)", output, re.M)
    if not (done and rate and p50 and p99):
        raise ValueError("wrk printed no complete report (was --latency given?):\n" + output)
    non_2xx = re.search(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output, re.M)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = {}
    if sockets:
        errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True)
        )
    extra = {
        name: float(value) for name, value in re.findall(r"^@(\w+):\s*([\d.]+)\s*$", output, re.M)
    }
    return WrkResult(
        requests=int(done[1]),
        seconds=milliseconds(done[2]) / 1000,
        rate=count(rate[1]),
        p50_ms=milliseconds(p50[1]),
        p99_ms=milliseconds(p99[1]),
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors={k: v for k, v in errors.items() if v},
        extra=extra,
    )


def command(
    url: str,
    seconds: float,
    *,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> list[str]:
    args = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency",
            f"--timeout={TIMEOUT}"]  # fmt: skip
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", str(script)]
    return [*args, url]


def run(
    url: str, seconds: float, *, headers: Sequence[str] = (), script: Path | None = None
) -> WrkResult:
    if not shutil.which("wrk"):
        raise SystemExit(
            "wrk is missing: install Debian's 'wrk' package (make bench does, as root)."
        )
    done = subprocess.run(
        command(url, seconds, headers=headers, script=script),
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse(done.stdout)


# --- Statistics over rounds ----------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """One scenario over its rounds: median and spread, latency medians, ratio to the baseline."""

    median: float
    low: float
    high: float
    p50_ms: float
    p99_ms: float
    ratio: float


def summarise(results: Sequence[WrkResult], baseline_median: float) -> Summary:
    rates = [r.rate for r in results]
    median = statistics.median(rates)
    return Summary(
        median=median,
        low=min(rates),
        high=max(rates),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        ratio=ratio(median, baseline_median),
    )


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else 0.0
