"""A saved decision as an Architecture Decision Record in Markdown (MADR layout). Pure.

Sections follow MADR: status and metadata, context and problem statement (the answers), decision
drivers (the answers that decided it), considered options, the outcome "because …", pros and
cons of each option (from the catalog snapshot), and the sources cited.

Members' text (title, team name, author, notes) and the catalog's text (prompts, choices,
reasons, options, pros and cons, sources) are escaped before they go in: the ADR is pasted
into wikis and repositories that render Markdown and HTML, so a title must not forge a
`## Decision Outcome` section, and no text may carry HTML or a `javascript:` link. Notes
keep their paragraphs and plain lists; nothing else of Markdown survives. Links to sources
are autolinks only for plain https URLs (comparisons/markdown.py).
"""

import datetime as dt
import re
from dataclasses import dataclass

from comparisons.markdown import inline as markdown_inline
from comparisons.markdown import link as markdown_link
from comparisons.markdown import one_line as _one_line

from .report import Report


@dataclass(frozen=True)
class AdrMeta:
    title: str
    date: dt.date
    author: str
    team: str
    notes: str = ""
    supersedes: str = ""  # the title of the decision this one replaces
    superseded_by: tuple[str, ...] = ()


def render_adr(meta: AdrMeta, report: Report) -> str:
    result = report.result
    lines = [f"# {_one_line(meta.title)}", ""]
    team, author = _one_line(meta.team), _one_line(meta.author)
    status = "accepted"
    if meta.superseded_by:
        status = "superseded by " + ", ".join(f"“{_one_line(t)}”" for t in meta.superseded_by)
    lines += [
        f"* Status: {status}",
        f"* Deciders: {author} ({team})",
        f"* Date: {meta.date.isoformat()}",
    ]
    if meta.supersedes:
        lines.append(f"* Supersedes: “{_one_line(meta.supersedes)}”")
    lines += [
        "",
        "## Context and Problem Statement",
        "",
        f"Which MLOps stack should {team} adopt? The team answered the MLOps Decision "
        "Portal's decision wizard as follows:",
        "",
    ]
    lines += [f"* {_one_line(a.prompt)} **{_one_line(a.label)}**" for a in report.answered]
    notes = markdown_notes(meta.notes)
    if notes:
        lines += ["", notes]
    lines += ["", "## Decision Drivers", ""]
    if result.reasons:
        for reason in result.reasons:
            driver = (
                f"* {_one_line(reason.prompt)} “{_one_line(reason.choice_label)}”: "
                f"{_one_line(reason.explanation)}"
            )
            lines.append(f"{driver} {_one_line(reason.rationale)}".rstrip())
    else:
        lines.append("* No answer favoured the recommendation over the runner-up on its own.")
    lines += ["", "## Considered Options", ""]
    lines += [f"* {_one_line(option.name)}" for option in report.options]
    lines += [
        "",
        "## Decision Outcome",
        "",
        f"Chosen option: “{_one_line(result.winner_name)}”, because {_because(report)}",
        "",
        f"Confidence: {result.confidence_label}. {_one_line(result.confidence_note)}",
        "",
        f"What would change it: {_one_line(result.flip_statement)}",
        "",
    ]
    if report.advice is not None:
        lines += ["| Option | Fit (0–100) | Points |", "| --- | ---: | ---: |"]
        lines += [f"| {_one_line(f.name)} | {f.fit} | {f.points} |" for f in report.advice.fits]
    else:
        lines += ["| Option | Score |", "| --- | ---: |"]
        lines += [f"| {_one_line(score.name)} | {score.score} |" for score in result.scores]
    lines += ["", "## Pros and Cons of the Options"]
    for option in report.options:
        lines += ["", f"### {_one_line(option.name)}", ""]
        if option.summary:
            lines += [_one_line(option.summary), ""]
        tools = report.option_tools(option)
        several = len(tools) > 1
        for tool in tools:
            prefix = f"({_one_line(tool.name)}) " if several else ""
            lines += [f"* Good, because {prefix}{_clause(pro)}" for pro in tool.pros]
            lines += [f"* Bad, because {prefix}{_clause(con)}" for con in tool.cons]
        if not any(t.pros or t.cons for t in tools):
            lines.append("* No pros or cons recorded.")
    lines += ["", "## Sources", ""]
    for source in report.sources:
        where = f" {markdown_link(source.url)}" if source.url else ""
        title, publisher = _one_line(source.title), _one_line(source.publisher)
        lines.append(f"* {title}, {publisher}, {_one_line(source.published)}.{where}")
    if not report.sources:
        lines.append("* None cited.")
    return "\n".join(lines) + "\n"


def _because(report: Report) -> str:
    result = report.result
    scores = {score.outcome: score.score for score in result.scores}
    lead = (
        f"it scores {scores[result.winner]} against {scores[result.runner_up]} for "
        f"{_one_line(result.runner_up_name)}"
    )
    if report.advice is not None:  # fit, not raw points, for results with prerequisites
        fit = report.advice.fit_of(report.advice.winner).fit
        lead = f"it fits the answers best ({fit} of 100) of the options the team can adopt now"
    if not result.reasons:
        return f"{lead}, and the tie-break lists it first."
    answers = "; ".join(
        f"“{_one_line(r.choice_label)}” ({_one_line(r.prompt)})" for r in result.reasons
    )
    return f"{lead}, mostly on these answers: {answers}."


def _clause(text: str) -> str:
    """'Lightweight setup' -> 'lightweight setup', but keep 'MLflow…' and 'UI…' as written."""
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return _one_line(text)


_LIST_ITEM = re.compile(r"^(?:[-*+]|(\d{1,9})[.)])\s+(.*)$")


def markdown_notes(text: str) -> str:
    """Notes as plain paragraphs and lists: each line escaped, list markers kept as lists."""
    out: list[str] = []
    for raw in text.splitlines():
        # Leading spaces are dropped: four of them would open a code block.
        line = " ".join(raw.split())
        item = _LIST_ITEM.match(line)
        if not line:
            if out and out[-1]:
                out.append("")
        elif item:
            marker = f"{item.group(1)}." if item.group(1) else "*"
            out.append(f"{marker} {markdown_inline(item.group(2))}")
        else:
            out.append(markdown_inline(line))
    return "\n".join(out).strip()
