"""The catalog file: validation that reports every problem, an idempotent atomic loader, a
stable round trip, and the rule that every claim cites a source."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db import models as db_models

from comparisons import models as m
from comparisons import schemas
from comparisons.catalog import (
    CatalogInvalid,
    catalog_to_json,
    dump_catalog,
    load_catalog,
    parse_catalog,
)
from portal import text
from tests.catalog_problems import problems_for


def test_the_curated_catalog_file_is_valid(catalog_text):
    catalog = parse_catalog(catalog_text)
    assert [t.slug for t in catalog.tools] == [
        "kubeflow",
        "mlflow",
        "zenml",
        "metaflow",
        "flyte",
        "apache-airflow",
        "weights-and-biases",
        "amazon-sagemaker",
    ]
    assert len(catalog.capabilities) == 12
    assert len(catalog.ratings) == 96


def test_the_curated_catalog_carries_the_articles_survey_figures(catalog_text):
    survey = parse_catalog(catalog_text).surveys[0]
    assert survey.title == "Kubeflow User Survey 2023"
    assert sorted(f.percent for f in survey.figures) == [49, 55, 84, 90]


def test_the_curated_catalog_rates_every_capability_for_both_tools(catalog_text):
    catalog = parse_catalog(catalog_text)
    cells = {(r.tool, r.capability) for r in catalog.ratings}
    assert cells == {(t.slug, c.slug) for t in catalog.tools for c in catalog.capabilities}


def test_low_overhead_rates_high(catalog_text):
    ratings = {(r.tool, r.capability): r.level for r in parse_catalog(catalog_text).ratings}
    assert ratings[("mlflow", "infrastructure-overhead")] == "excellent"
    assert ratings[("kubeflow", "infrastructure-overhead")] == "limited"


def test_every_rating_figure_and_finding_cites_a_dated_source(catalog):
    # An undated page (most documentation) is dated by the day it was read.
    undated = m.Source.objects.filter(
        published_on__isnull=True, accessed_on__isnull=True, via__published_on__isnull=True
    )
    assert not undated.exists()
    assert not m.Rating.objects.filter(sources=None).exists()
    assert not m.Finding.objects.filter(sources=None).exists()
    assert not m.UseCase.objects.filter(sources=None).exists()
    assert m.SurveyFigure.objects.filter(survey__source__isnull=False).count() == 4


def test_invalid_json_is_reported_with_its_position():
    with pytest.raises(CatalogInvalid) as invalid:
        parse_catalog('{"format": ')
    assert "not valid JSON" in str(invalid.value.problems[0])
    assert "line 1" in str(invalid.value.problems[0])


def test_an_unknown_tool_in_a_rating_is_reported_with_its_path(raw):
    raw["ratings"][3]["tool"] = "airflow"
    assert "$.ratings[3].tool: unknown tool 'airflow'" in problems_for(raw)


def test_a_percentage_out_of_range_is_reported(raw):
    raw["surveys"][0]["figures"][1]["percent"] = 140
    assert any(
        p.startswith("$.surveys[0].figures[1].percent:") and "100" in p for p in problems_for(raw)
    )


def test_a_rating_without_sources_is_reported(raw):
    raw["ratings"][0]["sources"] = []
    assert any(p.startswith("$.ratings[0].sources:") for p in problems_for(raw))


def test_a_missing_source_is_reported(raw):
    raw["findings"][0]["sources"] = ["a-blog-nobody-wrote"]
    assert "$.findings[0].sources[0]: unknown source 'a-blog-nobody-wrote'" in problems_for(raw)


def test_a_licence_without_a_source_is_reported(raw):
    del raw["tools"][0]["licence_source"]
    assert problems_for(raw) == [
        "$.tools[0].licence_source: a licence needs a source that states it"
    ]


def test_a_licence_citing_an_unknown_source_is_reported(raw):
    raw["tools"][1]["licence_source"] = "a-blog-post"
    assert problems_for(raw) == ["$.tools[1].licence_source: unknown source 'a-blog-post'"]


def test_a_duplicate_slug_is_reported(raw):
    raw["tools"].append(copy.deepcopy(raw["tools"][0]))
    assert "$.tools[8].slug: duplicate slug 'kubeflow'" in problems_for(raw)


def test_a_second_rating_for_the_same_cell_is_reported(raw):
    raw["ratings"].append(copy.deepcopy(raw["ratings"][0]))
    assert any("a second rating for kubeflow / experiment-tracking" in p for p in problems_for(raw))


def test_a_wrong_type_is_reported(raw):
    raw["tools"][0]["published"] = "yes please"
    assert any(p.startswith("$.tools[0].published:") for p in problems_for(raw))


def test_an_unknown_level_is_reported(raw):
    raw["ratings"][0]["level"] = "amazing"
    assert any(p.startswith("$.ratings[0].level:") for p in problems_for(raw))


def test_an_unknown_field_is_reported(raw):
    raw["tools"][0]["colour"] = "blue"
    assert "$.tools[0].colour: unknown field (check its spelling in docs/catalog-format.md)" in (
        problems_for(raw)
    )


def test_an_undated_source_must_name_where_it_was_cited(raw):
    raw["sources"][0].pop("published_on")
    raw["sources"][0].pop("accessed_on")
    assert any(p.startswith("$.sources[0].published_on:") for p in problems_for(raw))


def test_every_problem_is_reported_at_once(raw):
    raw["ratings"][0]["tool"] = "airflow"
    raw["ratings"][1]["level"] = "amazing"
    raw["surveys"][0]["figures"][0]["percent"] = -1
    raw["tools"].append(copy.deepcopy(raw["tools"][1]))
    assert len(problems_for(raw)) >= 4


@pytest.mark.django_db
def test_loading_twice_changes_nothing_the_second_time(catalog, catalog_text):
    revision = m.CatalogRevision.current()
    second = load_catalog(parse_catalog(catalog_text))
    assert not second.changed
    assert m.CatalogRevision.current() == revision


@pytest.mark.django_db
def test_a_changed_rating_is_updated_and_its_version_bumped(catalog, raw):
    raw["ratings"][0]["summary"] = "Now with a dedicated tracking UI."
    before = m.CatalogRevision.current()
    report = load_catalog(parse_catalog(json.dumps(raw)))
    rating = m.Rating.objects.get(tool__slug="kubeflow", capability__slug="experiment-tracking")
    assert report.updated["ratings"] == 1
    assert rating.summary == "Now with a dedicated tracking UI."
    assert rating.version == 2
    assert m.CatalogRevision.current() == before + 1


@pytest.mark.django_db
def test_a_dry_run_reports_changes_but_writes_nothing(catalog, raw):
    raw["tools"][1]["tagline"] = "Something else entirely."
    report = load_catalog(parse_catalog(json.dumps(raw)), dry_run=True)
    assert report.updated["tools"] == 1
    assert m.Tool.objects.get(slug="mlflow").tagline != "Something else entirely."


@pytest.mark.django_db
def test_a_failing_load_leaves_the_database_as_it_was(catalog, raw, monkeypatch):
    raw["tools"][1]["tagline"] = "Half-written."
    original_save = m.Finding.save

    def fail(self, *args, **kwargs):
        raise IntegrityError("simulated failure half-way through")

    monkeypatch.setattr(m.Finding, "save", fail)
    raw["findings"][0]["title"] = "A changed title that will never be saved"
    with pytest.raises(IntegrityError):
        load_catalog(parse_catalog(json.dumps(raw)))
    monkeypatch.setattr(m.Finding, "save", original_save)
    assert m.Tool.objects.get(slug="mlflow").tagline != "Half-written."


@pytest.mark.django_db
def test_prune_deletes_rows_the_file_no_longer_mentions(catalog, raw):
    raw["pros_cons"] = [pc for pc in raw["pros_cons"] if pc["slug"] != "mlflow-quick-start"]
    report = load_catalog(parse_catalog(json.dumps(raw)), prune=True)
    assert report.deleted["pros and cons"] == 1
    assert not m.ProCon.objects.filter(slug="mlflow-quick-start").exists()


@pytest.mark.django_db
def test_without_prune_rows_missing_from_the_file_are_kept(catalog, raw):
    raw["pros_cons"] = raw["pros_cons"][1:]
    load_catalog(parse_catalog(json.dumps(raw)))
    assert m.ProCon.objects.count() == 52


@pytest.mark.django_db
def test_load_dump_load_is_stable_and_matches_the_curated_file(catalog, catalog_text):
    first = catalog_to_json(dump_catalog())
    load_catalog(parse_catalog(first))
    assert catalog_to_json(dump_catalog()) == first
    assert first == catalog_text


@pytest.mark.django_db
def test_load_catalog_command_reports_every_problem_and_changes_nothing(tmp_path, raw):
    raw["ratings"][0]["tool"] = "airflow"
    raw["surveys"][0]["figures"][0]["percent"] = 101
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw))
    stderr = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("load_catalog", str(path), stderr=stderr)
    assert "$.ratings[0].tool: unknown tool 'airflow'" in stderr.getvalue()
    assert "$.surveys[0].figures[0].percent" in stderr.getvalue()
    assert not m.Tool.objects.exists()


@pytest.mark.django_db
def test_load_catalog_command_refuses_a_missing_file_cleanly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_catalog", str(tmp_path / "nope.json"))


@pytest.mark.django_db
def test_load_and_dump_commands_round_trip(tmp_path, catalog_text):
    out = StringIO()
    call_command("load_catalog", stdout=out)
    assert "ratings: 96 created" in out.getvalue()
    call_command("load_catalog", "--dry-run", stdout=out)
    assert "nothing changed" in out.getvalue()
    call_command("dump_catalog", str(tmp_path / "dump.json"), stdout=out)
    assert (tmp_path / "dump.json").read_text() == catalog_text


@pytest.mark.django_db
def test_the_database_refuses_a_second_rating_for_a_cell(catalog):
    rating = m.Rating.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Rating.objects.create(
            tool=rating.tool,
            capability=rating.capability,
            summary="x",
            reviewed_on=rating.reviewed_on,
        )


@pytest.mark.django_db
def test_the_database_refuses_a_percentage_over_100(catalog):
    with pytest.raises(IntegrityError), transaction.atomic():
        m.SurveyFigure.objects.filter(slug="in-production").update(percent=101)


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_tool_slug(catalog):
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Tool.objects.create(
            slug="mlflow", name="Again", tagline="-", focus="-", description="-", licence="-"
        )


@pytest.mark.django_db
def test_every_catalog_edit_bumps_the_revision(catalog):
    before = m.CatalogRevision.current()
    rating = m.Rating.objects.first()
    rating.summary = "Edited in the admin."
    rating.save()
    assert m.CatalogRevision.current() == before + 1


def test_the_curated_catalog_holds_six_wizard_questions_with_weights(catalog_text):
    wizard = parse_catalog(catalog_text).wizard
    assert [q.slug for q in wizard.questions] == [
        "kubernetes",
        "complexity",
        "training-scale",
        "priority",
        "portability",
        "stage",
    ]
    assert all(len(q.choices) == 3 for q in wizard.questions)


def test_a_weight_for_an_unknown_outcome_is_reported(raw):
    raw["wizard"]["questions"][0]["choices"][0]["points"]["airflow"] = 2
    assert "$.wizard.questions[0].choices[0].points.airflow: unknown outcome 'airflow'" in (
        problems_for(raw)
    )


def test_a_weight_out_of_range_is_reported(raw):
    raw["wizard"]["questions"][0]["choices"][0]["points"]["mlflow"] = 50
    assert any(
        p.startswith("$.wizard.questions[0].choices[0].points.mlflow:") for p in problems_for(raw)
    )


def test_a_second_prerequisite_on_the_same_question_for_an_outcome_is_reported(raw):
    # Two entries would both have to hold; the database keeps one per outcome and question.
    prerequisites = raw["wizard"]["prerequisites"]
    prerequisites.append({**prerequisites[0], "choices": ["strong"]})
    assert problems_for(raw) == [
        f"$.wizard.prerequisites[{len(prerequisites) - 1}].question: 'hybrid' already requires "
        "'kubernetes': list all its allowed choices in one prerequisite"
    ]


def test_prerequisites_on_every_outcome_are_reported(raw):
    # Some answers would then get no recommendation at all.
    prerequisites = raw["wizard"]["prerequisites"]
    prerequisites.append({**prerequisites[0], "outcome": "mlflow"})
    assert problems_for(raw) == [
        "$.wizard.prerequisites: at least one outcome must have no prerequisites"
    ]


@pytest.mark.django_db
def test_the_wizard_rules_load_into_the_database(catalog):
    assert m.Question.objects.count() == 6
    assert m.Choice.objects.count() == 18
    weight = m.Weight.objects.get(
        choice__question__slug="priority", choice__slug="both", outcome__slug="hybrid"
    )
    assert weight.points == 5


@pytest.mark.django_db
def test_a_weight_removed_from_the_file_is_removed_from_the_database(catalog, raw):
    raw["wizard"]["questions"][3]["choices"][2]["points"] = {"kubeflow": 5}
    raw["wizard"]["questions"][3]["choices"][2].pop("reasons")  # reasons need their points
    load_catalog(parse_catalog(json.dumps(raw)))
    orchestration = m.Choice.objects.get(question__slug="priority", slug="orchestration")
    assert {w.outcome.slug: w.points for w in orchestration.weights.all()} == {"kubeflow": 5}


# --- The file's limits are the columns' limits (and its checks the columns' kinds) -----------

ENTRY_MODELS = {
    schemas.SourceEntry: m.Source,
    schemas.ToolEntry: m.Tool,
    schemas.CapabilityEntry: m.Capability,
    schemas.RatingEntry: m.Rating,
    schemas.SurveyEntry: m.Survey,
    schemas.FigureEntry: m.SurveyFigure,
    schemas.FindingEntry: m.Finding,
    schemas.ProConEntry: m.ProCon,
    schemas.OutcomeEntry: m.Outcome,
    schemas.UseCaseEntry: m.UseCase,
    schemas.StepEntry: m.UseCaseStep,
    schemas.QuestionEntry: m.Question,
    schemas.ChoiceEntry: m.Choice,
    schemas.WeightReasonEntry: m.Weight,
    schemas.PrerequisiteEntry: m.OutcomePrerequisite,
    schemas.UpdateEntry: m.Update,
    schemas.InvariantEntry: m.WizardInvariant,
}


# Fields the model names differently.
RENAMED = {(schemas.ToolEntry, "version"): "reviewed_version"}


def text_fields():
    """(entry, field name, pydantic field, model column) for every text field of the file."""
    for entry, model in ENTRY_MODELS.items():
        for name, info in entry.model_fields.items():
            if info.annotation is not str:
                continue  # literals, numbers, dates, lists, nested entries
            # FieldDoesNotExist: map the field by hand (the tool's edit counter is `version`).
            column = model._meta.get_field(RENAMED.get((entry, name), name))
            if column.is_relation:
                continue  # a slug naming another row
            yield entry, name, info, column


def test_every_model_the_file_loads_is_checked_here():
    entries = {cls for cls in vars(schemas).values() if isinstance(cls, type)}
    entries = {cls for cls in entries if cls.__name__.endswith("Entry") and cls.model_fields}
    assert entries - set(ENTRY_MODELS) == {schemas.WizardEntry}


@pytest.mark.parametrize(
    ("entry", "name", "info", "column"),
    list(text_fields()),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_each_text_field_of_the_file_has_its_columns_max_length(entry, name, info, column):
    limits = [getattr(item, "max_length", None) for item in info.metadata]
    schema_limit = min((limit for limit in limits if limit is not None), default=None)
    assert schema_limit == column.max_length, f"{entry.__name__}.{name}"


@pytest.mark.parametrize(
    ("entry", "name", "info", "column"),
    list(text_fields()),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_each_text_field_of_the_file_checks_its_text_as_its_column_holds_it(
    entry, name, info, column
):
    if isinstance(column, db_models.URLField):
        expected = text.HttpsUrlOrEmpty
    elif isinstance(column, db_models.SlugField):
        expected = None  # the slug pattern admits only letters, digits and hyphens
    elif isinstance(column, db_models.TextField):
        expected = text.MultiLine
    else:
        expected = text.OneLine
    checks = [item for item in info.metadata if item in (text.OneLine, text.MultiLine)]
    checks += [item for item in info.metadata if item is text.HttpsUrlOrEmpty]
    assert checks == ([expected] if expected else []), f"{entry.__name__}.{name}"


def test_a_capability_group_longer_than_its_column_is_refused(raw):
    raw["capabilities"][0]["group"] = "g" * 5000
    assert problems_for(raw) == [
        "$.capabilities[0].group: String should have at most 60 characters"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000, "nest deeper than"),
        ('{"a": ' * 50 + "1" + "}" * 50, "nest deeper than"),
        ("1" * 5000, "more digits"),
        ('{"format": ' + "9" * 5000 + "}", "more digits"),
    ],
)
def test_deeply_nested_json_and_huge_numbers_are_refused_with_a_message(text, message):
    with pytest.raises(CatalogInvalid) as invalid:
        parse_catalog(text)
    assert [problem.path for problem in invalid.value.problems] == ["$"]
    assert message in str(invalid.value.problems[0])


def test_load_catalog_command_refuses_deep_nesting_without_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("load_catalog", str(path), stderr=err)
    assert "nest deeper than" in err.getvalue()
