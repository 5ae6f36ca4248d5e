import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from decisions.adr import AdrMeta, render_adr
from decisions.engine import RuleChoice, RuleOutcome, RuleQuestion, Rules, decide
from decisions.report import build_report
from decisions.rules import current_wizard
from decisions.schemas import CatalogSnapshot
from decisions.snapshot import build_snapshot
from tests.wizard_rules import JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED


def unsaved_adr(client, answers=JUST_STARTING) -> str:
    response = client.get(f"{reverse('wizard:result_adr')}?{urlencode(answers)}")
    assert response.status_code == 200
    return response.content.decode()


def saved_adr(client, decision, reader) -> str:
    client.force_login(reader)
    response = client.get(reverse("decisions:adr", args=[decision.team.slug, decision.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(params=["saved", "unsaved"])
def export(request, client, catalog, save_decision, team, member):
    """The ADR of some answers, saved to a team first or straight from the wizard's result."""

    def export(answers=JUST_STARTING) -> str:
        if request.param == "unsaved":
            return unsaved_adr(client, answers)
        return saved_adr(client, save_decision(member, team, answers, title="Start"), member)

    return export


def section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n")[1].split("\n## ")[0].strip()


def sentences(text: str) -> list[str]:
    """The record's prose as a reader meets it: list items and paragraphs, split at full stops;
    headings, tables, bare list markers and the sources left out. A label ("What would change
    it:") is a piece of its own, so what follows it counts as a sentence too."""
    prose = []
    # The list of sources is a bibliography, not prose: a title may open in lower case (mlflow).
    for line in text.split("\n## Sources\n")[0].splitlines():
        line = line.removeprefix("* ").strip()
        if line and not line.startswith(("#", "|")):
            prose += [s for s in re.split(r"(?<=[.?!:])\s+(?=[A-Z“])", line) if s]
    return prose


def test_the_adr_download_is_markdown_in_the_madr_layout(client, decision, member):
    client.force_login(member)
    response = client.get(f"{decision.get_absolute_url()}adr.md")
    text = response.content.decode()

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="adr-{decision.pk}-start-with-tracking.md"'
    )
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:7] == [
        "# Start with tracking",
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "## Pros and Cons of the Options",
        "### MLflow",
    ]
    assert headings[-1] == "## Sources"
    assert "* Status: accepted" in text
    assert "* Deciders: bob (Platform)" in text
    assert f"* Date: {decision.created_at.date().isoformat()}" in text


def test_the_adr_context_holds_every_answer_and_the_notes(client, decision, member):
    client.force_login(member)
    text = client.get(f"{decision.get_absolute_url()}adr.md").content.decode()

    assert "* Do you have Kubernetes expertise in house? **None yet**" in text
    assert "* Where is your team today? **Prototyping**" in text
    assert "Revisit in Q3." in text


def test_the_adr_outcome_says_because_and_names_confidence_and_what_would_flip_it(
    client, decision, member
):
    client.force_login(member)
    text = client.get(f"{decision.get_absolute_url()}adr.md").content.decode()

    assert (
        "Chosen option: “MLflow”, because it fits the answers best (86 of 100) of the options the "
        "team can adopt now, mostly on these answers: “Simple: train and log” (How complex are "
        "your ML workflows?); “Prototyping” (Where is your team today?)"
    ) in text
    assert (
        "Confidence: Clear recommendation. No single changed answer would change this "
        "recommendation."
    ) in text
    assert "What would change it" not in text  # the confidence note has just said it
    assert "| MLflow | 86 | 14 |" in text


def test_the_adr_lists_every_option_with_its_tools_pros_and_cons_and_the_sources(
    client, decision, member
):
    client.force_login(member)
    text = client.get(f"{decision.get_absolute_url()}adr.md").content.decode()

    options = text.split("## Considered Options")[1].split("##")[0]
    assert options.split() == [
        "*", "MLflow", "*", "MLflow", "+", "Kubeflow", "(hybrid)", "*", "Kubeflow",
    ]  # fmt: skip
    hybrid = text.split("### MLflow + Kubeflow (hybrid)")[1].split("###")[0]
    assert "* Good, because (MLflow) " in hybrid
    assert "* Bad, because (Kubeflow) " in hybrid
    kubeflow = text.split("### Kubeflow")[1].split("##")[0]
    assert "(Kubeflow)" not in kubeflow and "* Bad, because " in kubeflow
    assert "* MLflow vs Kubeflow: Choosing the Right Orchestration Framework" in text


def test_a_saved_decision_is_accepted_by_its_author_for_the_team(client, decision, member):
    text = saved_adr(client, decision, member)

    assert text.splitlines()[2:5] == [
        "* Status: accepted",
        "* Deciders: bob (Platform)",
        f"* Date: {decision.created_at.date().isoformat()}",
    ]
    assert section(text, "Context and Problem Statement").startswith(
        "Which MLOps stack should Platform adopt? The team answered the MLOps Decision Portal's "
        "decision wizard as follows:\n\n* Do you have Kubernetes expertise in house? **None yet**"
    )


def test_an_unsaved_result_is_a_proposal_that_asks_what_we_should_adopt(client, catalog):
    text = unsaved_adr(client)

    assert text.splitlines()[:4] == [
        "# Recommendation: MLflow",
        "",
        "* Status: proposed",
        f"* Date: {timezone.localdate().isoformat()}",
    ]
    assert "Deciders" not in text  # nobody has decided anything yet
    assert section(text, "Context and Problem Statement").startswith(
        "Which MLOps stack should we adopt? We answered the MLOps Decision Portal's decision "
        "wizard as follows (no team has saved the result as its decision yet):\n\n"
        "* Do you have Kubernetes expertise in house? **None yet**"
    )
    assert "not saved to a team" not in text and "decision wizard (" not in text


def test_a_superseded_decision_names_and_links_the_decision_that_supersedes_it(
    client, decision, save_decision, owner, team, member
):
    newer = save_decision(owner, team, KUBERNETES_MATURE_AND_AUTOMATED, title="Go Kubeflow")
    newer.supersedes = decision
    newer.save()

    old = saved_adr(client, decision, member)
    new = saved_adr(client, newer, member)
    assert (
        f"* Status: superseded by [“Go Kubeflow”](<http://testserver{newer.get_absolute_url()}>)"
    ) in old.splitlines()
    assert "* Status: accepted" in new.splitlines()
    assert (
        f"* Supersedes: [“Start with tracking”](<http://testserver{decision.get_absolute_url()}>)"
    ) in new.splitlines()
    assert client.get(newer.get_absolute_url()).status_code == 200  # the link leads to it


def test_a_decision_superseded_twice_names_both_newest_first(
    client, decision, save_decision, owner, team, member
):
    newer = []
    for title in ("Go Kubeflow", "Go hybrid"):
        newer.append(save_decision(owner, team, KUBERNETES_MATURE_AND_AUTOMATED, title=title))
        newer[-1].supersedes = decision
        newer[-1].save()
    kubeflow, hybrid = (f"http://testserver{d.get_absolute_url()}" for d in newer)

    assert saved_adr(client, decision, member).splitlines()[2] == (
        f"* Status: superseded by [“Go hybrid”](<{hybrid}>) and [“Go Kubeflow”](<{kubeflow}>)"
    )


def test_every_decision_driver_gives_its_reason_once(export):
    drivers = section(export(), "Decision Drivers").splitlines()
    assert drivers == [
        "* How complex are your ML workflows? “Simple: train and log”: A train-and-log loop is "
        "MLflow's core: experiment tracking with a Python API and little setup.",
        "* Where is your team today? “Prototyping”: Just starting out or prototyping: the "
        "article's advice is MLflow, for low overhead, agility and visibility for data scientists.",
        "* Do you have Kubernetes expertise in house? “None yet”: MLflow installs with pip and "
        "needs no cluster, so a team without Kubernetes skills can start at once.",
        "* What scale of training and retraining do you run? “Small, ad hoc”: Small, ad hoc "
        "training is the article's early-stage case: MLflow tracking on a single VM or a small "
        "server.",
    ]


def test_a_driver_the_source_does_not_state_is_marked_as_the_portals_judgement(export):
    answers = {
        "kubernetes": "some",
        "complexity": "moderate",
        "training-scale": "periodic",
        "priority": "both",
        "portability": "low",
        "stage": "pilot",
    }
    drivers = section(export(answers), "Decision Drivers").splitlines()
    marker = " (The portal’s judgement: the source does not say this.)"
    judged = [line for line in drivers if line.endswith(marker)]

    assert any("“Moderate" in line for line in judged), drivers
    assert any("“Both equally”" in line and marker not in line for line in drivers), drivers


@pytest.mark.parametrize("answers", [JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED])
def test_no_sentence_of_the_record_is_said_twice(export, answers):
    prose = sentences(export(answers))
    assert len(prose) > 30
    assert [s for s in prose if prose.count(s) > 1] == []


def test_every_sentence_of_the_record_reads_as_a_sentence(export):
    text = export()
    for sentence in sentences(text):
        assert sentence[0].isupper() or sentence[0] in "“(", sentence
        assert "  " not in sentence and " ." not in sentence and ".." not in sentence, sentence
    assert "should not saved" not in text and "should  adopt" not in text


def test_pros_and_cons_follow_because_in_lower_case_but_keep_names_capitalised(client, catalog):
    cons = section(unsaved_adr(client), "Pros and Cons of the Options")

    assert "* Good, because quick to start, with almost no infrastructure" in cons
    assert "* Good, because Kubernetes-native, so it scales" in cons
    assert "* Good, because (Kubeflow) Kubernetes-native, so it scales" in cons
    assert "kubernetes-native" not in cons


def test_a_decision_of_the_first_engine_states_each_reason_once(catalog):
    """Decisions saved before the advice engine carry the first engine's result: each reason
    has a generated line about points and the editor's rationale. The driver gives the why."""
    setup = current_wizard()
    result = decide(KUBERNETES_MATURE_AND_AUTOMATED, setup.rules)
    report = build_report(
        KUBERNETES_MATURE_AND_AUTOMATED,
        result,
        setup.rules,
        build_snapshot(result, setup.revision),
    )
    text = render_adr(AdrMeta("Before", dt.date(2025, 6, 1), "old", "Old"), report)

    drivers = section(text, "Decision Drivers").splitlines()
    assert len(drivers) == len(result.reasons) > 0
    for line, reason in zip(drivers, result.reasons, strict=True):
        assert reason.rationale and reason.rationale != reason.explanation
        assert line == f"* {reason.prompt} “{reason.choice_label}”: {reason.rationale}"


def test_a_tie_break_win_says_so_instead_of_listing_drivers():
    rules = Rules(
        outcomes=(RuleOutcome("a", "Option A"), RuleOutcome("b", "Option B")),
        questions=(RuleQuestion("q", "Anything?", (RuleChoice("same", "Same for both"),)),),
    )
    snapshot = CatalogSnapshot(
        revision=1,
        outcomes=(),
        tools=(),
        capabilities=(),
        ratings=(),
        sources=(),
        pros_cons=(),
        use_case=None,
    )
    answers = {"q": "same"}
    report = build_report(answers, decide(answers, rules), rules, snapshot)

    text = render_adr(AdrMeta("Tied", dt.date(2026, 2, 13), "ann", "Team"), report)
    assert "Chosen option: “Option A”, because it scores 0 against 0 for Option B, and the " in text
    assert "tie-break lists it first." in text
    assert "No answer favoured the recommendation over the runner-up on its own." in text
    assert "* Date: 2026-02-13" in text
    assert "* None cited." in text
