"""What would change the advice: the path to a blocked leader, and a route to every other option.

Path: when the outcome with the most points overall (the *leader*) is ineligible, the advice
carries a path: adopt the recommendation now, and the leader next, once its prerequisites are
met. The path's changes are the nearest answers to the prerequisite questions that meet them
(preferring ones under which the leader is then recommended); `then` says what those answers
recommend.

Routes: for every other outcome, the nearest complete answer set that recommends it, by (drops
the current recommendation's prerequisites, number of changed answers, steps along the choices).
An exact search (`_NearestSearch`) finds it without listing every answer set, so the route is the
smallest there is however many questions the wizard has. An outcome no answer set recommends is
"not reachable by answers alone", with the prerequisites that block it.

Ties: when two or more answer sets are equally near (a path or a route), none is preferred by
choice order: the first is `changes`, and the others (up to MAX_TIED in all, in question and
choice order) are `alternatives`, shown beside it ("or, just as near, ...").
"""

import bisect
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .answers import AnswerChange, changes_between, distance
from .rules import Answers, Prerequisite, RuleOutcome, Rules, omit_when_empty
from .scoring import recommend

MAX_TIED = 3  # equally near answer sets shown for one path or route


@dataclass(frozen=True)
class Alternative:
    """Another, equally near change of answers, and what it would recommend."""

    changes: tuple[AnswerChange, ...]
    then: str
    then_name: str


@dataclass(frozen=True)
class Path:
    """The points leader is out of reach for now: adopt `now`, move to `next` once `needs` holds.

    `changes` is the smallest change of answers that meets `needs`; `then` is what those answers
    recommend (the leader, unless meeting the prerequisite also moves the points);
    `alternatives` are equally near changes.
    """

    now: str
    now_name: str
    next: str
    next_name: str
    needs: tuple[Prerequisite, ...]
    changes: tuple[AnswerChange, ...]
    then: str
    then_name: str
    alternatives: tuple[Alternative, ...] = ()

    __get_pydantic_core_schema__ = omit_when_empty("alternatives")


@dataclass(frozen=True)
class Route:
    """What it would take for another option to be recommended.

    `changes` is the smallest set of changed answers that makes `outcome` the recommendation
    (keeping the current recommendation's prerequisites where possible, then fewest changes, then
    the nearest choices), and `alternatives` the equally near others; empty with `reachable`
    False when no answers at all make it the recommendation, in which case `blocked_by` names
    its prerequisites.
    """

    outcome: str
    name: str
    reachable: bool
    changes: tuple[AnswerChange, ...] = ()
    blocked_by: tuple[Prerequisite, ...] = ()
    alternatives: tuple[Alternative, ...] = ()

    __get_pydantic_core_schema__ = omit_when_empty("alternatives")


def nearest(
    answers: Mapping[str, str],
    rules: Rules,
    wanted: RuleOutcome,
    keep: RuleOutcome | None = None,
    within: tuple[Prerequisite, ...] = (),
) -> list[Answers]:
    """The answer sets nearest to `answers` that recommend `wanted`: fewest changes, then fewest
    steps along the choices; all equally near ones, in `every_answer_set` order (at most
    MAX_TIED). With `keep`, sets that still meet its prerequisites come first, so a route reads
    "change what you do", not "lose the skills the current recommendation needs". `within`
    limits the search to answer sets that meet those conditions (the invariants use it). Empty
    if no set at all recommends `wanted`."""
    if keep is not None and keep.prerequisites:
        found = _NearestSearch(answers, rules, wanted, keep.prerequisites + within).run()
        if found:
            return found
    # Nothing keeps `keep`'s prerequisites (or there are none to keep): every set drops them
    # alike, so only the distance counts.
    return _NearestSearch(answers, rules, wanted, within).run()


class _NearestSearch:
    """An exact branch-and-bound for `_nearest`, so its cost follows the answer, not 3^questions.

    Depth-first over the questions (prerequisite questions first, so eligibility is settled
    early), trying the current answer first and then the others by step distance, deepening
    the number of changes allowed (as IDA*). `wanted`'s prerequisites (and `keep`'s, when
    given) limit the choices. A branch is cut when it cannot beat the best set found so far,
    from a lower bound on its (changes, steps):
      - the changes and steps so far, plus those the limits force on the open questions;
      - plus the changes the points still need. `wanted` must beat every competitor that is
        certainly eligible on this branch, on points or on the tie-break (rules order). For each
        such competitor, and for all of them summed (which catches an outcome that always sits
        between two others), the margin so far plus what the open questions give if they stay
        must be made up by the best k gains of changing open questions: the smallest such k is
        a lower bound on the changes still needed (none is big enough: the branch cannot win).
    Leaves are checked with `recommend`; every set at the smallest (changes, steps) is kept, in
    `every_answer_set` order (at most MAX_TIED), so equally near answers are all shown. Exact
    always; fast when the bounds bite, which they do for wizards an editor builds (see
    notes/engine.md), though the worst case of any exact search for this stays exponential.
    """

    def __init__(
        self,
        answers: Mapping[str, str],
        rules: Rules,
        wanted: RuleOutcome,
        limits: tuple[Prerequisite, ...],
    ) -> None:
        self.answers = answers
        self.rules = rules
        self.wanted = wanted
        questions = rules.questions
        self.size = size = len(questions)
        limits = wanted.prerequisites + limits
        self.allowed = allowed = [
            [
                i
                for i, c in enumerate(q.choices)
                if all(c.slug in p.choices for p in limits if p.question == q.slug)
            ]
            for q in questions
        ]
        self.current = current = [
            next(i for i, c in enumerate(q.choices) if c.slug == answers[q.slug]) for q in questions
        ]
        gating = {p.question for o in rules.outcomes for p in o.prerequisites}
        self.order = order = [i for i, q in enumerate(questions) if q.slug in gating] + [
            i for i, q in enumerate(questions) if q.slug not in gating
        ]
        self.depth_of = {q: d for d, q in enumerate(order)}
        self.options = [
            sorted(allowed[q], key=lambda i, q=q: (abs(i - current[q]), i)) for q in order
        ]
        # Changes and steps the limits force on the questions from depth d on.
        self.forced_changes = [0] * (size + 1)
        self.forced_steps = [0] * (size + 1)
        for d in reversed(range(size)):
            q = order[d]
            forced = bool(allowed[q]) and current[q] not in allowed[q]
            self.forced_changes[d] = self.forced_changes[d + 1] + forced
            steps = min((abs(i - current[q]) for i in allowed[q]), default=0) if forced else 0
            self.forced_steps[d] = self.forced_steps[d + 1] + steps
        place = {o.slug: i for i, o in enumerate(rules.outcomes)}
        self.competitors = [o for o in rules.outcomes if o.slug != wanted.slug]
        # diff[o][q][c]: how much choice c of question q gives `wanted` over competitor o.
        self.diff = {
            o.slug: [
                [c.points_for(wanted.slug) - c.points_for(o.slug) for c in q.choices]
                for q in questions
            ]
            for o in self.competitors
        }
        # A tie goes to the outcome listed first: `wanted` needs a margin of 0 or of 1.
        self.need = {o.slug: int(place[o.slug] < place[wanted.slug]) for o in self.competitors}
        self.slug_index = {q.slug: i for i, q in enumerate(questions)}
        self.tables: dict[tuple[str, ...], tuple[int, list[int], list[list[int]]]] = {}

    def run(self) -> list[Answers]:
        if not all(self.allowed):
            return []  # the limits exclude every choice of some question
        # The nearest sets found so far, as (changes, steps, choice indexes), all equally near.
        self.best: list[tuple[int, int, tuple[int, ...]]] = []
        self.chosen = list(self.current)
        self.margin = dict.fromkeys(self.diff, 0)
        # Iterative deepening on the number of changes (as IDA*): a search allowed `limit`
        # changes, then one allowed the fewest changes a cut branch needed, ... The first that
        # finds a set has the fewest changes; it then settles steps and ties exactly. If no
        # branch was cut for its changes, no set recommends `wanted` at all.
        self.limit: int | None = 0
        while not self.best and self.limit is not None:
            self.ceiling, self.limit = self.limit, None
            self._visit(0, 0, 0)
        return [self._answers(key[2]) for key in self.best]

    def _answers(self, indexes: Iterable[int]) -> Answers:
        return Answers(
            {q.slug: q.choices[i].slug for q, i in zip(self.rules.questions, indexes, strict=True)}
        )

    def _visit(self, depth: int, changed: int, steps: int) -> None:
        low_changed = changed + self.forced_changes[depth]
        low_steps = steps + self.forced_steps[depth]
        extra = self._changes_needed(depth)
        if extra is None:
            return
        # Each change it still needs costs at least one step too.
        low = (low_changed + extra, low_steps + extra)
        if self.best and low > self.best[0][:2]:
            return
        if low[0] > self.ceiling:
            self.limit = low[0] if self.limit is None else min(self.limit, low[0])
            return
        if depth == self.size:
            key = (changed, steps, tuple(self.chosen))
            if self.best and key[:2] > self.best[0][:2]:
                return
            if recommend(self._answers(self.chosen), self.rules) != self.wanted.slug:
                return
            if self.best and key[:2] < self.best[0][:2]:
                self.best = []
            bisect.insort(self.best, key)
            del self.best[MAX_TIED:]  # the first equally near sets in answer-set order
            return
        q = self.order[depth]
        was = self.current[q]
        for i in self.options[depth]:
            self.chosen[q] = i
            for slug, margin in self.margin.items():
                self.margin[slug] = margin + self.diff[slug][q][i]
            self._visit(depth + 1, changed + (i != was), steps + abs(i - was))
            for slug, margin in self.margin.items():
                self.margin[slug] = margin - self.diff[slug][q][i]
        self.chosen[q] = was

    def _changes_needed(self, depth: int) -> int | None:
        """The fewest more changes of open questions with which `wanted` could still win, or
        None if it cannot: per certainly eligible competitor, and for all of them summed."""
        sure = tuple(o.slug for o in self.competitors if self._surely_eligible(o, depth))
        rows = [(slug,) for slug in sure] + ([sure] if len(sure) > 1 else [])
        needed = 0
        for row in rows:
            need, base, top = self._table(row)
            short = need - sum(self.margin[s] for s in row) - base[depth]
            if short > 0:
                # top[depth][k]: the most the best k changes can add (non-decreasing in k).
                fewest = bisect.bisect_left(top[depth], short)
                if fewest == len(top[depth]):
                    return None
                needed = max(needed, fewest)
        return needed

    def _surely_eligible(self, outcome: RuleOutcome, depth: int) -> bool:
        # Eligible whatever the open questions get: each prerequisite is met by a decided answer,
        # or by every choice its (open) question may still take.
        for p in outcome.prerequisites:
            q = self.slug_index[p.question]
            choices = self.rules.questions[q].choices
            if self.depth_of[q] < depth:
                if choices[self.chosen[q]].slug not in p.choices:
                    return False
            elif not all(choices[i].slug in p.choices for i in self.allowed[q]):
                return False
        return True

    def _table(self, row: tuple[str, ...]) -> tuple[int, list[int], list[list[int]]]:
        """For the sum of `row`'s margins: what it needs, and from each depth on, the margin if
        the open questions stay (forced ones at their best) and the best k gains of changing."""
        if row not in self.tables:
            base = [0] * (self.size + 1)
            gains: list[list[int]] = [[] for _ in range(self.size + 1)]
            for d in reversed(range(self.size)):
                q = self.order[d]
                values = {i: sum(self.diff[s][q][i] for s in row) for i in self.allowed[q]}
                best = max(values.values())
                stay = values.get(self.current[q])
                base[d] = base[d + 1] + (best if stay is None else stay)
                gains[d] = gains[d + 1] + (
                    [best - stay] if stay is not None and best > stay else []
                )
            top = []
            for d in range(self.size + 1):
                sums = [0]
                for gain in sorted(gains[d], reverse=True):
                    sums.append(sums[-1] + gain)
                top.append(sums)
            self.tables[row] = (sum(self.need[s] for s in row), base, top)
        return self.tables[row]


def route(answers: Answers, rules: Rules, outcome: RuleOutcome, current: RuleOutcome) -> Route:
    targets = nearest(answers, rules, outcome, keep=current)
    if not targets:
        return Route(outcome.slug, outcome.name, False, blocked_by=outcome.prerequisites)
    first, *others = (changes_between(answers, target, rules) for target in targets)
    alternatives = tuple(Alternative(c, outcome.slug, outcome.name) for c in others)
    return Route(outcome.slug, outcome.name, True, changes=first, alternatives=alternatives)


def path(answers: Answers, rules: Rules, winner: RuleOutcome, leader: RuleOutcome) -> Path:
    unmet = leader.unmet(answers)
    needed = [q for q in rules.questions if q.slug in {p.question for p in unmet}]
    # Only the prerequisite questions change, so only their choices are tried (in question and
    # choice order); answers that recommend the leader come first, then the nearest, and all
    # equally good ones are kept.
    options = []
    for combo in itertools.product(*[[c.slug for c in q.choices] for q in needed]):
        candidate = {**answers, **{q.slug: slug for q, slug in zip(needed, combo, strict=True)}}
        if leader.unmet(candidate):
            continue
        recommended = recommend(candidate, rules)
        key = (recommended != leader.slug, distance(answers, candidate, rules))
        options.append((key, candidate, recommended))
    best = min(key for key, _, _ in options)
    tied = [
        Alternative(changes_between(answers, c, rules), then, rules.outcome(then).name)
        for key, c, then in options
        if key == best
    ][:MAX_TIED]
    first = tied[0]
    return Path(
        now=winner.slug,
        now_name=winner.name,
        next=leader.slug,
        next_name=leader.name,
        needs=unmet,
        changes=first.changes,
        then=first.then,
        then_name=first.then_name,
        alternatives=tuple(tied[1:]),
    )
