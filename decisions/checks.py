"""The wizard's rules checked against their invariants: the checker the catalog calls.

Registered with `comparisons.wizard_checks` when the app starts (apps.py): the catalog holds the
rules and the invariants as data, and this module runs them through the pure engine
(engine/invariants.py) — for a catalog file before it is loaded, and for the rules the database
holds inside the transaction of a load or an admin edit, before it commits.

Results are cached by the rules and invariants themselves (both are hashable frozen data), so a
file whose rules the database then holds unchanged is not run twice.
"""

from functools import lru_cache

from comparisons import models as m
from comparisons.schemas import CatalogFile
from comparisons.wizard_checks import RulesChecker

from .engine import (
    FrozenMap,
    InvalidRules,
    Prerequisite,
    RuleChoice,
    RuleOutcome,
    RuleQuestion,
    Rules,
)
from .engine.invariants import Breach, Invariant, check
from .rules import load_wizard


def check_catalog(catalog: CatalogFile) -> list[tuple[str, str]]:
    """(JSON path, message) for every invariant the file's wizard breaks."""
    try:
        rules = rules_from_catalog(catalog)
        invariants = invariants_from_catalog(catalog)
        breaches = checked(rules, invariants)
    except InvalidRules as error:
        return [("$.wizard", str(error))]
    where = {v.slug: f"$.wizard.invariants[{i}]" for i, v in enumerate(catalog.wizard.invariants)}
    where |= {q.slug: f"$.wizard.questions[{i}]" for i, q in enumerate(catalog.wizard.questions)}
    return [(where[b.subject], b.message) for b in breaches]


def check_database() -> list[tuple[str, str]]:
    """(slug, message) for every invariant the rules as stored now break, and every question
    that never matters (none while the wizard is not set up: no advice, nothing to break)."""
    try:
        rules = load_wizard(revision=0).rules
    except InvalidRules:
        return []
    if not rules.questions:
        return []
    try:
        return [(b.subject, b.message) for b in checked(rules, invariants_from_database())]
    except InvalidRules as error:
        return [("", str(error))]


@lru_cache(maxsize=32)
def checked(rules: Rules, invariants: tuple[Invariant, ...]) -> tuple[Breach, ...]:
    return tuple(check(rules, invariants))


def rules_from_catalog(catalog: CatalogFile) -> Rules:
    """The rules the wizard would run once `catalog` is loaded (as decisions/rules.py reads
    them from the database)."""
    wizard = catalog.wizard
    order = {q.slug: [c.slug for c in q.choices] for q in wizard.questions}
    needs: dict[str, list[Prerequisite]] = {}
    for p in wizard.prerequisites:
        choices = tuple(c for c in order.get(p.question, []) if c in p.choices)
        needs.setdefault(p.outcome, []).append(
            Prerequisite(p.question, choices, p.explanation, p.source)
        )
    return Rules(
        outcomes=tuple(
            RuleOutcome(o.slug, o.name, tuple(needs.get(o.slug, ()))) for o in catalog.outcomes
        ),
        questions=tuple(
            RuleQuestion(
                q.slug,
                q.prompt,
                tuple(
                    RuleChoice(
                        slug=c.slug,
                        label=c.label,
                        points=c.points,
                        rationales={o: r.rationale for o, r in c.reasons.items()},
                        sources={o: r.source or "" for o, r in c.reasons.items()},
                        capabilities={o: tuple(r.capabilities) for o, r in c.reasons.items()},
                        bases={o: r.basis for o, r in c.reasons.items()},
                    )
                    for c in q.choices
                ),
            )
            for q in wizard.questions
        ),
    )


def invariants_from_catalog(catalog: CatalogFile) -> tuple[Invariant, ...]:
    order = {q.slug: [c.slug for c in q.choices] for q in catalog.wizard.questions}
    return tuple(
        Invariant(
            slug=v.slug,
            expect=v.expect,
            outcomes=tuple(v.outcomes),
            when=FrozenMap(
                (q, tuple(c for c in order.get(q, []) if c in choices))
                for q, choices in v.when.items()
            ),
            statement=v.statement,
            source=v.source,
        )
        for v in catalog.wizard.invariants
    )


def invariants_from_database() -> tuple[Invariant, ...]:
    rows = m.WizardInvariant.objects.select_related("source").prefetch_related(
        "outcomes", "when__question"
    )
    invariants = []
    for v in rows:
        when: dict[str, list[str]] = {}
        for choice in sorted(v.when.all(), key=lambda c: (c.order, c.slug)):
            when.setdefault(choice.question.slug, []).append(choice.slug)
        invariants.append(
            Invariant(
                slug=v.slug,
                expect=v.expect,
                outcomes=tuple(o.slug for o in sorted(v.outcomes.all(), key=lambda o: o.order)),
                when=FrozenMap((q, tuple(c)) for q, c in when.items()),
                statement=v.statement,
                source=v.source.slug,
            )
        )
    return tuple(invariants)


CHECKER = RulesChecker(catalog=check_catalog, database=check_database)
