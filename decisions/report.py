"""An explained recommendation, ready to render: pure, from a result, its rules and a snapshot.

The result page and a saved decision's page both render a `Report`, so a decision shows exactly
what its result page showed when it was saved (its own rules and catalog snapshot, never the
live ones).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from comparisons.matrix import Matrix, build_matrix
from decisions.engine import Advice, AnswerChange, Prerequisite, Result, Route, Rules
from decisions.schemas import (
    CatalogSnapshot,
    OutcomeSnapshot,
    SourceSnapshot,
    UseCaseSnapshot,
)

# The bar chart's geometry, in SVG user units; the SVG scales to its container.
CHART_WIDTH = 600
CHART_ROW = 48
CHART_BAR = 18
CHART_LEFT = 4  # a little room so the outermost bar edge is not clipped
CHART_RIGHT = 4


@dataclass(frozen=True)
class Answered:
    question: str
    prompt: str
    choice: str
    label: str


@dataclass(frozen=True)
class ScoreBar:
    outcome: str
    name: str
    score: int
    is_winner: bool
    x: float
    width: float
    bar_y: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    bars: tuple[ScoreBar, ...]
    height: int
    zero_x: float
    description: str


@dataclass(frozen=True)
class ToolProsCons:
    tool: str
    name: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]


@dataclass(frozen=True)
class Why:
    """A reason for the recommendation as shown: the editor's rationale, its source, its rows."""

    prompt: str
    choice_label: str
    rationale: str
    source: SourceSnapshot | None
    capabilities: tuple[tuple[str, str], ...]  # (slug, name): links to the comparison's rows
    judgement: bool = False  # the portal's own judgement, not something the source says


@dataclass(frozen=True)
class Need:
    """A prerequisite as shown, with its source."""

    explanation: str
    source: SourceSnapshot | None


@dataclass(frozen=True)
class Risk:
    tool: str
    text: str
    sources: tuple[SourceSnapshot, ...]


@dataclass(frozen=True)
class ChangeLink:
    """A change of answers and the query that applies it (an equally near alternative)."""

    changes: tuple[AnswerChange, ...]
    query: str
    then_name: str


@dataclass(frozen=True)
class RouteLink:
    """Another option and the answers that would make it the recommendation, as a query."""

    route: Route
    query: str  # empty when no answers reach it
    needs: tuple[Need, ...]
    alternatives: tuple[ChangeLink, ...] = ()  # just as near, shown beside it


@dataclass(frozen=True)
class PathView:
    now_name: str
    next_name: str
    then_name: str
    reaches_next: bool
    needs: tuple[Need, ...]
    changes: tuple[AnswerChange, ...]
    query: str
    alternatives: tuple[ChangeLink, ...] = ()  # just as near, shown beside it


@dataclass(frozen=True)
class Report:
    result: Result | Advice  # Advice for new results; Result for decisions saved before it
    answered: tuple[Answered, ...]
    query: str  # the answers as a query string: deep link and "run again"
    winner: OutcomeSnapshot
    chart: Chart
    matrix: Matrix
    pros_cons: tuple[ToolProsCons, ...]
    use_case: UseCaseSnapshot | None
    options: tuple[OutcomeSnapshot, ...]  # every outcome the wizard weighed
    sources: tuple[SourceSnapshot, ...]  # every source the snapshot cites
    # Only for an Advice (new results); empty or None for decisions saved before it.
    whys: tuple[Why, ...] = ()
    needs: tuple[Need, ...] = ()  # the recommendation's prerequisites
    path: PathView | None = None
    routes: tuple[RouteLink, ...] = ()
    compare_query: str = ""  # the involved tools on the compare page, for row links
    # The recommendation's tools (with the runner-up's, so there are two to compare).
    compare_tools: tuple[str, ...] = ()
    compare_tools_query: str = ""
    risks: tuple[Risk, ...] = ()  # the cons of the recommendation's tools, with their sources

    def option_tools(self, option: OutcomeSnapshot) -> tuple[ToolProsCons, ...]:
        return tuple(t for t in self.pros_cons if t.tool in option.tools)

    @property
    def advice(self) -> Advice | None:
        """The new-style result, or None for a decision saved before prerequisites existed."""
        return self.result if isinstance(self.result, Advice) else None


def answers_query(answers: dict[str, str]) -> str:
    return urlencode(answers)


def build_report(
    answers: dict[str, str], result: Result | Advice, rules: Rules, snapshot: CatalogSnapshot
) -> Report:
    winner = snapshot.outcome(result.winner) or OutcomeSnapshot(
        slug=result.winner, name=result.winner_name, summary="", tools=()
    )
    sources = {source.slug: source.info() for source in snapshot.sources}
    matrix = build_matrix(
        [tool.info() for tool in snapshot.tools],
        [capability.info() for capability in snapshot.capabilities],
        [rating.info() for rating in snapshot.ratings],
        sources,
    )
    return Report(
        result=result,
        answered=answered(answers, rules),
        query=answers_query(answers),
        winner=winner,
        chart=chart(result),
        matrix=matrix,
        pros_cons=tuple(
            ToolProsCons(
                tool=tool.slug,
                name=tool.name,
                pros=tuple(
                    p.text for p in snapshot.pros_cons if p.tool == tool.slug and p.kind == "pro"
                ),
                cons=tuple(
                    p.text for p in snapshot.pros_cons if p.tool == tool.slug and p.kind == "con"
                ),
            )
            for tool in snapshot.tools
        ),
        use_case=snapshot.use_case,
        options=snapshot.outcomes,
        sources=snapshot.sources,
        **(_advice_parts(answers, result, snapshot) if isinstance(result, Advice) else {}),
    )


def _advice_parts(answers: dict[str, str], advice: Advice, snapshot: CatalogSnapshot) -> dict:
    sources = {source.slug: source for source in snapshot.sources}
    capability_names = {c.slug: c.name for c in snapshot.capabilities}

    def need(p: Prerequisite) -> Need:
        return Need(p.explanation, sources.get(p.source))

    def changed(changes: tuple[AnswerChange, ...]) -> str:
        return answers_query({**answers, **{c.question: c.to_choice for c in changes}})

    path = None
    if advice.path is not None:
        path = PathView(
            now_name=advice.path.now_name,
            next_name=advice.path.next_name,
            then_name=advice.path.then_name,
            reaches_next=advice.path.then == advice.path.next,
            needs=tuple(need(p) for p in advice.path.needs),
            changes=advice.path.changes,
            query=changed(advice.path.changes),
            alternatives=tuple(
                ChangeLink(a.changes, changed(a.changes), a.then_name)
                for a in advice.path.alternatives
            ),
        )
    involved = {
        slug
        for outcome in (snapshot.outcome(advice.winner), snapshot.outcome(advice.runner_up))
        if outcome is not None
        for slug in outcome.tools
    }
    compared = [tool for tool in snapshot.tools if tool.slug in involved]
    return {
        "whys": tuple(
            Why(
                prompt=r.prompt,
                choice_label=r.choice_label,
                rationale=r.rationale,
                source=sources.get(r.source),
                capabilities=tuple((c, capability_names.get(c, c)) for c in r.capabilities),
                judgement=r.basis == "judgement",
            )
            for r in advice.reasons
        ),
        "needs": tuple(need(p) for p in advice.prerequisites),
        "path": path,
        "routes": tuple(
            RouteLink(
                route=r,
                query=changed(r.changes) if r.reachable else "",
                needs=tuple(need(p) for p in r.blocked_by),
                alternatives=tuple(
                    ChangeLink(a.changes, changed(a.changes), a.then_name) for a in r.alternatives
                ),
            )
            for r in advice.routes
        ),
        "compare_query": urlencode([("tools", t.slug) for t in snapshot.tools]),
        "compare_tools": tuple(tool.name for tool in compared),
        "compare_tools_query": urlencode([("tools", tool.slug) for tool in compared]),
        "risks": tuple(
            Risk(
                tool=next((t.name for t in snapshot.tools if t.slug == p.tool), p.tool),
                text=p.text,
                sources=tuple(sources[s] for s in p.sources if s in sources),
            )
            for p in snapshot.pros_cons
            if p.kind == "con" and p.tool in (snapshot.outcome(advice.winner) or _none).tools
        ),
    }


_none = OutcomeSnapshot(slug="", name="", summary="", tools=())


def answered(answers: dict[str, str], rules: Rules) -> tuple[Answered, ...]:
    rows = []
    for question in rules.questions:
        if question.slug in answers and question.has_choice(answers[question.slug]):
            choice = question.choice(answers[question.slug])
            rows.append(Answered(question.slug, question.prompt, choice.slug, choice.label))
    return tuple(rows)


def chart(result: Result | Advice) -> Chart:
    """Horizontal bars from a zero line, so negative scores point left (fit is never negative)."""
    if isinstance(result, Advice):
        return _fit_chart(result)
    scores = [score.score for score in result.scores]
    low, high = min(0, *scores), max(0, *scores)
    span = (high - low) or 1
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    zero_x = CHART_LEFT + (0 - low) / span * plot
    bars = []
    for index, score in enumerate(result.scores):
        width = abs(score.score) / span * plot
        bars.append(
            ScoreBar(
                outcome=score.outcome,
                name=score.name,
                score=score.score,
                is_winner=score.outcome == result.winner,
                x=round(zero_x if score.score >= 0 else zero_x - width, 2),
                width=round(width, 2),
                text_y=index * CHART_ROW + 16,
                bar_y=index * CHART_ROW + 24,
            )
        )
    description = "; ".join(f"{s.name}: {s.score}" for s in result.scores)
    return Chart(
        bars=tuple(bars),
        height=len(bars) * CHART_ROW,
        zero_x=round(zero_x, 2),
        description=f"Scores: {description}. {result.winner_name} has the highest score.",
    )


def _fit_chart(advice: Advice) -> Chart:
    plot = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    bars = tuple(
        ScoreBar(
            outcome=f.outcome,
            name=f.name,
            score=f.fit,
            is_winner=f.outcome == advice.winner,
            x=CHART_LEFT,
            width=round(f.fit / 100 * plot, 2),
            text_y=index * CHART_ROW + 16,
            bar_y=index * CHART_ROW + 24,
        )
        for index, f in enumerate(advice.fits)
    )
    description = "; ".join(f"{f.name}: fit {f.fit} of 100" for f in advice.fits)
    return Chart(
        bars=bars,
        height=len(bars) * CHART_ROW,
        zero_x=CHART_LEFT,
        description=f"{description}. {advice.winner_name} is recommended.",
    )
