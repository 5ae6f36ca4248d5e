"""The decision engine: wizard answers + rules -> an explained recommendation. Pure: plain
frozen dataclasses in, plain data out; no Django, no database, no request.

One module per concept, each writing its rules out in prose before the code:

    rules       the rules as data (outcomes, questions, choices, weights, prerequisites)
    answers     checking a visitor's answers once; comparing two answer sets
    scoring     points, ranking and tie-break, the recommendation, the 0-100 fit scale
    confidence  flips and the "clear / leaning / close call" label that never contradicts them
    routes      the path to a blocked leader and the route to every other option (ties shown)
    advice      `advise`, the engine the wizard uses
    invariants  the guide's invariants (data in the catalog) checked over every answer set
    first       `decide`, the first engine, kept for decisions saved before prerequisites

Everything public is importable from `decisions.engine` as before the split.
"""

from .advice import MAX_ADVICE_REASONS, Advice, AdviceReason, Fit, advise
from .answers import AnswerChange, changes_between, distance, validate_answers
from .confidence import (
    ADVICE_CONFIDENCE_NOTES,
    CLOSE_CALL_FIT,
    CONFIDENCE_LABELS,
    NO_FLIP_STATEMENT,
    AdviceFlip,
    Confidence,
)
from .first import MAX_REASONS, Flip, Reason, Result, decide
from .invariants import Breach, Invariant
from .routes import MAX_TIED, Alternative, Path, Route
from .rules import (
    BASES,
    Answers,
    FrozenMap,
    InvalidAnswers,
    InvalidRules,
    Prerequisite,
    RuleChoice,
    RuleOutcome,
    RuleQuestion,
    Rules,
)
from .scoring import OutcomeScore, Preview, every_answer_set, partial_leader, recommend

__all__ = [
    "ADVICE_CONFIDENCE_NOTES",
    "BASES",
    "CLOSE_CALL_FIT",
    "CONFIDENCE_LABELS",
    "MAX_ADVICE_REASONS",
    "MAX_REASONS",
    "MAX_TIED",
    "NO_FLIP_STATEMENT",
    "Advice",
    "AdviceFlip",
    "AdviceReason",
    "Alternative",
    "AnswerChange",
    "Answers",
    "Breach",
    "Confidence",
    "Fit",
    "Flip",
    "FrozenMap",
    "InvalidAnswers",
    "InvalidRules",
    "Invariant",
    "OutcomeScore",
    "Path",
    "Preview",
    "Prerequisite",
    "Reason",
    "Result",
    "Route",
    "RuleChoice",
    "RuleOutcome",
    "RuleQuestion",
    "Rules",
    "advise",
    "changes_between",
    "decide",
    "distance",
    "every_answer_set",
    "partial_leader",
    "recommend",
    "validate_answers",
]
