"""What text a person may submit, decided once for every form and for the catalog file. Pure.

Text people type ends up in the database, in pages, exports, logs and backups. Characters that
no one types on purpose break those far from where they came in: an ESC in a team name made the
backup fail, a U+FFFE in a title made a backup that XML cannot parse. So every submitted text
is refused, with a message, when it holds

* a C0 or C1 control character (U+0000–U+001F, U+007F–U+009F) — except tab, line feed and
  carriage return in a multi-line field (browsers send a textarea's line breaks as CR LF);
* a Unicode non-character (U+FDD0–U+FDEF, and the last two code points of every plane,
  U+FFFE, U+FFFF, U+1FFFE … U+10FFFF) or a lone surrogate (no encoding can write one).

Links are plain https URLs: the scheme `https`, a host name with a dot, an optional port, and a
path, query and fragment in the characters RFC 3986 allows, minus brackets, with anything
else percent-encoded. Nothing like `javascript:` or a `>` that closes a tag reaches an href or
a Markdown link.

Django forms apply `text_problem` through `portal.forms` (every CharField, URLs to every
URLField); the catalog schema through the annotated types below.
"""

import re

from pydantic import AfterValidator

_NOT_IN_ANY_TEXT = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 and C1 controls but tab, LF and CR
    r"\ud800-\udfff"  # lone surrogates
    r"\ufdd0-\ufdef"  # the non-character block
)
_NON_CHARACTERS_OF_PLANES = "".join(
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
)
_MULTI_LINE_FORBIDDEN = re.compile(f"[{_NOT_IN_ANY_TEXT}{_NON_CHARACTERS_OF_PLANES}]")
_ONE_LINE_FORBIDDEN = re.compile(f"[\t\n\r{_NOT_IN_ANY_TEXT}{_NON_CHARACTERS_OF_PLANES}]")

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
PLAIN_HTTPS_URL = re.compile(
    rf"https://{_LABEL}(?:\.{_LABEL})+(?::[0-9]{{1,5}})?"
    r"(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*)?"
)


def _describe(character: str) -> str:
    names = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}
    code = f"U+{ord(character):04X}"
    if character in names:
        return f"{names[character]} ({code}), which this one-line field cannot hold"
    if 0xD800 <= ord(character) <= 0xDFFF:
        return f"a lone surrogate ({code}), which no text encoding can store"
    if ord(character) < 0xA0:
        return f"the invisible control character {code}"
    return f"{code}, which is not a character (a Unicode non-character)"


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why `value` cannot be accepted, or None. Multi-line text may hold tabs and line breaks."""
    pattern = _MULTI_LINE_FORBIDDEN if multiline else _ONE_LINE_FORBIDDEN
    found = pattern.search(value)
    if found is None:
        return None
    return f"Contains {_describe(found.group())} at position {found.start() + 1}: remove it."


def url_problem(value: str) -> str | None:
    """Why `value` is not a plain https URL, or None."""
    if PLAIN_HTTPS_URL.fullmatch(value):
        return None
    if not value.lower().startswith("https://"):
        return "Only https:// links are accepted: give the full address, starting https://."
    return (
        "Not a plain https link: a host name such as example.org, then a path in letters, "
        "digits and - . _ ~ / ? # & = + % (write any other character percent-encoded)."
    )


def is_plain_https_url(value: str) -> bool:
    return url_problem(value) is None


def _checked(problem) -> object:
    def check(value: str) -> str:
        if message := problem(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


# For pydantic models (the catalog file): add to a field's type, e.g.
# `title: Annotated[str, StringConstraints(max_length=300), OneLine]`.
OneLine = _checked(lambda value: text_problem(value, multiline=False))
MultiLine = _checked(lambda value: text_problem(value, multiline=True))
HttpsUrl = _checked(url_problem)
# An optional link: empty, or a plain https URL.
HttpsUrlOrEmpty = _checked(lambda value: url_problem(value) if value else None)
