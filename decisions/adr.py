"""A saved decision as an Architecture Decision Record in Markdown (MADR layout). Pure.

Sections follow MADR: status and metadata, context and problem statement (the answers), decision
drivers (the answers that decided it), considered options, the outcome "because …", pros and
cons of each option (from the catalog snapshot), and the sources cited.

The status follows MADR too. A wizard result nobody has saved is *proposed*: no team has decided
anything, so it names no deciders and asks what "we" should adopt. A team's saved decision is
*accepted*, by its author for the team, until a newer decision supersedes it; then it is
*superseded by* that decision, named and linked (MADR's "superseded by ADR-0005").

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
class AdrLink:
    """Another decision record: its title, and its page as an absolute URL."""

    title: str
    url: str

    def markdown(self) -> str:
        return f"[“{_one_line(self.title)}”](<{self.url}>)"


@dataclass(frozen=True)
class AdrMeta:
    title: str
    date: dt.date
    author: str = ""
    team: str = ""  # empty: a wizard result no team has saved, a proposal
    notes: str = ""
    supersedes: AdrLink | None = None  # the decision this one replaces
    superseded_by: tuple[AdrLink, ...] = ()

    @property
    def status(self) -> str:
        if self.superseded_by:
            *others, last = [link.markdown() for link in self.superseded_by]
            return "superseded by " + (f"{', '.join(others)} and {last}" if others else last)
        return "accepted" if self.team else "proposed"


def render_adr(meta: AdrMeta, report: Report) -> str:
    result = report.result
    lines = [f"# {_one_line(meta.title)}", "", f"* Status: {meta.status}"]
    team = _one_line(meta.team)
    if team:
        lines.append(f"* Deciders: {_one_line(meta.author)} ({team})")
    lines.append(f"* Date: {meta.date.isoformat()}")
    if meta.supersedes:
        lines.append(f"* Supersedes: {meta.supersedes.markdown()}")
    lines += ["", "## Context and Problem Statement", ""]
    if team:
        lines.append(
            f"Which MLOps stack should {team} adopt? The team answered the MLOps Decision "
            "Portal's decision wizard as follows:"
        )
    else:
        lines.append(
            "Which MLOps stack should we adopt? We answered the MLOps Decision Portal's "
            "decision wizard as follows (no team has saved the result as its decision yet):"
        )
    lines.append("")
    lines += [f"* {a.prompt} **{a.label}**" for a in report.answered]
    notes = markdown_notes(meta.notes)
    if notes:
        lines += ["", notes]
    lines += ["", "## Decision Drivers", ""]
    if result.reasons:
        for reason in result.reasons:
            # The editor's rationale says why (a new result's `explanation` is that same text,
            # so never both). A decision saved by the first engine may have no rationale; then
            # its generated line about points stands in.
            why = reason.rationale or reason.explanation
            # A weight the source does not state is marked, as on the result page.
            if getattr(reason, "basis", "") == "judgement":
                why += " (The portal’s judgement: the source does not say this.)"
            lines.append(f"* {reason.prompt} “{reason.choice_label}”: {why}")
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
    ]
    # A clear result's confidence note already says that no single answer would change it.
    if result.flip_statement not in result.confidence_note:
        lines += [f"What would change it: {result.flip_statement}", ""]
    if report.advice is not None:
        lines += ["| Option | Fit (0–100) | Points |", "| --- | ---: | ---: |"]
        lines += [f"| {f.name} | {f.fit} | {f.points} |" for f in report.advice.fits]
    else:
        lines += ["| Option | Score |", "| --- | ---: |"]
        lines += [f"| {score.name} | {score.score} |" for score in result.scores]
    lines += ["", "## Pros and Cons of the Options"]
    names = _proper_names(report)
    for option in report.options:
        lines += ["", f"### {option.name}", ""]
        if option.summary:
            lines += [option.summary, ""]
        tools = report.option_tools(option)
        several = len(tools) > 1
        for tool in tools:
            prefix = f"({tool.name}) " if several else ""
            lines += [f"* Good, because {prefix}{_clause(pro, names)}" for pro in tool.pros]
            lines += [f"* Bad, because {prefix}{_clause(con, names)}" for con in tool.cons]
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


def _clause(text: str, names: frozenset[str]) -> str:
    """'Lightweight setup' -> 'lightweight setup', but keep 'MLflow…', 'UI…' and a name such as
    'Kubernetes-native' as written: it goes after "because", mid-sentence."""
    text = text.strip().rstrip(".")
    first = _WORD.match(text)
    if first and first[0] not in names and len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _proper_names(report: Report) -> frozenset[str]:
    """Capitalised words that the catalog's own sentences capitalise mid-sentence ("people with
    Kubernetes expertise"), and the options' and tools' names: names, not sentence starts."""
    texts = [o.summary for o in report.options]
    texts += [text for tool in report.pros_cons for text in (*tool.pros, *tool.cons)]
    names = {word for text in texts for word in _MID_SENTENCE.findall(text)}
    names |= {word for o in report.options for word in _WORD.findall(o.name)}
    names |= {word for tool in report.pros_cons for word in _WORD.findall(tool.name)}
    return frozenset(names)


_WORD = re.compile(r"[A-Z][A-Za-z]*")
# Not after a colon, which may open a sentence.
_MID_SENTENCE = re.compile(r"(?<=[a-z0-9,;%] )[A-Z][A-Za-z]*")


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
