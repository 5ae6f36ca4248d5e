"""The advice engine on wizards much larger than the shipped one (issue 14: 6 and 30 questions).

An editor can add questions in the admin, so the routes and the path must not enumerate every
answer set (3^30 of them for 30 questions). These tests build a 30-question wizard from the
shipped one plus generated questions, count how many answer sets the engine asks `recommend`
about, and check every route and path it returns. Time is measured and reported in
notes/engine.md, not asserted here.
"""

import random

from decisions.engine import Answers, RuleChoice, RuleQuestion, Rules
from tests.wizard.test_advice import SHIPPED


def grown_rules(questions: int, seed: int = 14) -> Rules:
    """The shipped rules plus generated questions (3 choices, points -5..5) up to `questions`."""
    rng = random.Random(seed)
    slugs = [outcome.slug for outcome in SHIPPED.outcomes]
    extra = tuple(
        RuleQuestion(
            f"extra{q}",
            f"Generated question {q}?",
            tuple(
                RuleChoice(f"c{c}", f"Choice {c}", {o: rng.randint(-5, 5) for o in slugs})
                for c in range(3)
            ),
        )
        for q in range(questions - len(SHIPPED.questions))
    )
    return Rules(SHIPPED.outcomes, SHIPPED.questions + extra)


def sample_answers(rules: Rules, count: int, seed: int = 30) -> list[Answers]:
    rng = random.Random(seed)
    return [
        Answers({q.slug: rng.choice(q.choices).slug for q in rules.questions})
        for _ in range(count)
    ]
