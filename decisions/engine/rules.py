"""The wizard's rules as plain, frozen data: outcomes, questions, choices, prerequisites.

Pure: no Django. The views turn database rows into `Rules` (decisions/rules.py), the catalog
checks turn the catalog file into them (decisions/catalog_rules.py), and decisions/schemas.py
turns them into JSON and back for saved decisions.

Every choice gives points (integers, possibly negative) to outcomes; a choice that names no
points for an outcome gives it 0. Each weight may carry the editor's "why" (`rationales`), the
catalog source it rests on (`sources`), the comparison rows it concerns (`capabilities`) and its
`basis`: "article" when the rationale paraphrases what the source says, "judgement" when the
source is silent and the weight is the portal's own judgement. An outcome may have
prerequisites: answers the team must give before it can be recommended at all.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NewType, get_args

from pydantic_core import core_schema

BASES = ("article", "judgement")  # where a weight's rationale comes from

# {question slug: choice slug} in question order, as `validate_answers` returns it: the only
# answers the engine takes, so it never checks them again.
Answers = NewType("Answers", dict[str, str])


class InvalidRules(ValueError):
    """The rules contradict themselves: an editor's or a snapshot's problem, not the visitor's."""


class InvalidAnswers(ValueError):
    """The answers do not fit the rules; `problems` lists every (question slug, message)."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems: list[tuple[str, str]] = list(problems)
        super().__init__("; ".join(f"{slug}: {message}" for slug, message in self.problems))

    def by_question(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for slug, message in self.problems:
            grouped.setdefault(slug, []).append(message)
        return grouped


class FrozenMap[V](Mapping[str, V]):
    """A read-only, hashable, picklable mapping (so rules can be cache keys and cache values)."""

    def __init__(self, data: Mapping[str, V] | Iterable[tuple[str, V]] = ()) -> None:
        self._data: dict[str, V] = dict(data)

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        # Read and written as a plain JSON object (decisions/schemas.py stores rules this way).
        (value_type,) = get_args(source) or (Any,)
        return core_schema.no_info_after_validator_function(
            cls,
            handler.generate_schema(dict[str, value_type]),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )


def omit_when_empty(*names: str) -> classmethod:
    """A pydantic hook that leaves the named fields out of JSON while they are empty.

    Fields added after decisions were first saved are written only when they hold something, so
    rules without prerequisites or sources dump exactly as they always did (saved decisions and
    their byte-for-byte tests stay unchanged), and read back with their defaults.
    """

    def hook(cls: type, source: Any, handler: Any) -> core_schema.CoreSchema:
        schema = handler(source)

        def serialise(value: Any, nxt: Any) -> Any:
            data = nxt(value)
            for name in names:
                if name in data and not data[name]:
                    del data[name]
            return data

        schema["serialization"] = core_schema.wrap_serializer_function_ser_schema(
            serialise, schema=schema.copy()
        )
        return schema

    return classmethod(hook)


# --- rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleChoice:
    """One answer to a question and the points it gives each outcome.

    `points` accepts any mapping or pairs and is stored read-only; zero entries are dropped
    (missing means 0), so two choices giving the same points compare equal. `rationales` holds
    the editor's one-line "why" per outcome, in domain terms; `sources` the slug of the catalog
    source each rationale rests on; `capabilities` the capability rows (slugs) it concerns;
    `bases` whether the rationale is the article's ("article") or the portal's ("judgement").
    """

    slug: str
    label: str
    points: FrozenMap[int] = field(default_factory=FrozenMap)
    rationales: FrozenMap[str] = field(default_factory=FrozenMap)
    sources: FrozenMap[str] = field(default_factory=FrozenMap)
    capabilities: FrozenMap[tuple[str, ...]] = field(default_factory=FrozenMap)
    bases: FrozenMap[str] = field(default_factory=FrozenMap)

    __get_pydantic_core_schema__ = omit_when_empty("sources", "capabilities", "bases")

    def __post_init__(self) -> None:
        points = dict(self.points)
        for outcome, value in points.items():
            if type(value) is not int:
                raise InvalidRules(f"choice {self.slug!r}: points for {outcome!r} must be an int")
        object.__setattr__(self, "points", FrozenMap((k, v) for k, v in points.items() if v))
        rationales = {k: v for k, v in dict(self.rationales).items() if v}
        object.__setattr__(self, "rationales", FrozenMap(rationales))
        object.__setattr__(
            self, "sources", FrozenMap((k, v) for k, v in dict(self.sources).items() if v)
        )
        capabilities = {k: tuple(v) for k, v in dict(self.capabilities).items() if v}
        object.__setattr__(self, "capabilities", FrozenMap(capabilities))
        bases = {k: v for k, v in dict(self.bases).items() if v}
        if unknown := set(bases.values()) - set(BASES):
            raise InvalidRules(f"choice {self.slug!r}: unknown basis {sorted(unknown)}")
        object.__setattr__(self, "bases", FrozenMap(bases))

    def points_for(self, outcome: str) -> int:
        return self.points.get(outcome, 0)


@dataclass(frozen=True)
class RuleQuestion:
    slug: str
    prompt: str
    choices: tuple[RuleChoice, ...]

    def __post_init__(self) -> None:
        choices = tuple(self.choices)
        object.__setattr__(self, "choices", choices)
        if not choices:
            raise InvalidRules(f"question {self.slug!r} has no choices")
        slugs = [choice.slug for choice in choices]
        if len(set(slugs)) != len(slugs):
            raise InvalidRules(f"question {self.slug!r} repeats a choice slug")

    def choice(self, slug: str) -> RuleChoice:
        """The choice with this slug; KeyError if there is none."""
        for choice in self.choices:
            if choice.slug == slug:
                return choice
        raise KeyError(slug)

    def has_choice(self, slug: object) -> bool:
        return any(choice.slug == slug for choice in self.choices)


@dataclass(frozen=True)
class Prerequisite:
    """An outcome can be recommended only if `question` is answered with one of `choices`.

    `explanation` says in plain words what the team needs ("Kubernetes skills in house: ...");
    `source` is the slug of the catalog source it rests on.
    """

    question: str
    choices: tuple[str, ...]
    explanation: str
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple(self.choices))

    def met_by(self, answers: Mapping[str, str]) -> bool:
        return answers.get(self.question) in self.choices


@dataclass(frozen=True)
class RuleOutcome:
    slug: str
    name: str
    prerequisites: tuple[Prerequisite, ...] = ()

    __get_pydantic_core_schema__ = omit_when_empty("prerequisites")

    def __post_init__(self) -> None:
        object.__setattr__(self, "prerequisites", tuple(self.prerequisites))

    def unmet(self, answers: Mapping[str, str]) -> tuple[Prerequisite, ...]:
        return tuple(p for p in self.prerequisites if not p.met_by(answers))


@dataclass(frozen=True)
class Rules:
    """Everything the engine needs, as data.

    `outcomes` is in tie-break order: on equal scores the earlier outcome wins. At least two
    outcomes, because a recommendation needs an alternative (and a runner-up). `questions` is in
    the order the wizard asks them, which also orders reasons and flips with equal weight.
    """

    outcomes: tuple[RuleOutcome, ...]
    questions: tuple[RuleQuestion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        object.__setattr__(self, "questions", tuple(self.questions))
        outcome_slugs = [outcome.slug for outcome in self.outcomes]
        if len(outcome_slugs) < 2:
            raise InvalidRules("the rules need at least two outcomes")
        if len(set(outcome_slugs)) != len(outcome_slugs):
            raise InvalidRules("the rules repeat an outcome slug")
        question_slugs = [question.slug for question in self.questions]
        if len(set(question_slugs)) != len(question_slugs):
            raise InvalidRules("the rules repeat a question slug")
        known = set(outcome_slugs)
        for question in self.questions:
            for choice in question.choices:
                unknown = (set(choice.points) | set(choice.rationales)) - known
                if unknown:
                    raise InvalidRules(
                        f"{question.slug}/{choice.slug} names unknown outcomes {sorted(unknown)}"
                    )
        for outcome in self.outcomes:
            for prerequisite in outcome.prerequisites:
                if not self.has_question(prerequisite.question):
                    raise InvalidRules(
                        f"{outcome.slug} requires unknown question {prerequisite.question!r}"
                    )
                question = self.question(prerequisite.question)
                if not prerequisite.choices or not all(
                    question.has_choice(c) for c in prerequisite.choices
                ):
                    raise InvalidRules(
                        f"{outcome.slug} requires choices that {question.slug!r} does not offer"
                    )
        if all(outcome.prerequisites for outcome in self.outcomes):
            # Some answers must be able to get a recommendation whatever else they say.
            raise InvalidRules("at least one outcome must have no prerequisites")

    def question(self, slug: str) -> RuleQuestion:
        for question in self.questions:
            if question.slug == slug:
                return question
        raise KeyError(slug)

    def has_question(self, slug: object) -> bool:
        return any(question.slug == slug for question in self.questions)

    def outcome(self, slug: str) -> RuleOutcome:
        return next(outcome for outcome in self.outcomes if outcome.slug == slug)
