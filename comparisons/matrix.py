"""Build comparison rows for chosen tools: pure, from plain data, no database or request.

Sources are numbered in order of first appearance, so a cell can cite "[1]" and the page
lists the numbered sources once below the table.

Everything the grid shows is derived here once — the level's words and meter, which tool is
stronger in a row, the review date as text and whether a cell must show its own date — so the
template only prints fields (no filters or lookups per cell: rendering stays linear and cheap).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .vocabulary import HOSTING, LEVEL_BY_VALUE, LEVELS

# On a phone the grid shows this many tools side by side; the page says which it leaves out.
PHONE_TOOLS = 4

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
    hosting: str = ""  # "self-hosted", "managed" or "both"; empty when not stated
    version: str = ""  # the version its ratings were reviewed against

    @property
    def hosting_label(self) -> str:
        return dict(HOSTING).get(self.hosting, "")


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
    url: str = ""  # an https address (the catalog checks refuse others), or empty
    accessed_on: dt.date | None = None  # when it was read (through `via`: when that was)
    kind: str = ""  # the kind's label, e.g. "Official documentation"

    @property
    def accessed_iso(self) -> str:
        return self.accessed_on.isoformat() if self.accessed_on else ""

    @property
    def accessed_label(self) -> str:
        return date_label(self.accessed_on) if self.accessed_on else ""


@dataclass(frozen=True)
class RatingInfo:
    tool: str
    capability: str
    level: int | None
    summary: str
    note: str
    reviewed_on: dt.date
    sources: tuple[str, ...]  # source slugs
    update: str = ""  # slug of the update ("Since the article") about this cell, if any


@dataclass(frozen=True)
class SourceRef:
    number: int
    source: SourceInfo


def date_label(day: dt.date) -> str:
    """A date as the grid prints it: "28 Nov 2026"."""
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class ToolChange:
    """When a tool's entry in the catalog last changed, for "Last changed" lines."""

    tool: ToolInfo
    on: dt.date

    @property
    def iso(self) -> str:
        return self.on.isoformat()

    @property
    def label(self) -> str:
        return date_label(self.on)


@dataclass(frozen=True)
class LegendEntry:
    slug: str
    label: str
    meter: tuple[bool, ...]
    meaning: str = ""


# The scale, weakest to strongest, for the legend above every grid; then the levels off the
# scale that a catalog may use ("Not documented"), each with what it means.
LEGEND: tuple[LegendEntry, ...] = tuple(
    LegendEntry(level.slug, level.label, level.meter) for level in LEVELS if level.on_scale
)
LEGEND_OFF_SCALE: tuple[LegendEntry, ...] = tuple(
    LegendEntry(level.slug, level.label, level.meter, level.meaning)
    for level in LEVELS
    if level.value is not None and not level.on_scale
)


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
    stronger: bool = False  # the highest level in a row where the tools differ
    own_date: bool = False  # the cell's review date differs from the rest of the grid
    update: str = ""  # slug of the update ("Since the article") about this cell, if any
    phone: bool = True  # among the first PHONE_TOOLS columns, shown on a phone

    @property
    def reviewed_iso(self) -> str:
        return self.reviewed_on.isoformat()

    @property
    def reviewed_label(self) -> str:
        return date_label(self.reviewed_on)


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
    reviewed_on: dt.date | None = None  # the commonest review date, given once in the caption
    all_same_date: bool = True  # every cell was reviewed on `reviewed_on`
    legend: tuple[LegendEntry, ...] = LEGEND
    legend_off_scale: tuple[LegendEntry, ...] = LEGEND_OFF_SCALE

    @property
    def phone_tools(self) -> tuple[ToolInfo, ...]:
        """The columns a phone shows side by side."""
        return self.tools[:PHONE_TOOLS]

    @property
    def beyond_phone(self) -> tuple[ToolInfo, ...]:
        """The columns a phone leaves out (the page names them and links to them)."""
        return self.tools[PHONE_TOOLS:]

    @property
    def phone_columns(self) -> int:
        return len(self.phone_tools)

    @property
    def crowded(self) -> bool:
        """More tools than a phone shows: wide screens narrow the names column to fit them."""
        return len(self.tools) > PHONE_TOOLS

    @property
    def has_updates(self) -> bool:
        return any(cell and cell.update for row in self.rows for cell in row.cells)

    @property
    def total_rows(self) -> int:
        return len(self.rows) + self.hidden_rows

    @property
    def reviewed_iso(self) -> str:
        return self.reviewed_on.isoformat() if self.reviewed_on else ""

    @property
    def reviewed_label(self) -> str:
        return date_label(self.reviewed_on) if self.reviewed_on else ""


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

    shown = {(t.slug, c.slug) for t in tools for c in capabilities}
    dates = Counter(r.reviewed_on for key, r in by_cell.items() if key in shown)
    # The caption gives the commonest date once; only a cell reviewed on another day says so.
    common = dates.most_common(1)[0][0] if dates else None
    rows = []
    hidden = 0
    for capability in capabilities:
        in_row = [by_cell.get((tool.slug, capability.slug)) for tool in tools]
        differs = len({r.level if r else "missing" for r in in_row}) > 1
        if only_differences and not differs:
            hidden += 1
            continue
        # "Not documented" and "Not yet assessed" are off the scale: never the stronger one.
        levels = [r.level for r in in_row if r and LEVEL_BY_VALUE[r.level].on_scale]
        best = max(levels) if differs and levels else None
        cells: list[Cell | None] = []
        for column, (tool, rating) in enumerate(zip(tools, in_row, strict=True)):
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
                    stronger=best is not None and rating.level == best,
                    own_date=rating.reviewed_on != common,
                    update=rating.update,
                    phone=column < PHONE_TOOLS,
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
        reviewed_on=common,
        all_same_date=len(dates) <= 1,
    )


class Footnotes:
    """A page's numbered sources: the grid's numbers first, then each further citation in the
    order the page shows it, so one source keeps one number wherever the page cites it."""

    def __init__(self, sources: Mapping[str, SourceInfo], start: Iterable[SourceRef] = ()):
        self._sources = sources
        self._by_slug = {ref.source.slug: ref for ref in start}

    def cite(self, slugs: Iterable[str]) -> tuple[SourceRef, ...]:
        found = []
        for slug in dict.fromkeys(slugs):
            if slug not in self._by_slug:
                self._by_slug[slug] = SourceRef(len(self._by_slug) + 1, self._sources[slug])
            found.append(self._by_slug[slug])
        return tuple(sorted(found, key=lambda ref: ref.number))

    @property
    def refs(self) -> tuple[SourceRef, ...]:
        return tuple(sorted(self._by_slug.values(), key=lambda ref: ref.number))
