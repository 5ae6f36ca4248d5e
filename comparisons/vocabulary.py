"""The catalog's words, defined once: rating levels, source kinds, finding kinds, hosting.

No Django here, so the pure modules (matrix, exports), the pydantic schemas and the models all
derive their choices, literals and labels from these tuples; a new level or kind is added in
one place. Changing a value or label of a stored choice needs a migration (the models' choices).
"""

from dataclasses import dataclass
from typing import Literal

METER_DOTS = 4  # a level's meter has one dot per step above "Not offered"
NOT_DOCUMENTED = -1  # stored value of "Not documented": off the scale, never "stronger"


@dataclass(frozen=True)
class LevelTerm:
    """One rating level: its stored value (None: not yet assessed), slug and label."""

    value: int | None
    slug: str  # the catalog file's word, the icon and the CSS class
    label: str
    meaning: str = ""  # said in the legend for a level off the scale

    @property
    def on_scale(self) -> bool:
        """True for the ranked levels, "Not offered" to "Excellent"; False for "Not yet
        assessed" and "Not documented", which say nothing about how well a tool serves a need."""
        return self.value is not None and self.value >= 0

    @property
    def meter(self) -> tuple[bool, ...]:
        """Which of the meter's dots are lit; empty for a level off the scale."""
        if not self.on_scale:
            return ()
        return tuple(dot <= self.value for dot in range(1, METER_DOTS + 1))


LEVELS: tuple[LevelTerm, ...] = (
    LevelTerm(None, "unknown", "Not yet assessed"),
    LevelTerm(0, "none", "Not offered"),
    LevelTerm(1, "limited", "Limited"),
    LevelTerm(2, "partial", "Partial"),
    LevelTerm(3, "strong", "Strong"),
    LevelTerm(4, "excellent", "Excellent"),
    LevelTerm(
        NOT_DOCUMENTED,
        "not-documented",
        "Not documented",
        "the tool's documentation was checked and says nothing; its sources are the pages checked",
    ),
)
LEVEL_BY_VALUE: dict[int | None, LevelTerm] = {level.value: level for level in LEVELS}
LEVEL_BY_SLUG: dict[str, LevelTerm] = {level.slug: level for level in LEVELS}
LevelSlug = Literal[*(level.slug for level in LEVELS)]  # type: ignore[valid-type]

# (value, label) in display order.
SOURCE_KINDS: tuple[tuple[str, str], ...] = (
    ("article", "Article"),
    ("survey", "Survey"),
    ("review", "Peer-reviewed paper"),
    ("radar", "Technology radar"),
    ("vendor-docs", "Official documentation"),
    ("release", "Release notes"),
    ("package-registry", "Package registry"),
    ("community", "Community report"),
)
SourceKindSlug = Literal[*(value for value, _ in SOURCE_KINDS)]  # type: ignore[valid-type]

FINDING_KINDS: tuple[tuple[str, str], ...] = (
    ("assessment", "Assessment"),
    ("recognition", "Recognition"),
    ("outlook", "Outlook"),
    ("adoption", "Adoption"),
)
FindingKindSlug = Literal[*(value for value, _ in FINDING_KINDS)]  # type: ignore[valid-type]

# Where a wizard weight's rationale comes from: the cited source says it, or the source is
# silent and the weight is the portal's own judgement (shown as such on the result page).
WEIGHT_BASES: tuple[tuple[str, str], ...] = (
    ("article", "From the source"),
    ("judgement", "The portal's judgement"),
)
WeightBasis = Literal[*(value for value, _ in WEIGHT_BASES)]  # type: ignore[valid-type]
# Where a tool runs: on the team's own infrastructure, as a vendor's service, or either way.
HOSTING: tuple[tuple[str, str], ...] = (
    ("self-hosted", "Self-hosted"),
    ("managed", "Managed service"),
    ("both", "Self-hosted or managed"),
)
HostingSlug = Literal[*(value for value, _ in HOSTING)]  # type: ignore[valid-type]
