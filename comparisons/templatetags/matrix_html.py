"""The capability grid's body rows, written in Python.

Why not a template: a 20 × 100 comparison has 2,000 cells, and the same markup as template
nodes cost ≈ 230 µs a cell (one variable node ≈ 1–2 µs, plus two `{% url %}` per cell). Built
here it costs a few µs. The output is byte for byte what `includes/matrix_table.html`'s loop
printed before (whitespace included), so the markup, the accessibility and the tests stay as
they were; change both together if the cell ever changes.
"""

from collections.abc import Iterable
from html import escape  # the same five replacements as django.utils.html.escape, faster

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from ..editing.roles import may_edit_ratings
from ..matrix import PHONE_TOOLS, Cell, Matrix, MatrixRow, SourceRef

register = template.Library()

# Slug-shaped stand-ins, replaced per cell: one `reverse()` per page instead of two per cell.
_TOOL, _CAPABILITY = "tool-slug-here", "capability-slug-here"


def _dots(meter: tuple[bool, ...]) -> str:
    return "".join(
        '<span class="dot on"></span>' if on else '<span class="dot"></span>' for on in meter
    )


def _refs(refs: Iterable[SourceRef]) -> str:
    return "".join(
        f'<a class="source-ref" href="#ref-{ref.number}">[{ref.number}]'
        f'<span class="visually-hidden"> {escape(ref.source.title)}</span></a>'
        for ref in refs
    )


class _RowWriter:
    """Writes rows for one grid and one audience, remembering what repeats across cells."""

    def __init__(self, matrix: Matrix, *, actions: bool, can_edit: bool):
        self.tools = [(tool.slug, escape(tool.name)) for tool in matrix.tools]
        self.actions = actions
        self.can_edit = can_edit
        self.suggest_url = reverse("comparisons:suggest", args=[_TOOL, _CAPABILITY])
        self.edit_url = reverse("admin:comparisons_rating_cell", args=[_TOOL, _CAPABILITY])
        self.tool_url = reverse("comparisons:tool", args=[_TOOL])
        self.meters: dict[tuple[bool, ...], str] = {}
        self.ref_html: dict[int, str] = {}

    def meter(self, cell: Cell) -> str:
        if cell.level is None:
            return "?"
        if not cell.meter:  # off the scale ("Not documented"): the label alone says it
            return ""
        if (html := self.meters.get(cell.meter)) is None:
            html = self.meters[cell.meter] = _dots(cell.meter)
        return html

    def meter_span(self, cell: Cell) -> str:
        # Off the scale ("Not documented"): no meter at all, so the label keeps the first line.
        if (meter := self.meter(cell)) == "":
            return ""
        return f'<span class="level-meter" aria-hidden="true">{meter}</span> '

    def refs(self, refs: tuple[SourceRef, ...]) -> str:
        out = []
        for ref in refs:
            if (html := self.ref_html.get(ref.number)) is None:
                html = self.ref_html[ref.number] = _refs((ref,))
            out.append(html)
        return "".join(out)

    def url(self, pattern: str, tool: str, capability: str) -> str:
        return escape(pattern.replace(_TOOL, tool).replace(_CAPABILITY, capability))

    def row(self, row: MatrixRow) -> str:
        capability = row.capability
        cap_name = escape(capability.name)
        parts = [
            f'\n    <tr id="row-{escape(capability.slug)}"{"" if row.differs else ' class="same"'}>'
            f'\n      <th scope="row"><span class="capability-name">{cap_name}</span>'
            f'<span class="capability-description">{escape(capability.description)}</span></th>'
            "\n      "
        ]
        for column, ((slug, name), cell) in enumerate(zip(self.tools, row.cells, strict=True)):
            # Beyond the first few columns a phone hides the cell (the page says which tools).
            beyond = column >= PHONE_TOOLS
            parts.append(self.cell(slug, name, capability.slug, cap_name, cell, beyond))
        parts.append("\n    </tr>\n    ")
        return "".join(parts)

    def cell(
        self, slug: str, name: str, cap_slug: str, cap_name: str, cell: Cell | None, beyond: bool
    ) -> str:
        if cell is None:
            return (
                f'\n      <td data-tool="{name}"{_classes(False, beyond)}>\n        '
                '\n          <span class="level level-unknown">No rating yet</span>\n        '
                "\n      </td>\n      "
            )
        summary = escape(cell.summary)
        stronger = (
            ' <span class="stronger"><span class="stronger-mark" aria-hidden="true">▲</span>'
            '<span class="visually-hidden">, </span><span class="stronger-word">stronger</span>'
            "</span>"
            if cell.stronger
            else ""
        )
        note = f'<p class="cell-note">{escape(cell.note)}</p>' if cell.note else ""
        update = (
            f'<p class="cell-update"><a href="{self.url(self.tool_url, slug, cap_slug)}'
            f'#update-{escape(cell.update)}">Changed'
            '<span class="update-long"> since the article</span>'
            f'<span class="visually-hidden">: {name}, {cap_name}</span></a></p>'
            if cell.update
            else ""
        )
        own_date = (
            f'<time datetime="{cell.reviewed_iso}">{cell.reviewed_label}</time>'
            if cell.own_date
            else ""
        )
        actions = ""
        if self.actions:
            edit = (
                f' · <a href="{self.url(self.edit_url, slug, cap_slug)}">Edit this'
                f'<span class="visually-hidden">: {name}, {cap_name}</span></a>'
                if self.can_edit
                else ""
            )
            actions = (
                f'\n            <p class="cell-actions"><a href="'
                f'{self.url(self.suggest_url, slug, cap_slug)}">Suggest a correction'
                f'<span class="visually-hidden"> to {name}, {cap_name}</span></a>{edit}</p>'
                "\n            "
            )
        return (
            f'\n      <td data-tool="{name}"{_classes(cell.stronger, beyond)}>'
            "\n        "
            f'\n          <span class="level level-{cell.level_slug}">{self.meter_span(cell)}'
            f'<span class="level-label">{escape(cell.level_label)}</span></span>{stronger}'
            f'\n          <p class="cell-summary">{summary}</p>{update}'
            '\n          <details class="cell-details">'
            f'\n            <summary>More<span class="visually-hidden"> on {name}, {cap_name}'
            "</span></summary>"
            f'\n            <p class="cell-summary-inline">{summary}</p>'
            f"\n            {note}"
            f'\n            <p class="cell-sources">Sources: {self.refs(cell.sources)}'
            f"{' · Reviewed ' + own_date if own_date else ''}</p>"
            f"\n            {actions}"
            "\n          </details>"
            f"\n          {'<p class="reviewed">Reviewed ' + own_date + '</p>' if own_date else ''}"
            "\n        \n      </td>\n      "
        )


def _classes(stronger: bool, beyond_phone: bool) -> str:
    names = [name for name, on in (("is-stronger", stronger), ("beyond-phone", beyond_phone)) if on]
    return f' class="{" ".join(names)}"' if names else ""


def can_edit_ratings(context: template.Context) -> bool:
    """`may_edit_ratings` for the template's user; False without a request."""
    return may_edit_ratings(context.get("user"))


@register.simple_tag(takes_context=True)
def matrix_rows(context: template.Context, matrix: Matrix) -> SafeString:
    """The grid's `<tr>`s. A saved decision's grid (`snapshot`) is history: no links to
    correct it; "Edit this" only for those who may change ratings."""
    actions = not context.get("snapshot")
    # Asked only when the links show: a permission check costs two queries.
    writer = _RowWriter(matrix, actions=actions, can_edit=actions and can_edit_ratings(context))
    # Every value is escaped above; the markup itself is ours.
    return mark_safe("".join(writer.row(row) for row in matrix.rows))
