"""An explained recommendation, ready to render: pure, from a result, its rules and a snapshot.

The result page and a saved decision's page both render a `Report`, so a decision shows exactly
what its result page showed when it was saved (its own rules and catalog snapshot, never the
live ones).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from comparisons.matrix import Matrix, build_matrix
from decisions.engine import Result, Rules
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
class Report:
    result: Result
    answered: tuple[Answered, ...]
    query: str  # the answers as a query string: deep link and "run again"
    winner: OutcomeSnapshot
    chart: Chart
    matrix: Matrix
    pros_cons: tuple[ToolProsCons, ...]
    use_case: UseCaseSnapshot | None
    options: tuple[OutcomeSnapshot, ...]  # every outcome the wizard weighed
    sources: tuple[SourceSnapshot, ...]  # every source the snapshot cites

    def option_tools(self, option: OutcomeSnapshot) -> tuple[ToolProsCons, ...]:
        return tuple(t for t in self.pros_cons if t.tool in option.tools)


def answers_query(answers: dict[str, str]) -> str:
    return urlencode(answers)


def build_report(
    answers: dict[str, str], result: Result, rules: Rules, snapshot: CatalogSnapshot
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
    )


def answered(answers: dict[str, str], rules: Rules) -> tuple[Answered, ...]:
    rows = []
    for question in rules.questions:
        if question.slug in answers and question.has_choice(answers[question.slug]):
            choice = question.choice(answers[question.slug])
            rows.append(Answered(question.slug, question.prompt, choice.slug, choice.label))
    return tuple(rows)


def chart(result: Result) -> Chart:
    """Horizontal bars from a zero line, so negative scores point left."""
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
