import datetime as dt

from decisions.adr import AdrMeta, render_adr
from decisions.engine import RuleChoice, RuleOutcome, RuleQuestion, Rules, decide
from decisions.report import build_report
from decisions.schemas import CatalogSnapshot
from tests.wizard_rules import KUBERNETES_MATURE_AND_AUTOMATED


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
    assert "Confidence: Clear recommendation." in text
    assert (
        "What would change it: No single changed answer would change this recommendation." in text
    )
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


def test_the_adr_names_what_supersedes_it(client, decision, save_decision, owner, team, member):
    newer = save_decision(owner, team, KUBERNETES_MATURE_AND_AUTOMATED, title="Go Kubeflow")
    newer.supersedes = decision
    newer.save()
    client.force_login(member)

    old = client.get(f"{decision.get_absolute_url()}adr.md").content.decode()
    new = client.get(f"{newer.get_absolute_url()}adr.md").content.decode()
    assert "* Status: superseded by “Go Kubeflow”" in old
    assert "* Supersedes: “Start with tracking”" in new


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
