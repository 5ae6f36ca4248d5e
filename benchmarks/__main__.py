"""Throughput under wrk: pages served by gunicorn, as ratios to a static file in the same run.

Absolute numbers depend on the machine and its neighbours; the ratio to whitenoise serving the
hashed site.css, measured in the same interleaved rounds on the same machine, is what we track
(issue 14). Traffic goes to 127.0.0.1 only. Runs on SQLite, then on PostgreSQL + Redis when
DATABASE_URL / REDIS_URL are set (a database and a key prefix of its own; both removed after).

    make bench                                   # or: .venv/bin/python -m benchmarks
    .venv/bin/python -m benchmarks --seconds 2 --rounds 1 --only result
    .venv/bin/python -m benchmarks --json /tmp/bench.json --markdown

Exits non-zero when any scenario got an unexpected status, a socket error, or a save was lost.
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from . import wrk
from .server import ROOT, Deployment, deployment, exit_on_sigterm, workers

# As a browser asks; whitenoise then serves its precompressed files, as in production.
ACCEPT_ENCODING = "Accept-Encoding: br, gzip"
COMPARE = "/compare/kubeflow-vs-mlflow/"
API_MATRIX = "/api/v1/matrix?tools=kubeflow&tools=mlflow"
SCENARIO_NAMES = ("compare-cached", "compare-rendered", "compare-304", "home", "insights",
                  "wizard", "result", "saves", "api", "api-304", "api-evaluate")  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    path: str
    headers: tuple[str, ...] = ()
    status: int = 200  # what the one check before timing must answer
    script: Path | None = None  # a wrk Lua script (the saves)
    method: str = "GET"
    body: str = ""


@dataclass
class Outcome:
    scenario: Scenario
    results: list[wrk.WrkResult] = field(default_factory=list)
    summary: wrk.Summary | None = None
    saved: int = 0  # for saves: responses that said "saved"
    rows: int = 0  # for saves: Decision rows added
    lost: int = 0
    failed: int = 0  # non-2xx/3xx, socket errors and, for saves, anything but "saved"


# --- The signed-in visitor and the scenarios -----------------------------------------------

SETUP_VISITOR = """
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from teams.models import Membership, Role, Team
user = get_user_model().objects.create_user("bench", password=None)
team = Team.objects.create(name="Bench team", slug="bench-team")
Membership.objects.create(team=team, user=user, role=Role.OWNER)
client = Client()
client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
print(json.dumps({
    "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "csrf_cookie": settings.CSRF_COOKIE_NAME,
    "team": team.slug,
}))
"""
COUNT_DECISIONS = "from decisions.models import Decision; print(Decision.objects.count())"


def shell(site: Deployment, code: str) -> str:
    return site.manage("shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def full_answers(root: Path) -> dict[str, str]:
    """A complete, valid answer set: each question's first choice, from the catalog file."""
    catalog = json.loads((root / "fixtures" / "catalog.json").read_text())
    return {q["slug"]: q["choices"][0]["slug"] for q in catalog["wizard"]["questions"]}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: tuple[str, ...] = (), data: bytes | None = None):
    """(status, headers, body) of one request, redirects not followed, errors as statuses."""
    request = urllib.request.Request(url, data=data)
    for header in headers:
        name, value = header.split(":", 1)
        request.add_header(name.strip(), value.strip())
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def csrf_for(site: Deployment, path: str, cookie: str, csrf_cookie: str) -> tuple[str, str]:
    """The CSRF cookie and form token, from a GET of the result page with the session."""
    status, headers, body = fetch(site.url(path), (f"Cookie: {cookie}",))
    if status != 200:
        raise SystemExit(f"GET {path} signed in answered {status}, not 200")
    cookies = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or []]
    token_cookie = next((c for c in cookies if c.startswith(csrf_cookie + "=")), "")
    marker = b'name="csrfmiddlewaretoken" value="'
    start = body.find(marker)
    if not token_cookie or start < 0:
        raise SystemExit(f"GET {path} signed in set no CSRF cookie or form token")
    token = body[start + len(marker) : body.find(b'"', start + len(marker))].decode()
    return token_cookie, token


SAVE_SCRIPT = """
-- Signed-in saves of the wizard result; each request has its own title.
local threads = {}
local counter = 0
local headers = {["Cookie"] = %(cookie)s,
                 ["Content-Type"] = "application/x-www-form-urlencoded"}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  saved = 0
  other = 0
end
function request()
  counter = counter + 1
  local body = %(body)s .. "&title=bench+" .. tid .. "-" .. counter
  return wrk.format("POST", %(path)s, headers, body)
end
function response(status, headers, body)
  local location = headers["Location"] or ""
  if status == 302 and string.find(location, "/decisions/", 1, true) then
    saved = saved + 1
  else
    other = other + 1
  end
end
function done(summary, latency, requests)
  local s, o = 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("saved")
    o = o + t:get("other")
  end
  io.write(string.format("@saved: %%d\\n@other: %%d\\n", s, o))
end
"""


EVALUATE_SCRIPT = """
-- The wizard's evaluation through the API: the same answers every time (computed per request).
wrk.method = "POST"
wrk.body = %(body)s
wrk.headers["Content-Type"] = "application/json"
"""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string literal


def scenarios(site: Deployment, folder: Path) -> list[Scenario]:
    """Every scenario of the run, the baseline first; prepares the signed-in visitor."""
    visitor = json.loads(shell(site, SETUP_VISITOR))
    session = f"{visitor['session_cookie']}={visitor['session']}"
    answers = full_answers(site.root)
    result = "/wizard/result/?" + urlencode(answers)
    _, headers, _ = fetch(site.url(COMPARE), (ACCEPT_ENCODING,))
    etag = headers.get("ETag") or ""
    _, headers, _ = fetch(site.url(API_MATRIX), (ACCEPT_ENCODING,))
    api_etag = headers.get("ETag") or ""
    evaluate = folder / "evaluate.lua"
    evaluate.write_text(EVALUATE_SCRIPT % {"body": lua_string(json.dumps({"answers": answers}))})
    csrf_cookie, token = csrf_for(site, result, session, visitor["csrf_cookie"])
    body = urlencode({**answers, "csrfmiddlewaretoken": token, "team": visitor["team"]})
    script = folder / "saves.lua"
    cookie = f"{session}; {csrf_cookie}"
    script.write_text(
        SAVE_SCRIPT
        % {"cookie": lua_string(cookie), "body": lua_string(body), "path": '"/wizard/save/"'}
    )
    signed_in = (ACCEPT_ENCODING, f"Cookie: {session}")
    return [
        Scenario("baseline", "static CSS (baseline)", site.static_path("css/site.css"),
                 (ACCEPT_ENCODING,)),
        Scenario("compare-cached", "compare page, cached", COMPARE, (ACCEPT_ENCODING,)),
        Scenario("compare-rendered", "compare page, rendered (session)", COMPARE, signed_in),
        Scenario("compare-304", "compare page, 304", COMPARE,
                 (ACCEPT_ENCODING, f"If-None-Match: {etag}"), status=304),
        Scenario("home", "/", "/", (ACCEPT_ENCODING,)),
        Scenario("insights", "/insights/", "/insights/", (ACCEPT_ENCODING,)),
        Scenario("wizard", "/wizard/", "/wizard/", (ACCEPT_ENCODING,)),
        Scenario("result", "wizard result, anonymous (cached)", result, (ACCEPT_ENCODING,)),
        Scenario("result-rendered", "wizard result, rendered (session)", result, signed_in),
        Scenario("api", "API matrix (JSON, cached body)", API_MATRIX, (ACCEPT_ENCODING,)),
        Scenario("api-304", "API matrix, 304", API_MATRIX,
                 (ACCEPT_ENCODING, f"If-None-Match: {api_etag}"), status=304),
        Scenario("api-evaluate", "API wizard evaluate (POST)", "/api/v1/wizard/evaluate",
                 ("Content-Type: application/json",), script=evaluate, method="POST",
                 body=json.dumps({"answers": answers})),
        Scenario("saves", "decision saves (signed in)", "/wizard/save/",
                 (f"Cookie: {cookie}", "Content-Type: application/x-www-form-urlencoded"),
                 status=302, script=script, method="POST", body=body + "&title=check"),
    ]  # fmt: skip


def check(site: Deployment, scenario: Scenario) -> None:
    """One request before timing: it must answer the expected status."""
    data = scenario.body.encode() if scenario.method == "POST" else None
    status, _, _ = fetch(site.url(scenario.path), scenario.headers, data)
    if status != scenario.status:
        raise SystemExit(
            f"{scenario.label}: {scenario.method} {scenario.path} answered {status}, "
            f"expected {scenario.status}; nothing was timed"
        )


# --- Running ---------------------------------------------------------------------------------


def settle(site: Deployment) -> None:
    """Wait until gunicorn has worked off what the last wrk run left queued.

    wrk stops after its duration, but the requests its connections already sent stay in the
    listen queue and the sync workers still answer them (slow ones take seconds), which would
    be charged to the next scenario. One request per worker, sent at once, returns only after
    the queue in front of it is done."""
    with ThreadPoolExecutor(workers()) as pool:
        list(pool.map(lambda _: fetch(site.url("/healthz")), range(workers())))


def measure(site: Deployment, scenario: Scenario, seconds: float, outcome: Outcome) -> None:
    settle(site)
    saves = scenario.name == "saves"
    before = int(shell(site, COUNT_DECISIONS)) if saves else 0
    result = wrk.run(
        site.url(scenario.path),
        seconds,
        headers=() if scenario.script else scenario.headers,
        script=scenario.script,
    )
    outcome.results.append(result)
    outcome.failed += result.failures
    if saves:
        rows = int(shell(site, COUNT_DECISIONS)) - before
        saved = int(result.extra.get("saved", 0))
        outcome.saved += saved
        outcome.rows += rows
        outcome.lost += max(0, saved - rows)
        outcome.failed += int(result.extra.get("other", 0)) - result.non_2xx_3xx


def run_database(
    site: Deployment, args: argparse.Namespace, say: Callable[[str], None]
) -> list[Outcome]:
    with tempfile.TemporaryDirectory() as folder:
        chosen = [
            s
            for s in scenarios(site, Path(folder))
            if s.name == "baseline" or not args.only or s.name in args.only
        ]
        for scenario in chosen:
            check(site, scenario)
        for scenario in chosen:  # a short warm-up: every worker has imported and connected
            if scenario.name != "saves":
                settle(site)
                headers = () if scenario.script else scenario.headers
                wrk.run(site.url(scenario.path), 1, headers=headers, script=scenario.script)
        outcomes = {s.name: Outcome(s) for s in chosen}
        for number in range(1, args.rounds + 1):
            say(f"  round {number}/{args.rounds}")
            for scenario in chosen:
                measure(site, scenario, args.seconds, outcomes[scenario.name])
    baseline = wrk.summarise(outcomes["baseline"].results, 0).median
    for outcome in outcomes.values():
        outcome.summary = wrk.summarise(outcome.results, baseline)
    return list(outcomes.values())


def title(site: Deployment, args: argparse.Namespace) -> str:
    return (
        f"{site.database} + {site.cache} · {workers()} gunicorn sync workers · "
        f"wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} -d{args.seconds:g}s · {args.rounds} rounds"
    )


def note(outcome: Outcome) -> str:
    if outcome.scenario.name == "saves":
        o = outcome
        return f"saved {o.saved}, rows {o.rows}, LOST {o.lost}, FAILED {o.failed}"
    return f"FAILED {outcome.failed}" if outcome.failed else ""


def table(heading: str, outcomes: list[Outcome]) -> str:
    lines = [heading, f"{'scenario':<34} {'req/s':>7} {'min–max':>13} {'ratio':>6} "
             f"{'p50 ms':>7} {'p99 ms':>7}  notes"]  # fmt: skip
    for o in outcomes:
        s = o.summary
        assert s is not None
        spread = f"{s.low:.0f}–{s.high:.0f}"
        lines.append(
            f"{o.scenario.label:<34} {s.median:>7.0f} {spread:>13} {s.ratio:>6.3f} "
            f"{s.p50_ms:>7.2f} {s.p99_ms:>7.2f}  {note(o)}"
        )
    return "\n".join(lines)


def markdown(heading: str, outcomes: list[Outcome]) -> str:
    lines = [
        f"**{heading}**",
        "",
        "| scenario | req/s (median) | min–max | ratio | p50 ms | p99 ms | notes |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        s = o.summary
        assert s is not None
        lines.append(
            f"| {o.scenario.label} | {s.median:.0f} | {s.low:.0f}–{s.high:.0f} | "
            f"{s.ratio:.3f} | {s.p50_ms:.2f} | {s.p99_ms:.2f} | {note(o)} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": str(workers()),
        "cpu_model": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per scenario and round (5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument(
        "--only",
        action="append",
        choices=SCENARIO_NAMES,
        help="a scenario name (repeatable); the baseline always runs",
    )
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to serve")
    args = parser.parse_args()
    exit_on_sigterm()

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    targets = [(None, None)]
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if database_url or redis_url:
        targets.append((database_url, redis_url))
    report: dict = {"machine": machine(), "args": {"seconds": args.seconds, "rounds": args.rounds},
                    "runs": []}  # fmt: skip
    failed = False
    for db, cache in targets:
        say(f"Preparing a deployment ({'PostgreSQL' if db else 'SQLite'}"
            f"{' + Redis' if cache else ''})…")  # fmt: skip
        with deployment(args.root, database_url=db, redis_url=cache) as site:
            say(f"Measuring: {title(site, args)}")
            outcomes = run_database(site, args, say)
            heading = title(site, args)
        print("\n" + table(heading, outcomes), flush=True)
        if args.markdown:
            print("\n" + markdown(heading, outcomes))
        failed |= any(o.failed or o.lost for o in outcomes)
        report["runs"].append(
            {
                "database": site.database,
                "cache": site.cache,
                "scenarios": [
                    {
                        "name": o.scenario.name,
                        "label": o.scenario.label,
                        "path": o.scenario.path,
                        "summary": asdict(o.summary) if o.summary else None,
                        "rounds": [asdict(r) for r in o.results],
                        "saved": o.saved,
                        "rows": o.rows,
                        "lost": o.lost,
                        "failed": o.failed,
                    }
                    for o in outcomes
                ],
            }
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if failed:
        print("\nFAILED: unexpected statuses, socket errors or lost saves (see notes).")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
