"""Build comparison rows for chosen tools: pure, from plain data, no database or request.

Sources are numbered in order of first appearance, so a cell can cite "[1]" and the page
lists the numbered sources once below the table.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

LEVEL_LABELS: dict[int | None, tuple[str, str]] = {
    # value: (slug, label) — the slug names the icon and the CSS class, the label is the text.
    None: ("unknown", "Not yet assessed"),
    0: ("none", "Not offered"),
    1: ("limited", "Limited"),
    2: ("partial", "Partial"),
    3: ("strong", "Strong"),
    4: ("excellent", "Excellent"),
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
    summary: str
    note: str
    reviewed_on: dt.date
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Row:
    capability: CapabilityInfo
    cells: tuple[Cell | None, ...]  # aligned with Matrix.tools; None: no rating recorded
    differs: bool  # True when the chosen tools do not all have the same level


@dataclass(frozen=True)
class Matrix:
    tools: tuple[ToolInfo, ...]
    rows: tuple[Row, ...]
    sources: tuple[SourceRef, ...]

    def differing_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.differs)


def build_matrix(
    tools: Sequence[ToolInfo],
    capabilities: Sequence[CapabilityInfo],
    ratings: Iterable[RatingInfo],
    sources: Mapping[str, SourceInfo],
) -> Matrix:
    by_cell = {(r.tool, r.capability): r for r in ratings}
    numbers: dict[str, SourceRef] = {}

    def refs(slugs: tuple[str, ...]) -> tuple[SourceRef, ...]:
        found = []
        for slug in slugs:
            if slug not in numbers:
                numbers[slug] = SourceRef(len(numbers) + 1, sources[slug])
            found.append(numbers[slug])
        return tuple(found)

    rows = []
    for capability in capabilities:
        cells: list[Cell | None] = []
        for tool in tools:
            rating = by_cell.get((tool.slug, capability.slug))
            if rating is None:
                cells.append(None)
                continue
            slug, label = LEVEL_LABELS[rating.level]
            cells.append(
                Cell(
                    tool=tool,
                    level=rating.level,
                    level_slug=slug,
                    level_label=label,
                    summary=rating.summary,
                    note=rating.note,
                    reviewed_on=rating.reviewed_on,
                    sources=refs(rating.sources),
                )
            )
        levels = {cell.level if cell else "missing" for cell in cells}
        rows.append(Row(capability=capability, cells=tuple(cells), differs=len(levels) > 1))
    return Matrix(tools=tuple(tools), rows=tuple(rows), sources=tuple(numbers.values()))
