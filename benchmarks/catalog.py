"""Generated catalogs of any size, for the growth benchmark. Pure: sizes in, catalog JSON out.

The result is valid for the same schema and cross-reference checks `load_catalog` uses
(comparisons/catalog/validate.py): every rating cites a source and has a review date, every
wizard choice gives points with a cited reason, so pages render as much as real data makes them.
"""

import datetime as dt
from typing import Any

LEVELS = ("none", "limited", "partial", "strong", "excellent", "unknown", "not-documented")
HOSTING = ("self-hosted", "managed", "both")
GROUPS = ("Develop", "Deploy", "Operate", "Govern")
SOURCE_COUNT = 4


def slug(kind: str, number: int) -> str:
    return f"{kind}-{number:03d}"


def generate(tools: int, capabilities: int, questions: int = 6) -> dict[str, Any]:
    """A catalog of `tools` × `capabilities` ratings and a wizard of `questions` questions."""
    if tools < 1 or capabilities < 1 or questions < 0:
        raise ValueError("a catalog needs at least one tool and one capability")
    sources = [slug("source", i) for i in range(1, SOURCE_COUNT + 1)]
    tool_slugs = [slug("tool", i) for i in range(1, tools + 1)]
    capability_slugs = [slug("capability", i) for i in range(1, capabilities + 1)]
    outcomes = tool_slugs[: min(tools, 3)]  # one outcome per leading tool, named like it
    return {
        "format": "mlops-portal-catalog/1",
        "sources": [_source(s, i) for i, s in enumerate(sources)],
        "tools": [_tool(t, i, sources[i % len(sources)]) for i, t in enumerate(tool_slugs)],
        "capabilities": [_capability(c, i) for i, c in enumerate(capability_slugs)],
        "ratings": [
            _rating(t, c, i * capabilities + j, sources)
            for i, t in enumerate(tool_slugs)
            for j, c in enumerate(capability_slugs)
        ],
        "findings": [_finding(t, sources) for t in tool_slugs],
        "pros_cons": [_pro_con(t, kind, sources) for t in tool_slugs for kind in ("pro", "con")],
        # One "Since the article" per tool, on a row that differs per tool.
        "updates": [
            _update(t, capability_slugs[i % len(capability_slugs)], sources)
            for i, t in enumerate(tool_slugs)
        ],
        "outcomes": [
            {"slug": o, "name": f"Outcome {o}", "summary": f"Choose {o}.", "tools": [o]}
            for o in outcomes
        ],
        "wizard": {
            "questions": [
                _question(slug("question", i), i, outcomes, capability_slugs, sources)
                for i in range(1, questions + 1)
            ]
        },
    }


def first_answers(catalog: dict[str, Any]) -> dict[str, str]:
    """A complete answer set for the wizard: each question's first choice."""
    return {q["slug"]: q["choices"][0]["slug"] for q in catalog["wizard"]["questions"]}


def _source(slug_: str, i: int) -> dict[str, Any]:
    return {
        "slug": slug_,
        "title": f"Generated source {i + 1}",
        "publisher": "Benchmark generator",
        "url": f"https://example.org/{slug_}",
        "published_on": (dt.date(2026, 1, 1) + dt.timedelta(days=30 * i)).isoformat(),
        # Read after the latest review date a rating gets (2026-06-01 + 149 days).
        "accessed_on": "2026-12-01",
        "kind": "vendor-docs" if i else "article",
    }


def _tool(slug_: str, i: int, licence_source: str) -> dict[str, Any]:
    return {
        "slug": slug_,
        "name": f"Tool {i + 1}",
        "tagline": f"Generated tool number {i + 1}.",
        "focus": "benchmarking",
        "description": f"Tool {i + 1} exists to make pages as large as a real catalog would.",
        "homepage": f"https://example.org/{slug_}",
        "licence": "Apache-2.0",
        "licence_source": licence_source,
        "hosting": HOSTING[i % len(HOSTING)],
        **({"version": f"{i + 1}.0.0", "version_source": licence_source} if i % 3 != 1 else {}),
    }


def _capability(slug_: str, i: int) -> dict[str, Any]:
    return {
        "slug": slug_,
        "name": f"Capability {i + 1}",
        "description": f"What capability {i + 1} is about, in one sentence.",
        "group": GROUPS[i % len(GROUPS)],
    }


def _rating(tool: str, capability: str, n: int, sources: list[str]) -> dict[str, Any]:
    return {
        "tool": tool,
        "capability": capability,
        "level": LEVELS[n % len(LEVELS)],
        "summary": f"How {tool} serves {capability}, in a line.",
        "note": "A longer note, as editors write them, with a second sentence." if n % 2 else "",
        "sources": [sources[n % len(sources)], sources[(n + 1) % len(sources)]],
        "reviewed_on": (dt.date(2026, 6, 1) + dt.timedelta(days=n % 150)).isoformat(),
    }


def _finding(tool: str, sources: list[str]) -> dict[str, Any]:
    return {
        "slug": f"{tool}-finding",
        "tool": tool,
        "kind": "assessment",
        "title": f"An assessment of {tool}",
        "text": "Generated finding text.",
        "sources": sources[:1],
    }


def _update(tool: str, capability: str, sources: list[str]) -> dict[str, Any]:
    return {
        "slug": f"{tool}-update",
        "tool": tool,
        "capability": capability,
        "article_claim": f"What the article said about {tool}.",
        "claimed_in": sources[0],
        "current": f"What {tool}'s current documentation says instead.",
        "sources": sources[1:3],
    }


def _pro_con(tool: str, kind: str, sources: list[str]) -> dict[str, Any]:
    return {
        "slug": f"{tool}-{kind}",
        "tool": tool,
        "kind": kind,
        "text": f"A generated {kind}.",
        "sources": sources[1:2],
    }


def _question(
    slug_: str, i: int, outcomes: list[str], capabilities: list[str], sources: list[str]
) -> dict[str, Any]:
    choices = []
    for c in range(3):
        # Each choice favours the outcomes differently, so every question can change the advice
        # (the catalog checks refuse a question that cannot).
        points = {o: (i + c * (k + 1)) % 7 - 2 for k, o in enumerate(outcomes)}
        reasons = {
            o: {
                "rationale": f"Why choice {c + 1} of question {i} weighs {o}.",
                "basis": "article",
                "source": sources[(i + c) % len(sources)],
                "capabilities": [capabilities[(i + c) % len(capabilities)]],
            }
            for o, p in points.items()
            if p
        }
        choices.append(
            {"slug": f"choice-{c + 1}", "label": f"Choice {c + 1}", "points": points,
             "reasons": reasons}
        )  # fmt: skip
    return {"slug": slug_, "prompt": f"Question {i}?", "help_text": "Help.", "choices": choices}
