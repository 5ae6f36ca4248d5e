"""Build comparison rows for chosen tools: pure, from plain data, no database or request.

Sources are numbered in order of first appearance, so a cell can cite "[1]" and the page
lists the numbered sources once below the table.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .vocabulary import LEVEL_BY_VALUE, LEVELS

# (slug, label) by stored value, for the callers that show a level as words.
LEVEL_LABELS: dict[int | None, tuple[str, str]] = {
    level.value: (level.slug, level.label) for level in LEVELS
}


@dataclass(frozen=True)
class ToolInfo:
    slug: str
    name: str
    focus: str = ""
    tagline: str = ""


@dataclass(frozen=True)
class CapabilityInfo:
    slug: str
    name: str
    description: str = ""
    group: str = ""


@dataclass(frozen=True)
class SourceInfo:
    slug: str
    title: str
    publisher: str
    published: str  # already formatted as precisely as known
    url: str = ""


@dataclass(frozen=True)
class RatingInfo:
    tool: str
    capability: str
    level: int | None
    summary: str
    note: str
    reviewed_on: dt.date
    sources: tuple[str, ...]  # source slugs


@dataclass(frozen=True)
class SourceRef:
    number: int
    source: SourceInfo


@dataclass(frozen=True)
class Cell:
    tool: ToolInfo
    level: int | None
    level_slug: str
    level_label: str
    meter: tuple[bool, ...]  # the level meter's dots, lit or not; empty when not assessed
    summary: str
    note: str
    reviewed_on: dt.date
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class MatrixRow:
    capability: CapabilityInfo
    cells: tuple[Cell | None, ...]  # aligned with Matrix.tools; None: no rating recorded
    differs: bool  # True when the chosen tools do not all have the same level
    tools: tuple[ToolInfo, ...] = ()  # Matrix.tools again, so templates can pair them up

    @property
    def entries(self) -> tuple[tuple[ToolInfo, Cell | None], ...]:
        """(tool, cell) for each column: a template cannot index `cells` by position."""
        return tuple(zip(self.tools, self.cells, strict=True))


@dataclass(frozen=True)
class Matrix:
    tools: tuple[ToolInfo, ...]
    rows: tuple[MatrixRow, ...]
    sources: tuple[SourceRef, ...]
    only_differences: bool = False
    hidden_rows: int = 0  # rows left out because every chosen tool has the same level

    @property
    def total_rows(self) -> int:
        return len(self.rows) + self.hidden_rows


def build_matrix(
    tools: Sequence[ToolInfo],
    capabilities: Sequence[CapabilityInfo],
    ratings: Iterable[RatingInfo],
    sources: Mapping[str, SourceInfo],
    *,
    only_differences: bool = False,
) -> Matrix:
    """The rows for `tools` over `capabilities`.

    With `only_differences`, rows where every tool has the same level are left out *before*
    sources are numbered, so the numbers run 1, 2, 3… over what is actually shown.
    """
    by_cell = {(r.tool, r.capability): r for r in ratings}
    numbers: dict[str, SourceRef] = {}

    def refs(slugs: tuple[str, ...]) -> tuple[SourceRef, ...]:
        found = []
        for slug in slugs:
            if slug not in numbers:
                numbers[slug] = SourceRef(len(numbers) + 1, sources[slug])
            found.append(numbers[slug])
        return tuple(sorted(found, key=lambda ref: ref.number))  # read [1][2][4], not [1][4][2]

    rows = []
    hidden = 0
    for capability in capabilities:
        in_row = [by_cell.get((tool.slug, capability.slug)) for tool in tools]
        differs = len({r.level if r else "missing" for r in in_row}) > 1
        if only_differences and not differs:
            hidden += 1
            continue
        cells: list[Cell | None] = []
        for tool, rating in zip(tools, in_row, strict=True):
            if rating is None:
                cells.append(None)
                continue
            level = LEVEL_BY_VALUE[rating.level]
            cells.append(
                Cell(
                    tool=tool,
                    level=rating.level,
                    level_slug=level.slug,
                    level_label=level.label,
                    meter=level.meter,
                    summary=rating.summary,
                    note=rating.note,
                    reviewed_on=rating.reviewed_on,
                    sources=refs(rating.sources),
                )
            )
        rows.append(
            MatrixRow(
                capability=capability, cells=tuple(cells), differs=differs, tools=tuple(tools)
            )
        )
    return Matrix(
        tools=tuple(tools),
        rows=tuple(rows),
        sources=tuple(numbers.values()),
        only_differences=only_differences,
        hidden_rows=hidden,
    )
