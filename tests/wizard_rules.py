"""Realistic wizard rules for tests, modelled on the article's decision guide (section 6).

Plain data, no database. Outcomes are in tie-break order, simplest first: MLflow needs no
Kubernetes and is a `pip install`; the hybrid keeps MLflow for tracking and registry and adds
Kubeflow only for pipelines, so it can be adopted a step at a time; Kubeflow alone is the biggest
platform commitment. On a tie the engine recommends the smaller commitment.

Points per choice, as (MLflow, Hybrid, Kubeflow):

==============  =======================================  ===========  ===========  ===========
question        choices                                  first        second       third
==============  =======================================  ===========  ===========  ===========
kubernetes      none / some / strong                     (4, -2, -4)  (1, 2, 0)    (-1, 2, 3)
complexity      simple / moderate / complex              (3, 0, -1)   (1, 2, 1)    (-1, 2, 3)
training-scale  small / periodic / large-distributed     (2, 0, -1)   (0, 2, 1)    (-1, 3, 3)
priority        reproducibility / both / orchestration   (4, 1, -2)   (0, 5, 0)    (-2, 1, 5)
portability     low / medium / high                      (1, 0, 0)    (0, 1, 1)    (0, 2, 2)
stage           prototyping / pilot / production         (3, 0, -2)   (1, 2, 1)    (-1, 3, 3)
==============  =======================================  ===========  ===========  ===========

Why these shapes: the article makes Kubernetes expertise and the short-term priority the deciding
questions, so they carry the largest weights; "both" is what the article calls the hybrid case,
so it gives the hybrid the largest single award. Large distributed training and production are
served by Kubeflow in both the hybrid and Kubeflow alone, so they score those two the same;
Kubeflow edges ahead only on strong Kubernetes and complex pipelines, and wins outright when
orchestration is the priority. Portability barely separates the options (MLflow runs anywhere;
Kubernetes-native pipelines move with the cluster), so it carries the smallest weights.

Known judgement call: with no Kubernetes at all, a team that wants orchestration first for
complex, large or production work can still get Kubeflow, but only as a "close call" or
"leaning" result whose flip statement points back to the other options.
"""

from decisions.engine import RuleChoice, RuleOutcome, RuleQuestion, Rules

OUTCOMES = (
    RuleOutcome("mlflow", "MLflow"),
    RuleOutcome("hybrid", "MLflow + Kubeflow"),
    RuleOutcome("kubeflow", "Kubeflow"),
)

# question slug, prompt, [(choice slug, label, (mlflow, hybrid, kubeflow))]
QUESTIONS: list[tuple[str, str, list[tuple[str, str, tuple[int, int, int]]]]] = [
    (
        "kubernetes",
        "Do you have Kubernetes expertise in house?",
        [
            ("none", "None yet", (4, -2, -4)),
            ("some", "Some: we run a cluster", (1, 2, 0)),
            ("strong", "Strong: a platform team runs it", (-1, 2, 3)),
        ],
    ),
    (
        "complexity",
        "How complex are your ML workflows?",
        [
            ("simple", "Simple: train and log", (3, 0, -1)),
            ("moderate", "Moderate: a few chained steps", (1, 2, 1)),
            ("complex", "Complex: many-step pipelines", (-1, 2, 3)),
        ],
    ),
    (
        "training-scale",
        "What scale of training and retraining do you run?",
        [
            ("small", "Small, ad hoc", (2, 0, -1)),
            ("periodic", "Periodic retraining", (0, 2, 1)),
            ("large-distributed", "Large, distributed", (-1, 3, 3)),
        ],
    ),
    (
        "priority",
        "What matters more on your short-term roadmap?",
        [
            ("reproducibility", "Reproducibility and tracking", (4, 1, -2)),
            ("both", "Both equally", (0, 5, 0)),
            ("orchestration", "Orchestration and automation", (-2, 1, 5)),
        ],
    ),
    (
        "portability",
        "How important is portability across cloud and on-premises?",
        [
            ("low", "Low", (1, 0, 0)),
            ("medium", "Medium", (0, 1, 1)),
            ("high", "High", (0, 2, 2)),
        ],
    ),
    (
        "stage",
        "Where is your team today?",
        [
            ("prototyping", "Prototyping", (3, 0, -2)),
            ("pilot", "Pilot", (1, 2, 1)),
            ("production", "Production", (-1, 3, 3)),
        ],
    ),
]


def build_rules() -> Rules:
    slugs = [outcome.slug for outcome in OUTCOMES]
    return Rules(
        outcomes=OUTCOMES,
        questions=tuple(
            RuleQuestion(
                slug=slug,
                prompt=prompt,
                choices=tuple(
                    RuleChoice(slug=c_slug, label=label, points=dict(zip(slugs, pts, strict=True)))
                    for c_slug, label, pts in choices
                ),
            )
            for slug, prompt, choices in QUESTIONS
        ),
    )


WIZARD_RULES = build_rules()

# The article's three paths (section 6), as wizard answers.
JUST_STARTING = {
    "kubernetes": "none",
    "complexity": "simple",
    "training-scale": "small",
    "priority": "reproducibility",
    "portability": "low",
    "stage": "prototyping",
}
KUBERNETES_MATURE_AND_AUTOMATED = {
    "kubernetes": "strong",
    "complexity": "complex",
    "training-scale": "large-distributed",
    "priority": "orchestration",
    "portability": "high",
    "stage": "production",
}
TRACKING_AND_ORCHESTRATION = {
    "kubernetes": "some",
    "complexity": "moderate",
    "training-scale": "periodic",
    "priority": "both",
    "portability": "medium",
    "stage": "pilot",
}
