"""A saved decision as an Architecture Decision Record in Markdown (MADR layout). Pure.

Sections follow MADR: status and metadata, context and problem statement (the answers), decision
drivers (the answers that decided it), considered options, the outcome "because …", pros and
cons of each option (from the catalog snapshot), and the sources cited.

The status follows MADR too. A wizard result nobody has saved is *proposed*: no team has decided
anything, so it names no deciders and asks what "we" should adopt. A team's saved decision is
*accepted*, by its author for the team, until a newer decision supersedes it; then it is
*superseded by* that decision, named and linked (MADR's "superseded by ADR-0005").

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
    lines += [f"* {_one_line(a.prompt)} **{_one_line(a.label)}**" for a in report.answered]
    notes = markdown_notes(meta.notes)
    if notes:
        lines += ["", notes]
    lines += ["", "## Decision Drivers", ""]
    if result.reasons:
        for reason in result.reasons:
            # The editor's rationale says why (a new result's `explanation` is that same text,
            # so never both). A decision saved by the first engine may have no rationale; then
            # its generated line about points stands in.
            why = _one_line(reason.rationale or reason.explanation)
            # A weight the source does not state is marked, as on the result page.
            if getattr(reason, "basis", "") == "judgement":
                why += " (The portal’s judgement: the source does not say this.)"
            prompt, choice = _one_line(reason.prompt), _one_line(reason.choice_label)
            lines.append(f"* {prompt} “{choice}”: {why}")
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
    ]
    # A clear result's confidence note already says that no single answer would change it.
    if result.flip_statement not in result.confidence_note:
        lines += [f"What would change it: {_one_line(result.flip_statement)}", ""]
    if report.advice is not None:
        lines += ["| Option | Fit (0–100) | Points |", "| --- | ---: | ---: |"]
        lines += [f"| {_one_line(f.name)} | {f.fit} | {f.points} |" for f in report.advice.fits]
    else:
        lines += ["| Option | Score |", "| --- | ---: |"]
        lines += [f"| {_one_line(score.name)} | {score.score} |" for score in result.scores]
    lines += ["", "## Pros and Cons of the Options"]
    names = _proper_names(report)
    for option in report.options:
        lines += ["", f"### {_one_line(option.name)}", ""]
        if option.summary:
            lines += [_one_line(option.summary), ""]
        tools = report.option_tools(option)
        several = len(tools) > 1
        for tool in tools:
            prefix = f"({_one_line(tool.name)}) " if several else ""
            lines += [f"* Good, because {prefix}{_clause(pro, names)}" for pro in tool.pros]
            lines += [f"* Bad, because {prefix}{_clause(con, names)}" for con in tool.cons]
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


def _clause(text: str, names: frozenset[str]) -> str:
    """'Lightweight setup' -> 'lightweight setup', but keep 'MLflow…', 'UI…' and a name such as
    'Kubernetes-native' as written: it goes after "because", mid-sentence."""
    text = text.strip().rstrip(".")
    first = _WORD.match(text)
    if first and first[0] not in names and len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return _one_line(text)


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
