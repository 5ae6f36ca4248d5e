import re

import pytest

from tests.wizard.conftest import PATHS, query
from tests.wizard_rules import JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED


def checked(html: str) -> set[str]:
    return {
        f"{name}={value}"
        for name, value in re.findall(r'name="([\w-]+)" id="[^"]+" value="([\w-]+)" checked', html)
    }


# --- /wizard/ as first served: one step, with or without JavaScript ---------------------------


def test_the_first_html_of_the_wizard_already_is_step_one(client, catalog):
    response = client.get("/wizard/")
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Step 1 of 6" in html
    assert html.count("<fieldset") == 1
    assert 'hx-trigger="load"' not in html  # nothing is swapped in after the first paint
    assert 'formaction="/wizard/"' in html and 'name="step" value="2"' in html
    assert 'href="/wizard/?all=1">Show all questions on one page' in html


def test_without_javascript_next_carries_the_answers_to_the_next_step(client, catalog):
    html = client.get("/wizard/?kubernetes=none&step=2").content.decode()

    assert "Step 2 of 6" in html
    assert '<input type="hidden" name="kubernetes" value="none">' in html
    assert 'href="/wizard/?kubernetes=none&amp;all=1"' in html


def test_without_javascript_next_without_an_answer_stays_on_the_step_with_a_summary(
    client, catalog
):
    response = client.get("/wizard/?kubernetes=none&step=3")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Step 2 of 6" in html
    assert '<a href="#q-complexity">How complex are your ML workflows?</a>' in html


def test_all_questions_on_one_page_is_one_get_form_with_a_fieldset_per_question(client, catalog):
    response = client.get("/wizard/?all=1")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<form method="get" action="/wizard/result/"' in html
    assert html.count("<fieldset") == 6
    assert html.count("<legend>") == 6
    assert html.count('type="radio"') == 18
    assert "See the recommendation" in html


def test_all_questions_prefills_answers_from_the_query_string(client, catalog):
    html = client.get("/wizard/?all=1&" + query(JUST_STARTING)).content.decode()

    assert checked(html) == {f"{k}={v}" for k, v in JUST_STARTING.items()}


def test_a_prefill_that_is_not_a_choice_is_shown_as_an_error_with_400(client, catalog):
    response = client.get("/wizard/?kubernetes=lots&stage=pilot")
    html = response.content.decode()

    assert response.status_code == 400
    assert "“lots” is not one of the choices." in html
    assert "Step 1 of 6" in html
    assert '<input type="hidden" name="stage" value="pilot">' in html  # the good answer is kept


# --- /wizard/ with htmx: one step at a time -------------------------------------------------


def test_an_htmx_step_shows_one_question_with_progress_back_next_and_preview(htmx_client, catalog):
    response = htmx_client.get("/wizard/?step=2&kubernetes=none")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html
    assert "Step 2 of 6" in html
    assert html.count("<fieldset") == 1
    assert "How complex are your ML workflows?" in html
    assert '<input type="hidden" name="kubernetes" value="none">' in html
    assert 'id="wizard-back"' in html and 'name="step" value="1"' in html
    assert 'id="wizard-next"' in html and 'name="step" value="3"' in html
    assert "After 1 of 6 answers, <strong>MLflow</strong> leads." in html


def test_the_last_step_submits_to_the_result_page(htmx_client, catalog):
    answers = {k: v for k, v in JUST_STARTING.items() if k != "stage"}
    html = htmx_client.get("/wizard/?step=6&" + query(answers)).content.decode()

    assert "Step 6 of 6" in html
    assert 'id="wizard-next"' not in html
    assert '<button type="submit" id="wizard-finish"' in html


def test_next_without_an_answer_reshows_the_step_with_the_error_and_status_200(
    htmx_client, catalog
):
    response = htmx_client.get("/wizard/?step=3&kubernetes=none")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Step 2 of 6" in html
    assert "This question needs an answer." in html
    assert 'aria-describedby="q-complexity-errors q-complexity-help"' in html


def test_an_invalid_earlier_answer_sends_the_visitor_back_to_it(htmx_client, catalog):
    html = htmx_client.get("/wizard/?step=4&kubernetes=none&complexity=huge").content.decode()

    assert "Step 2 of 6" in html
    assert "“huge” is not one of the choices." in html


def test_an_unknown_parameter_is_reported_in_the_step_not_a_crash(htmx_client, catalog):
    response = htmx_client.get("/wizard/?step=1&colour=blue")

    assert response.status_code == 200
    assert "“colour”: There is no such question." in response.content.decode()


@pytest.mark.parametrize("step", ["0", "-3", "99", "two", ""])
def test_an_odd_step_number_is_clamped_not_a_crash(htmx_client, catalog, step):
    response = htmx_client.get(f"/wizard/?step={step}")

    assert response.status_code == 200
    assert "Step 1 of 6" in response.content.decode()


def test_moving_to_a_step_focuses_it_but_the_first_load_does_not_steal_focus(htmx_client, catalog):
    on_load = htmx_client.get("/wizard/?step=1", HTTP_HX_TRIGGER="wizard").content.decode()
    on_next = htmx_client.get(
        "/wizard/?step=2&kubernetes=none", HTTP_HX_TRIGGER="wizard-next"
    ).content.decode()

    assert "autofocus" not in on_load
    assert on_next.count("autofocus") == 1


def test_a_history_restore_gets_the_whole_page(htmx_client, catalog):
    response = htmx_client.get(
        "/wizard/?step=2&kubernetes=none", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )

    assert "<h1>" in response.content.decode()


# --- the live preview ------------------------------------------------------------------------


def test_the_preview_names_the_leader_of_the_answers_so_far(htmx_client, catalog):
    html = htmx_client.get("/wizard/preview/?kubernetes=strong&priority=orchestration").content
    html = html.decode()

    assert "After 2 of 6 answers, <strong>Kubeflow</strong> leads." in html
    assert "Kubeflow: 8 points" in html


def test_the_preview_of_nothing_invites_an_answer(htmx_client, catalog):
    assert "Answer a question" in htmx_client.get("/wizard/preview/").content.decode()


def test_an_invalid_preview_is_200_for_htmx_and_400_otherwise(client, htmx_client, catalog):
    assert htmx_client.get("/wizard/preview/?kubernetes=x").status_code == 200
    client.defaults.pop("HTTP_HX_REQUEST")
    assert client.get("/wizard/preview/?kubernetes=x").status_code == 400


# --- /wizard/result/ -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "winner", "fits", "confidence", "flip"),
    [
        (
            "mlflow",
            "MLflow",
            [86, 32, 0],
            "Clear recommendation.",
            "No single changed answer would change this recommendation.",
        ),
        (
            # Wanting tracking first, or both equally, would make it the hybrid.
            "kubeflow",
            "Kubeflow",
            [100, 68, 9],
            "Leaning recommendation.",
            "One changed answer would change it",
        ),
        (
            # "Both" is the article's hybrid; going back to prototyping removes its
            # prerequisite, which the page shows as that rather than as a flip.
            "hybrid",
            "MLflow + Kubeflow (hybrid)",
            [73, 36, 32],
            "Clear recommendation.",
            "No single changed answer would change this recommendation.",
        ),
    ],
)
def test_the_articles_three_paths_on_the_result_page(
    client, catalog, path, winner, fits, confidence, flip
):
    response = client.get("/wizard/result/?" + query(PATHS[path]))
    html = response.content.decode()

    assert response.status_code == 200
    assert f"<h1>Recommendation: {winner}</h1>" in html
    table = re.findall(r'<th scope="row">[^<]*</th><td>-?\d+</td><td>(\d+)</td>', html)
    assert [int(fit) for fit in table] == fits
    assert f"<strong>{confidence}</strong>" in html
    assert flip in html


def test_the_result_explains_compares_and_shows_the_matching_use_case(client, catalog):
    html = client.get("/wizard/result/?" + query(KUBERNETES_MATURE_AND_AUTOMATED)).content
    html = html.decode()

    assert html.count("<h1") == 1
    assert '<h2 id="reasons-heading">Why Kubeflow</h2>' in html
    assert "Scalable orchestration and full pipeline automation are the article" in html
    assert "points to Kubeflow" not in html  # reasons in domain terms, not arithmetic
    assert '<table class="matrix ' in html
    assert "Pros</p>" in html and "Cons</p>" in html
    assert "A matching use case: Enterprise-scale production MLOps" in html
    assert html.count('<meter min="0" max="100"') == 3


def test_the_result_page_has_no_inline_style_or_script(client, catalog):
    html = client.get("/wizard/result/?" + query(JUST_STARTING)).content.decode()
    main = html.split('<main id="main"')[1]

    assert "style=" not in main
    assert "<style" not in main
    assert "<script" not in main


def test_an_anonymous_visitor_gets_a_log_in_link_and_no_per_user_form(client, catalog):
    html = client.get("/wizard/result/?" + query(JUST_STARTING)).content.decode()

    assert "Log in to save this result" in html
    assert "/accounts/login/?next=%2Fwizard%2Fresult%2F%3Fkubernetes%3Dnone" in html
    assert "csrfmiddlewaretoken" not in html


def test_a_signed_in_visitor_without_a_team_is_told_how_to_get_one(client, catalog, make_user):
    client.force_login(make_user("lone"))

    assert (
        "create or join a team"
        in client.get("/wizard/result/?" + query(JUST_STARTING)).content.decode()
    )


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("", "This question needs an answer."),
        (query({**JUST_STARTING, "stage": "launched"}), "“launched” is not one of the choices."),
        (query(JUST_STARTING) + "&kubernetes=some", "Choose one answer, not several."),
        (query(JUST_STARTING) + "&colour=blue", "“colour”: There is no such question."),
        ("kubernetes=" + "x" * 500, "is not one of the choices."),
    ],
)
def test_an_invalid_result_query_is_400_with_the_problem_and_a_link_back(
    client, catalog, query_string, message
):
    response = client.get("/wizard/result/?" + query_string)
    html = response.content.decode()

    assert response.status_code == 400
    assert message in html
    assert '<a href="/wizard/">start the wizard again</a>' in html
    assert html.count("<h1") == 1


def test_a_partial_result_query_keeps_the_valid_answers_in_the_form(client, catalog):
    response = client.get("/wizard/result/?kubernetes=none&stage=pilot")

    assert response.status_code == 400
    assert checked(response.content.decode()) == {"kubernetes=none", "stage=pilot"}


def test_the_wizard_pages_are_get_only(client, catalog):
    assert client.post("/wizard/").status_code == 405
    assert client.post("/wizard/result/?" + query(JUST_STARTING)).status_code == 405
    assert client.post("/wizard/preview/").status_code == 405


def test_result_page_queries_are_constant(client, catalog, django_assert_max_num_queries):
    client.get("/wizard/result/?" + query(JUST_STARTING))  # warm the rules cache
    with django_assert_max_num_queries(14):
        client.get("/wizard/result/?" + query(KUBERNETES_MATURE_AND_AUTOMATED))


def test_wizard_page_queries_are_constant(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # building the rules; cached after that
        client.get("/wizard/?" + query(JUST_STARTING))


# --- The result's public part is cached per revision and answers -------------------------


def test_a_repeated_result_costs_only_the_revision_query(
    client, catalog, django_assert_num_queries
):
    url = "/wizard/result/?" + query(JUST_STARTING)
    first = client.get(url).content.decode()
    with django_assert_num_queries(1):  # the revision, to find the cached rules and report
        again = client.get(url).content.decode()
    assert again == first


def test_another_result_of_the_same_revision_reuses_the_cached_catalog(
    client, catalog, django_assert_num_queries
):
    client.get("/wizard/result/?" + query(JUST_STARTING))
    # the revision, and the new winner's use case with its steps and sources
    with django_assert_num_queries(4):
        client.get("/wizard/result/?" + query(KUBERNETES_MATURE_AND_AUTOMATED))


def test_an_edit_shows_on_the_cached_result_at_the_next_request(client, catalog):
    from comparisons import models as m

    url = "/wizard/result/?" + query(JUST_STARTING)
    client.get(url)
    rating = m.Rating.objects.filter(tool__slug="mlflow").first()
    rating.summary = "A summary the editors just changed."
    rating.save()
    assert "A summary the editors just changed." in client.get(url).content.decode()


def test_the_save_form_stays_personal_when_the_report_comes_from_the_cache(
    client, catalog, make_user
):
    from teams.models import Team

    url = "/wizard/result/?" + query(JUST_STARTING)
    assert "Log in to save" in client.get(url).content.decode()  # fills the cache
    olive = make_user("olive")
    Team.objects.create_with_owner("Secret Platform Team", olive)
    client.force_login(olive)
    html = client.get(url).content.decode()
    assert "Secret Platform Team" in html and 'name="csrfmiddlewaretoken"' in html
    assert "Log in to save" not in html
    client.logout()
    html = client.get(url).content.decode()
    assert "Secret Platform Team" not in html and "csrfmiddlewaretoken" not in html
