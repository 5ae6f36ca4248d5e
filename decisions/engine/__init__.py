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

# Re-exported so `from decisions.engine import ...` keeps working after the split.
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
