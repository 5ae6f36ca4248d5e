"""The wizard's invariants are checked by the engine that evaluates the rules, from here.

The catalog holds the wizard's rules and its invariants as data (questions, weights and
prerequisites; "never Kubeflow while prototyping" and the like, each with its source), and it
must refuse rules that break an invariant: when a catalog file is checked (`parse_catalog`),
when one is loaded (`load_catalog`, which sees rows the file left out) and when an editor changes
the rules in the admin. Evaluating rules over every answer set is the decision engine's job, and
the engine lives in `decisions`, which this app must not import (the import-linter layers:
decisions -> teams -> comparisons).

So the dependency is inverted: `decisions` registers its checker here when it starts
(decisions/apps.py), and the catalog calls whatever is registered. The engine stays in one
place, with the code that uses it for advice, and the catalog needs no copy of it. Moving the
pure engine into `comparisons` instead would split the wizard across two apps and put the
engine's evolution (scoring, routes) under the catalog's layer for the sake of one check.

A catalog that holds wizard questions but finds no checker registered is refused rather than
accepted unchecked: an unchecked invariant would be a silent promise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schemas import CatalogFile


@dataclass(frozen=True)
class RulesChecker:
    # A validated catalog file -> (JSON path, message) for every breach.
    catalog: Callable[["CatalogFile"], list[tuple[str, str]]]
    # The rules as the database holds them now (inside the caller's transaction) ->
    # (what breaks: an invariant's or a question's slug, message) for every breach.
    database: Callable[[], list[tuple[str, str]]]


_checker: RulesChecker | None = None
NOT_REGISTERED = (
    "the wizard's rules cannot be checked against their invariants: no rules checker is "
    "registered (the decisions app registers it when it starts)"
)


def register(checker: RulesChecker) -> None:
    global _checker
    _checker = checker


def catalog_problems(catalog: "CatalogFile") -> list[tuple[str, str]]:
    if not catalog.wizard.questions:
        return []
    if _checker is None:
        return [("$.wizard", NOT_REGISTERED)]
    return _checker.catalog(catalog)


def database_problems() -> list[tuple[str, str]]:
    if _checker is None:
        return [("", NOT_REGISTERED)]
    return _checker.database()
