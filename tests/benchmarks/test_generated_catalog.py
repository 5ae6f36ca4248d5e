"""The growth benchmark's generated catalogs are valid files the real loader accepts."""

import json

import pytest

from benchmarks.catalog import first_answers, generate
from comparisons.catalog import load_catalog, parse_catalog
from comparisons.models import Rating


@pytest.mark.parametrize(("tools", "capabilities", "questions"), [(2, 7, 6), (20, 100, 30)])
def test_a_generated_catalog_passes_the_schema_and_reference_checks(tools, capabilities, questions):
    catalog = parse_catalog(json.dumps(generate(tools, capabilities, questions)))
    assert len(catalog.tools) == tools
    assert len(catalog.capabilities) == capabilities
    assert len(catalog.ratings) == tools * capabilities
    assert len(catalog.wizard.questions) == questions


def test_every_rating_cites_a_source_and_has_a_review_date():
    ratings = generate(3, 4)["ratings"]
    assert all(r["sources"] and r["reviewed_on"] for r in ratings)


def test_a_generated_catalog_loads_with_the_real_loader(db):
    load_catalog(parse_catalog(json.dumps(generate(5, 20))))
    assert Rating.objects.count() == 100


def test_the_first_answers_answer_every_question():
    catalog = generate(2, 7, questions=6)
    assert list(first_answers(catalog)) == [q["slug"] for q in catalog["wizard"]["questions"]]


def test_a_catalog_without_tools_is_refused():
    with pytest.raises(ValueError):
        generate(0, 7)
