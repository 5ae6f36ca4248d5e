"""The wizard rules as the engine sees them, read from the database and cached per revision.

Every write to a question, choice, weight or outcome bumps `CatalogRevision` (signals.py), so
keying the cache on the revision means an editor's change is used on the very next request in
every worker process, and an old entry is simply never read again.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache

from comparisons import models as m

from .engine import FrozenMap, Prerequisite, RuleChoice, RuleOutcome, RuleQuestion, Rules

CACHE_TIMEOUT = 60 * 60 * 24  # an old revision's entry is never read again; let it expire


@dataclass(frozen=True)
class Wizard:
    """The rules plus what only the pages need (help texts), and the revision they came from."""

    rules: Rules
    help_texts: FrozenMap[str]
    revision: int


def current_wizard(revision: int | None = None) -> Wizard:
    """The rules of `revision` (read once per request by the page cache), else the current."""
    if revision is None:
        revision = m.CatalogRevision.current()
    key = f"wizard-rules:{revision}"
    wizard = cache.get(key)
    if wizard is None:
        wizard = load_wizard(revision)
        cache.set(key, wizard, CACHE_TIMEOUT)
    return wizard


def load_wizard(revision: int) -> Wizard:
    """Build the rules in seven queries, whatever the number of questions and choices.

    Raises InvalidRules when the database cannot make a wizard (e.g. fewer than two outcomes).
    """
    needs: dict[int, list[Prerequisite]] = defaultdict(list)
    prerequisites = m.OutcomePrerequisite.objects.order_by("order", "pk")
    allowed: dict[int, list[str]] = defaultdict(list)
    through = m.OutcomePrerequisite.choices.through.objects.order_by(
        "choice__order", "choice__slug"
    )
    for row in through.values("outcomeprerequisite_id", "choice__slug"):
        allowed[row["outcomeprerequisite_id"]].append(row["choice__slug"])
    for p in prerequisites.values(
        "id", "outcome_id", "question__slug", "explanation", "source__slug"
    ):
        needs[p["outcome_id"]].append(
            Prerequisite(
                question=p["question__slug"],
                choices=tuple(allowed[p["id"]]),
                explanation=p["explanation"],
                source=p["source__slug"] or "",
            )
        )
    outcomes = tuple(
        RuleOutcome(slug=o["slug"], name=o["name"], prerequisites=tuple(needs[o["id"]]))
        for o in m.Outcome.objects.order_by("order", "slug").values("id", "slug", "name")
    )
    questions = list(
        m.Question.objects.order_by("order", "slug").values("id", "slug", "prompt", "help_text")
    )
    choices = m.Choice.objects.order_by("order", "slug").values(
        "id", "question_id", "slug", "label"
    )
    points: dict[int, dict[str, int]] = defaultdict(dict)
    rationales: dict[int, dict[str, str]] = defaultdict(dict)
    sources: dict[int, dict[str, str]] = defaultdict(dict)
    capabilities: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    bases: dict[int, dict[str, str]] = defaultdict(dict)
    rows = m.Weight.objects.values(
        "id", "choice_id", "outcome__slug", "points", "rationale", "source__slug", "basis"
    )
    weight_key = {}
    for weight in rows:
        key = (weight["choice_id"], weight["outcome__slug"])
        weight_key[weight["id"]] = key
        points[key[0]][key[1]] = weight["points"]
        rationales[key[0]][key[1]] = weight["rationale"]
        sources[key[0]][key[1]] = weight["source__slug"] or ""
        if weight["rationale"]:  # a basis says where a rationale comes from
            bases[key[0]][key[1]] = weight["basis"]
    links = m.Weight.capabilities.through.objects.order_by("capability__order", "capability__slug")
    for link in links.values("weight_id", "capability__slug"):
        choice_id, outcome = weight_key[link["weight_id"]]
        capabilities[choice_id][outcome].append(link["capability__slug"])
    by_question: dict[int, list[RuleChoice]] = defaultdict(list)
    for choice in choices:
        by_question[choice["question_id"]].append(
            RuleChoice(
                slug=choice["slug"],
                label=choice["label"],
                points=points[choice["id"]],
                rationales=rationales[choice["id"]],
                sources=sources[choice["id"]],
                capabilities={k: tuple(v) for k, v in capabilities[choice["id"]].items()},
                bases=bases[choice["id"]],
            )
        )
    # A question an editor has added but not yet given two choices is not asked: one choice is
    # no question, and it could not change the advice (an asked question must; checks.py).
    questions = [q for q in questions if len(by_question[q["id"]]) >= 2]
    rules = Rules(
        outcomes=outcomes,
        questions=tuple(
            RuleQuestion(slug=q["slug"], prompt=q["prompt"], choices=tuple(by_question[q["id"]]))
            for q in questions
        ),
    )
    return Wizard(
        rules=rules,
        help_texts=FrozenMap((q["slug"], q["help_text"]) for q in questions),
        revision=revision,
    )
