"""Reading wrk's report, and the statistics over rounds (benchmarks/wrk.py)."""

import pytest

from benchmarks.wrk import WrkResult, count, milliseconds, parse, ratio, summarise

CLEAN = """\
Running 5s test @ http://127.0.0.1:8000/static/css/site.css
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.31ms    1.23ms  20.00ms   80.00%
    Req/Sec     2.44k   200.00     2.80k    70.00%
  Latency Distribution
     50%  812.00us
     75%    3.80ms
     90%    4.50ms
     99%    1.10s
  24300 requests in 5.00s, 100.00MB read
Requests/sec:   4860.12
Transfer/sec:     20.00MB
"""

FAILING = """\
Running 5s test @ http://127.0.0.1:8000/wizard/save/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    90.00ms   10.00ms 200.00ms   80.00%
    Req/Sec    60.00     10.00    80.00     70.00%
  Latency Distribution
     50%   88.00ms
     75%   95.00ms
     90%  100.00ms
     99%  150.00ms
  600 requests in 5.01s, 1.00MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 12
Requests/sec:    119.76
Transfer/sec:    200.00KB
@saved: 580
@other: 20
"""


def result(rate: float, p50: float = 1.0, p99: float = 2.0) -> WrkResult:
    return WrkResult(requests=0, seconds=5, rate=rate, p50_ms=p50, p99_ms=p99)


def test_a_clean_report_gives_the_rate_count_and_latency_percentiles_in_milliseconds():
    r = parse(CLEAN)
    assert (r.requests, r.seconds, r.rate) == (24300, 5.0, 4860.12)
    assert r.p50_ms == pytest.approx(0.812)
    assert r.p99_ms == pytest.approx(1100.0)
    assert r.failures == 0


def test_non_2xx_responses_and_socket_errors_count_as_failures():
    r = parse(FAILING)
    assert r.non_2xx_3xx == 12
    assert r.socket_errors == {"read": 3, "timeout": 2}
    assert r.failures == 17


def test_numbers_a_lua_script_prints_at_the_end_are_kept():
    assert parse(FAILING).extra == {"saved": 580.0, "other": 20.0}


def test_a_report_without_latency_percentiles_is_refused():
    without = "\n".join(line for line in CLEAN.splitlines() if "%  " not in line)
    with pytest.raises(ValueError, match="--latency"):
        parse(without)


@pytest.mark.parametrize(
    ("text", "ms"),
    [("812.00us", 0.812), ("3.4ms", 3.4), ("1.1s", 1100.0), ("2.00m", 120_000.0)],
)
def test_durations_in_any_unit_become_milliseconds(text, ms):
    assert milliseconds(text) == pytest.approx(ms)


@pytest.mark.parametrize(("text", "n"), [("873", 873), ("1.2k", 1200), ("3.00M", 3_000_000)])
def test_counts_with_a_unit_suffix_become_numbers(text, n):
    assert count(text) == pytest.approx(n)


def test_garbage_is_not_taken_for_a_duration():
    with pytest.raises(ValueError):
        milliseconds("fast")


def test_the_summary_is_the_median_with_its_spread_and_the_ratio_to_the_baseline():
    summary = summarise([result(90, 1, 9), result(100, 2, 8), result(130, 3, 7)], 1000)
    assert (summary.median, summary.low, summary.high) == (100, 90, 130)
    assert (summary.p50_ms, summary.p99_ms) == (2, 8)
    assert summary.ratio == pytest.approx(0.1)


def test_a_ratio_to_a_missing_baseline_is_zero_not_an_error():
    assert ratio(50, 0) == 0.0
