"""Plain text into Markdown that renders as exactly that text. Pure.

Every Markdown output of the portal (the comparison export, the ADR) is pasted into wikis and
repositories that render Markdown and inline HTML. Any text in it — members' notes and the
catalog's titles, summaries and sources alike, since a visitor's suggested source can become
catalog text — goes through `inline`, and a link through `link`, so nothing in the data can
open a tag, a link, a heading or a table cell.
"""

import re

from portal.text import is_plain_https_url

# Every character that can open Markdown or HTML syntax inside a line: emphasis, code, links and
# images ([ ] !), autolinks and HTML (< >), entities (&), tables (|), strikethrough (~), headings
# (#) and the escape itself. CommonMark renders a backslash-escaped one as the character alone.
_INLINE = re.compile(r"([\\`*_\[\]<>!&|~#])")
# At the start of a line these open a block: lists (- + and "1."), setext underlines (= -).
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def inline(text: str) -> str:
    """Plain text that renders as exactly itself in Markdown, within one line."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def one_line(text: str) -> str:
    """`inline`, with line breaks and runs of spaces folded into single spaces."""
    return inline(" ".join(text.split()))


def link(url: str) -> str:
    """A plain https URL as an autolink; anything else only as escaped text, never a link."""
    return f"<{url}>" if is_plain_https_url(url) else one_line(url)
