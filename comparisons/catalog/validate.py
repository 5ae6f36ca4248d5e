"""Text to a validated `CatalogFile`, or `CatalogInvalid` listing every problem with its JSON path.

The pydantic schema checks each entry's shape; `reference_problems` then checks what a schema
cannot see: duplicate slugs and slugs that name nothing. Both run on every file, so an editor
sees all problems at once rather than one per attempt. A file that passes both has its wizard
run over every answer set against the invariants it states (comparisons/wizard_checks.py):
each breach names the answer set that breaks it.
"""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .. import wizard_checks
from ..schemas import ARTICLE_SOURCE, CATALOG_FORMAT, CatalogFile


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class CatalogInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the catalog file")


def json_path(loc: Iterable[str | int]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


# Deeper than any catalog needs (its deepest list sits 9 levels down) and far below the depth
# at which Python's parser and validators run out of stack.
MAX_DEPTH = 32


def parse_catalog(text: str) -> CatalogFile:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{error.msg} at line {error.lineno} column {error.colno}"
        raise CatalogInvalid([Problem("$", f"not valid JSON: {where}")]) from None
    except RecursionError:  # e.g. 100,000 "[": the parser runs out of stack
        raise CatalogInvalid([Problem("$", _too_deep())]) from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        message = "not a catalog: a number has more digits than any catalog field takes"
        raise CatalogInvalid([Problem("$", message)]) from None
    if _depth_over(raw, MAX_DEPTH):
        raise CatalogInvalid([Problem("$", _too_deep())])
    problems: list[Problem] = []
    catalog = None
    try:
        catalog = CatalogFile.model_validate(raw)
    except ValidationError as error:
        problems += [Problem(json_path(e["loc"]), _readable(e)) for e in error.errors()]
    problems += reference_problems(raw)
    if not problems:
        assert catalog is not None
        # Only rules that are whole can be run; until then the problems above come first.
        problems += [Problem(p, m) for p, m in wizard_checks.catalog_problems(catalog)]
    if problems:
        raise CatalogInvalid(problems)
    assert catalog is not None
    return catalog


def _too_deep() -> str:
    return f"not a catalog: lists and objects nest deeper than {MAX_DEPTH} levels"


def _depth_over(value: Any, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit`, without recursing."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                pending.append((child, depth + 1))
    return False


def _readable(error: dict[str, Any]) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown field (check its spelling in docs/catalog-format.md)"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "literal_error" and error["loc"] == ("format",):
        return f"must be {CATALOG_FORMAT!r}"
    return error["msg"].removeprefix("Value error, ")


# --- Cross-references -------------------------------------------------------------------
# These read the raw JSON, not the validated model, so they also run on a file the schema
# rejected; every accessor tolerates any shape (the schema reports a wrong one).


def _items(raw: Any, key: str) -> list[tuple[int, dict]]:
    """The dict entries of one list under `raw`, with their index."""
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


@dataclass
class _Checker:
    raw: Any
    problems: list[Problem] = field(default_factory=list)
    known: dict[str, set[str]] = field(default_factory=dict)

    def unique_slugs(self, path: str, items: list[tuple[int, dict]]) -> set[str]:
        """Slugs of one list (at `path`), reporting duplicates."""
        seen: set[str] = set()
        for i, item in items:
            slug = item.get("slug")
            if not isinstance(slug, str):
                continue
            if slug in seen:
                self.problems.append(Problem(f"{path}[{i}].slug", f"duplicate slug {slug!r}"))
            seen.add(slug)
        return seen

    def known_as(self, path: str, value: Any, key: str, kind: str) -> None:
        """Report `value` if it is a slug that `key` (e.g. "tools") does not list."""
        if isinstance(value, str) and value not in self.known[key]:
            self.problems.append(Problem(path, f"unknown {kind} {value!r}"))

    def cited(self, path: str, item: dict) -> None:
        refs = item.get("sources")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            self.known_as(f"{path}.sources[{j}]", ref, "sources", "source")


def reference_problems(raw: Any) -> list[Problem]:
    """Cross-references the schema cannot see: duplicate slugs and unknown slugs."""
    checker = _Checker(raw)
    for key in ("sources", "tools", "capabilities", "outcomes"):
        checker.known[key] = checker.unique_slugs(f"$.{key}", _items(raw, key))
    for key in ("surveys", "findings", "pros_cons", "updates", "use_cases"):
        checker.unique_slugs(f"$.{key}", _items(raw, key))
    for check in (
        _sources,
        _tools,
        _ratings,
        _surveys,
        _claims,
        _updates,
        _outcomes,
        _use_cases,
        _wizard,
    ):
        check(checker)
    return checker.problems


def _date(value: Any) -> dt.date | None:
    """A date the schema would accept, or None (the schema reports a malformed one)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def read_dates(raw: Any) -> dict[str, dt.date]:
    """When each source was read: its own `accessed_on`, or for a source read through another
    (`via`), the day that one was read. Sources with neither are left out."""
    sources = {item.get("slug"): item for _, item in _items(raw, "sources")}
    found: dict[str, dt.date] = {}
    for slug in sources:
        current, seen = slug, set()
        while isinstance(current, str) and current in sources and current not in seen:
            seen.add(current)
            if day := _date(sources[current].get("accessed_on")):
                found[slug] = day
                break
            current = sources[current].get("via")
    return found


def _sources(c: _Checker) -> None:
    for i, item in _items(c.raw, "sources"):
        path, via = f"$.sources[{i}]", item.get("via")
        c.known_as(f"{path}.via", via, "sources", "source")
        if via is not None and via == item.get("slug"):
            c.problems.append(Problem(f"{path}.via", "a source cannot cite itself"))
        if _via_loops(c.raw, item.get("slug")):
            c.problems.append(Problem(f"{path}.via", "the `via` chain loops back here"))
        if item.get("published_on") is None and via is None and item.get("accessed_on") is None:
            # An undated page (most documentation) is dated by the day it was read.
            message = (
                "a source needs its publication date, the day it was read (`accessed_on`), "
                "or `via` naming where it was cited"
            )
            c.problems.append(Problem(f"{path}.published_on", message))
        url = item.get("url") or ""
        if not isinstance(url, str):
            continue  # the schema reports it
        # A malformed address is the schema's to report (HttpsUrl), once.
        if not url and via is None:
            # Only the article's own cited sources, read through it, keep that citation instead.
            message = (
                "a source needs the https address of the page read, or `via` naming where "
                "it was cited"
            )
            c.problems.append(Problem(f"{path}.url", message))
        if url and item.get("accessed_on") is None:
            c.problems.append(Problem(f"{path}.accessed_on", "give the day the page was read"))


def _via_loops(raw: Any, start: Any) -> bool:
    via = {item.get("slug"): item.get("via") for _, item in _items(raw, "sources")}
    current, steps = via.get(start), 0
    while isinstance(current, str) and steps <= len(via):
        if current == start:
            return True
        current, steps = via.get(current), steps + 1
    return False


def _tools(c: _Checker) -> None:
    for i, item in _items(c.raw, "tools"):
        path = f"$.tools[{i}].licence_source"
        if item.get("licence_source") is None:
            # Every fact on a page has a source; the licence is one.
            c.problems.append(Problem(path, "a licence needs a source that states it"))
        c.known_as(path, item.get("licence_source"), "sources", "source")
        path = f"$.tools[{i}].version_source"
        version, source = item.get("version") or "", item.get("version_source")
        if version and source is None:
            c.problems.append(Problem(path, "a version needs a source that states it"))
        if source is not None and not version:
            c.problems.append(Problem(path, "a version source without a `version`"))
        c.known_as(path, source, "sources", "source")


def _ratings(c: _Checker) -> None:
    cells: set[tuple[str, str]] = set()
    read = read_dates(c.raw)
    for i, item in _items(c.raw, "ratings"):
        path = f"$.ratings[{i}]"
        c.known_as(f"{path}.tool", item.get("tool"), "tools", "tool")
        c.known_as(f"{path}.capability", item.get("capability"), "capabilities", "capability")
        c.cited(path, item)
        refs = item.get("sources")
        if not isinstance(refs, list) or not refs:
            c.problems.append(Problem(f"{path}.sources", "a rating needs at least one source"))
        reviewed = _date(item.get("reviewed_on"))
        days = [read[ref] for ref in refs or () if isinstance(ref, str) and ref in read]
        if reviewed and refs and isinstance(refs, list) and not days:
            message = "none of its sources gives the day it was read (`accessed_on`)"
            c.problems.append(Problem(f"{path}.sources", message))
        elif reviewed and days and reviewed > max(days):
            # A rating is reviewed against its sources: not before the newest was read.
            message = f"{reviewed} is later than its newest source was read ({max(days)})"
            c.problems.append(Problem(f"{path}.reviewed_on", message))
        cell = (item.get("tool"), item.get("capability"))
        if all(isinstance(part, str) for part in cell):
            if cell in cells:
                c.problems.append(Problem(path, f"a second rating for {cell[0]} / {cell[1]}"))
            cells.add(cell)


def _surveys(c: _Checker) -> None:
    for i, item in _items(c.raw, "surveys"):
        path = f"$.surveys[{i}]"
        c.known_as(f"{path}.source", item.get("source"), "sources", "source")
        figures = _items(item, "figures")
        c.unique_slugs(f"{path}.figures", figures)
        for j, figure in figures:
            c.known_as(f"{path}.figures[{j}].tool", figure.get("tool"), "tools", "tool")


def _claims(c: _Checker) -> None:
    """Findings and pros and cons: about a tool, citing sources."""
    for key in ("findings", "pros_cons"):
        for i, item in _items(c.raw, key):
            c.known_as(f"$.{key}[{i}].tool", item.get("tool"), "tools", "tool")
            c.cited(f"$.{key}[{i}]", item)
    for i, item in _items(c.raw, "findings"):
        if item.get("kind") == "outlook" and item.get("as_of") is None:
            message = "an outlook needs the date it was stated (`as_of`)"
            c.problems.append(Problem(f"$.findings[{i}].as_of", message))


def _updates(c: _Checker) -> None:
    """Since the article: a tool (and maybe its row), the article's source, current sources."""
    for i, item in _items(c.raw, "updates"):
        path = f"$.updates[{i}]"
        c.known_as(f"{path}.tool", item.get("tool"), "tools", "tool")
        c.known_as(f"{path}.capability", item.get("capability"), "capabilities", "capability")
        claimed_in = item.get("claimed_in", ARTICLE_SOURCE)
        c.known_as(f"{path}.claimed_in", claimed_in, "sources", "source")
        c.cited(path, item)
        refs = item.get("sources")
        if isinstance(refs, list) and claimed_in in refs:
            message = "the current state cites the current docs, not the claim's own source"
            c.problems.append(Problem(f"{path}.sources", message))


def _outcomes(c: _Checker) -> None:
    for i, item in _items(c.raw, "outcomes"):
        refs = item.get("tools")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            c.known_as(f"$.outcomes[{i}].tools[{j}]", ref, "tools", "tool")


def _use_cases(c: _Checker) -> None:
    for i, item in _items(c.raw, "use_cases"):
        c.known_as(f"$.use_cases[{i}].outcome", item.get("outcome"), "outcomes", "outcome")
        c.cited(f"$.use_cases[{i}]", item)


def _wizard(c: _Checker) -> None:
    questions = _items(c.raw.get("wizard") if isinstance(c.raw, dict) else None, "questions")
    c.unique_slugs("$.wizard.questions", questions)
    for i, question in questions:
        path = f"$.wizard.questions[{i}]"
        choices = _items(question, "choices")
        c.unique_slugs(f"{path}.choices", choices)
        for j, choice in choices:
            points = choice.get("points")
            for outcome in points if isinstance(points, dict) else {}:
                where = f"{path}.choices[{j}].points.{outcome}"
                c.known_as(where, outcome, "outcomes", "outcome")
            reasons = choice.get("reasons")
            for outcome, reason in reasons.items() if isinstance(reasons, dict) else ():
                where = f"{path}.choices[{j}].reasons.{outcome}"
                if not isinstance(points, dict) or outcome not in points:
                    c.problems.append(
                        Problem(where, "a reason needs points for the same outcome (0 is fine)")
                    )
                if isinstance(reason, dict):
                    c.known_as(f"{where}.source", reason.get("source"), "sources", "source")
                    if reason.get("basis") == "article" and reason.get("source") is None:
                        c.problems.append(
                            Problem(
                                f"{where}.source",
                                "a rationale based on the source must name it (or say its "
                                "basis is the portal's judgement)",
                            )
                        )
                    for k, ref in enumerate(reason.get("capabilities") or []):
                        c.known_as(f"{where}.capabilities[{k}]", ref, "capabilities", "capability")
    wizard = c.raw.get("wizard") if isinstance(c.raw, dict) else None
    offered = {
        q.get("slug"): {ch.get("slug") for _, ch in _items(q, "choices")} for _, q in questions
    }
    prerequisites = _items(wizard, "prerequisites")
    required: set[tuple[Any, Any]] = set()
    for i, item in prerequisites:
        path = f"$.wizard.prerequisites[{i}]"
        c.known_as(f"{path}.outcome", item.get("outcome"), "outcomes", "outcome")
        c.known_as(f"{path}.source", item.get("source"), "sources", "source")
        question = item.get("question")
        pair = (item.get("outcome"), question)
        if pair in required:
            # Two entries would have to hold at once; one entry lists every allowed choice.
            c.problems.append(
                Problem(
                    f"{path}.question",
                    f"{pair[0]!r} already requires {question!r}: list all its allowed choices "
                    "in one prerequisite",
                )
            )
        required.add(pair)
        if question not in offered:
            c.problems.append(Problem(f"{path}.question", f"unknown question {question!r}"))
            continue
        for k, choice in enumerate(item.get("choices") or []):
            if choice not in offered[question]:
                c.problems.append(
                    Problem(f"{path}.choices[{k}]", f"{question!r} has no choice {choice!r}")
                )
    _invariants(c, _items(wizard, "invariants"), offered)
    outcomes = {item.get("slug") for _, item in _items(c.raw, "outcomes")}
    if prerequisites and outcomes and outcomes <= {outcome for outcome, _ in required}:
        # Some answers must always get a recommendation, whatever else they say.
        c.problems.append(
            Problem("$.wizard.prerequisites", "at least one outcome must have no prerequisites")
        )


def _invariants(c: _Checker, invariants: list[tuple[int, dict]], offered: dict) -> None:
    c.unique_slugs("$.wizard.invariants", invariants)
    for i, item in invariants:
        path = f"$.wizard.invariants[{i}]"
        c.known_as(f"{path}.source", item.get("source"), "sources", "source")
        refs = item.get("outcomes")
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            c.known_as(f"{path}.outcomes[{j}]", ref, "outcomes", "outcome")
        when = item.get("when")
        for question, choices in when.items() if isinstance(when, dict) else ():
            if question not in offered:
                c.problems.append(Problem(f"{path}.when.{question}", "unknown question"))
                continue
            for k, choice in enumerate(choices if isinstance(choices, list) else []):
                if choice not in offered[question]:
                    c.problems.append(
                        Problem(f"{path}.when.{question}[{k}]", f"no such choice {choice!r}")
                    )
