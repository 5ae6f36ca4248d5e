"""Exports of a comparison: JSON (a versioned pydantic schema), CSV and Markdown. Pure.

The JSON shape is documented in docs/exports.md; change `EXPORT_FORMAT` when a change would
break a reader (removing or renaming a field, changing a meaning), not when adding a field.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import Field

from . import markdown
from .matrix import Matrix, date_label
from .schemas import Strict
from .vocabulary import HostingSlug, LevelSlug

EXPORT_FORMAT = "mlops-portal-comparison/1"


class ExportTool(Strict):
    slug: str
    name: str
    focus: str
    url: str = Field(description="The tool's profile page, relative to the site.")
    hosting: HostingSlug | Literal[""] = Field(
        "", description="self-hosted, managed or both; empty when not stated."
    )
    hosting_label: str = ""
    version: str = Field(
        "", description="The version its ratings were reviewed against; empty for none."
    )


class ExportSource(Strict):
    number: Annotated[int, Field(ge=1, description="The footnote number used by cells.")]
    slug: str
    title: str
    publisher: str
    published: str = Field(description="The date as precisely as it is known, as text.")
    url: str = Field(
        description="The https address of the page read; empty for a source read through "
        "another, which keeps that citation."
    )
    accessed_on: dt.date | None = Field(
        None, description="The day it was read (through another source: the day that was)."
    )
    kind: str = Field("", description="What kind of source, e.g. Official documentation.")


class ExportCell(Strict):
    tool: str = Field(description="Slug of the tool this cell rates.")
    level: LevelSlug
    level_label: str
    summary: str
    note: str
    reviewed_on: dt.date
    sources: list[int] = Field(description="Numbers of the sources cited, see `sources`.")
    changed_since_article: str = Field(
        "",
        description="The tool's profile section showing what the article said and what the "
        "current documentation says instead, relative to the site; empty when they agree.",
    )


class ExportRow(Strict):
    capability: str
    name: str
    description: str
    group: str
    differs: bool = Field(description="True when the tools do not all have the same level.")
    cells: list[ExportCell | None] = Field(
        description="One per tool, in the order of `tools`; null where no rating is recorded."
    )


class ComparisonExport(Strict):
    """A comparison of published tools, capability by capability, with numbered sources."""

    format: Literal["mlops-portal-comparison/1"] = EXPORT_FORMAT
    catalog_revision: int
    url: str = Field(description="The comparison page this export was taken from.")
    only_differences: bool
    tools: list[ExportTool]
    rows: list[ExportRow]
    sources: list[ExportSource]


def to_export(
    matrix: Matrix, *, url: str, tool_urls: dict[str, str], revision: int
) -> ComparisonExport:
    """`tool_urls` maps each tool's slug to its profile page (the caller knows the routes)."""

    def update_url(tool: str, update: str) -> str:
        return f"{tool_urls[tool]}#update-{update}" if update else ""

    return ComparisonExport(
        catalog_revision=revision,
        url=url,
        only_differences=matrix.only_differences,
        tools=[
            ExportTool(
                slug=t.slug,
                name=t.name,
                focus=t.focus,
                url=tool_urls[t.slug],
                hosting=t.hosting,
                hosting_label=t.hosting_label,
                version=t.version,
            )
            for t in matrix.tools
        ],
        rows=[
            ExportRow(
                capability=row.capability.slug,
                name=row.capability.name,
                description=row.capability.description,
                group=row.capability.group,
                differs=row.differs,
                cells=[
                    None
                    if cell is None
                    else ExportCell(
                        tool=cell.tool.slug,
                        level=cell.level_slug,
                        level_label=cell.level_label,
                        summary=cell.summary,
                        note=cell.note,
                        reviewed_on=cell.reviewed_on,
                        sources=[ref.number for ref in cell.sources],
                        changed_since_article=update_url(cell.tool.slug, cell.update),
                    )
                    for cell in row.cells
                ],
            )
            for row in matrix.rows
        ],
        sources=[
            ExportSource(
                number=ref.number,
                slug=ref.source.slug,
                title=ref.source.title,
                publisher=ref.source.publisher,
                published=ref.source.published,
                url=ref.source.url,
                accessed_on=ref.source.accessed_on,
                kind=ref.source.kind,
            )
            for ref in matrix.sources
        ],
    )


def to_json(export: ComparisonExport) -> str:
    return export.model_dump_json(indent=2) + "\n"


def _cite(
    source: ExportSource,
    text: Callable[[str], str] = str,
    link: Callable[[str], str] = str,
) -> str:
    """A source as one line: title, publisher, date, kind, address and read date.

    `text` and `link` render catalog text and the address for the output format (plain for CSV).
    """
    cited = text(f"{source.title}, {source.publisher}, {source.published}.")
    if source.kind:
        cited += f" {text(source.kind)}."
    if source.url:
        cited += f" {link(source.url)}"
    if source.accessed_on:
        cited += f" (read {date_label(source.accessed_on)})"
    return cited


def _spreadsheet_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(export: ComparisonExport) -> str:
    """One row per capability: a level and a summary column per tool, then the sources cited."""
    by_number = {source.number: source for source in export.sources}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["Capability"]
    for tool in export.tools:
        header += [f"{tool.name} level", f"{tool.name} summary"]
    # Tool names head the columns, and they are data too: the header row is guarded as well.
    writer.writerow([_spreadsheet_safe(value) for value in [*header, "Sources"]])
    for row in export.rows:
        line = [row.name]
        numbers: list[int] = []
        for cell in row.cells:
            if cell is None:
                line += ["No rating yet", ""]
                continue
            changed = " (changed since the article: see the tool's profile)"
            line += [
                cell.level_label,
                cell.summary + (changed if cell.changed_since_article else ""),
            ]
            numbers += [n for n in cell.sources if n not in numbers]
        cited = "; ".join(f"[{n}] {_cite(by_number[n])}" for n in sorted(numbers))
        writer.writerow([_spreadsheet_safe(value) for value in [*line, cited]])
    return out.getvalue()


def _md(text: str) -> str:
    # Catalog text, escaped like members' text in the ADR: it may have come from a visitor's
    # suggestion. Pipes end a table cell and newlines end the row; both are taken care of.
    return markdown.one_line(text)


def to_markdown(export: ComparisonExport, *, title: str) -> str:
    """A table ready to paste into a design document, with the sources as footnotes."""
    lines = [f"## {_md(title)}", ""]
    lines.append("| Capability | " + " | ".join(_md(t.name) for t in export.tools) + " |")
    lines.append("|---" * (len(export.tools) + 1) + "|")
    for row in export.rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append("No rating yet")
                continue
            notes = "".join(f"[^{n}]" for n in cell.sources)
            changed = " (changed since the article)" if cell.changed_since_article else ""
            cells.append(f"**{_md(cell.level_label)}**: {_md(cell.summary)}{notes}{changed}")
        lines.append(f"| {_md(row.name)} | " + " | ".join(cells) + " |")
    facts = [
        ", ".join(
            part
            for part in (
                t.hosting_label,
                f"version {t.version} at the time of review" if t.version else "",
            )
            if part
        )
        for t in export.tools
    ]
    if any(facts):
        lines.append("")
        lines += [
            f"- {_md(t.name)}: {_md(fact)}"
            for t, fact in zip(export.tools, facts, strict=True)
            if fact
        ]
    if export.only_differences:
        lines += ["", "Only the capabilities where the tools differ are shown."]
    lines += ["", f"Catalog revision {export.catalog_revision}, from {export.url}", ""]
    lines += [f"[^{s.number}]: {_cite(s, _md, markdown.link)}" for s in export.sources]
    return "\n".join(lines) + "\n"
