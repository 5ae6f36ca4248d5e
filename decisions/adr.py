"""A saved decision as an Architecture Decision Record in Markdown (MADR layout). Pure.

Sections follow MADR: status and metadata, context and problem statement (the answers), decision
drivers (the answers that decided it), considered options, the outcome "because …", pros and
cons of each option (from the catalog snapshot), and the sources cited.

Members' text (title, team name, author, notes) is escaped before it goes in: the ADR is pasted
into wikis and repositories that render Markdown and HTML, so a title must not forge a
`## Decision Outcome` section, and notes must not carry HTML or a `javascript:` link. Notes
keep their paragraphs and plain lists; nothing else of Markdown survives.
"""

import datetime as dt
import re
from dataclasses import dataclass

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
    lines += [f"* {a.prompt} **{a.label}**" for a in report.answered]
    notes = markdown_notes(meta.notes)
    if notes:
        lines += ["", notes]
    lines += ["", "## Decision Drivers", ""]
    if result.reasons:
        for reason in result.reasons:
            driver = f"* {reason.prompt} “{reason.choice_label}”: {reason.explanation}"
            lines.append(f"{driver} {reason.rationale}".rstrip())
    else:
        lines.append("* No answer favoured the recommendation over the runner-up on its own.")
    lines += ["", "## Considered Options", ""]
    lines += [f"* {option.name}" for option in report.options]
    lines += [
        "",
        "## Decision Outcome",
        "",
        f"Chosen option: “{result.winner_name}”, because {_because(report)}",
        "",
        f"Confidence: {result.confidence_label}. {result.confidence_note}",
        "",
        f"What would change it: {result.flip_statement}",
        "",
    ]
    if report.advice is not None:
        lines += ["| Option | Fit (0–100) | Points |", "| --- | ---: | ---: |"]
        lines += [f"| {f.name} | {f.fit} | {f.points} |" for f in report.advice.fits]
    else:
        lines += ["| Option | Score |", "| --- | ---: |"]
        lines += [f"| {score.name} | {score.score} |" for score in result.scores]
    lines += ["", "## Pros and Cons of the Options"]
    for option in report.options:
        lines += ["", f"### {option.name}", ""]
        if option.summary:
            lines += [option.summary, ""]
        tools = report.option_tools(option)
        several = len(tools) > 1
        for tool in tools:
            prefix = f"({tool.name}) " if several else ""
            lines += [f"* Good, because {prefix}{_clause(pro)}" for pro in tool.pros]
            lines += [f"* Bad, because {prefix}{_clause(con)}" for con in tool.cons]
        if not any(t.pros or t.cons for t in tools):
            lines.append("* No pros or cons recorded.")
    lines += ["", "## Sources", ""]
    for source in report.sources:
        where = f" <{source.url}>" if source.url else ""
        lines.append(f"* {source.title}, {source.publisher}, {source.published}.{where}")
    if not report.sources:
        lines.append("* None cited.")
    return "\n".join(lines) + "\n"


def _because(report: Report) -> str:
    result = report.result
    scores = {score.outcome: score.score for score in result.scores}
    lead = (
        f"it scores {scores[result.winner]} against {scores[result.runner_up]} for "
        f"{result.runner_up_name}"
    )
    if report.advice is not None:  # fit, not raw points, for results with prerequisites
        fit = report.advice.fit_of(report.advice.winner).fit
        lead = f"it fits the answers best ({fit} of 100) of the options the team can adopt now"
    if not result.reasons:
        return f"{lead}, and the tie-break lists it first."
    answers = "; ".join(f"“{r.choice_label}” ({r.prompt})" for r in result.reasons)
    return f"{lead}, mostly on these answers: {answers}."


def _clause(text: str) -> str:
    """'Lightweight setup' -> 'lightweight setup', but keep 'MLflow…' and 'UI…' as written."""
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _one_line(text: str) -> str:
    return markdown_inline(" ".join(text.split()))


# Every character that can open Markdown or HTML syntax inside a line: emphasis, code, links and
# images ([ ] !), autolinks and HTML (< >), entities (&), tables (|), strikethrough (~), headings
# (#) and the escape itself. CommonMark renders a backslash-escaped one as the character alone.
_INLINE = re.compile(r"([\\`*_\[\]<>!&|~#])")
# At the start of a line these open a block: lists (- + and "1."), setext underlines (= -).
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_LIST_ITEM = re.compile(r"^(?:[-*+]|(\d{1,9})[.)])\s+(.*)$")


def markdown_inline(text: str) -> str:
    """Plain text that renders as exactly itself in Markdown, within one line."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


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
