"""Share links: a member creates one, anyone holding it reads the decision; revoked, expired,
unknown and over-used links are refused, and nothing about the token leaks."""

import hashlib
import logging
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from decisions.models import Decision, ShareLink
from teams.models import Team

TOKEN_URL = re.compile(r'value="http://testserver/s/([^/"]+)/"')


@pytest.fixture
def create_link(client, decision, member):
    """POST the share form as a member; return (the token shown once, the link row)."""

    def create(expires_in: str = "30") -> tuple[str, ShareLink]:
        client.force_login(member)
        response = client.post(f"{decision.get_absolute_url()}share/", {"expires_in": expires_in})
        assert response.status_code == 201
        client.logout()
        token = TOKEN_URL.search(response.content.decode()).group(1)
        return token, ShareLink.objects.latest("id")

    return create


def test_a_new_link_carries_a_256_bit_url_safe_token_and_only_its_hash_is_stored(
    client, create_link
):
    token, link = create_link()

    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 43 base64url characters = 256 bits
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in ShareLink.objects.values().get(pk=link.pk).values()]
    assert not any(token in value for value in stored)
    assert token not in str(dict(client.session))


def test_the_link_is_shown_once_and_never_again_on_the_decision_page(
    client, create_link, decision, member
):
    token, _ = create_link()
    client.force_login(member)

    assert token not in client.get(decision.get_absolute_url()).content.decode()


def test_a_new_link_expires_after_the_chosen_days_thirty_by_default(client, decision, member):
    client.force_login(member)
    for days in ("1", "7", "30", "90"):
        client.post(f"{decision.get_absolute_url()}share/", {"expires_in": days})
        link = ShareLink.objects.latest("id")
        assert link.expires_at - link.created_at == pytest.approx(
            timedelta(days=int(days)), abs=timedelta(seconds=5)
        )
    html = client.get(decision.get_absolute_url()).content.decode()
    assert re.search(r'<option value="30" selected>30 days</option>', html)


def test_an_expiry_outside_the_choices_is_refused_with_a_message_and_no_link(
    client, decision, member
):
    client.force_login(member)

    response = client.post(f"{decision.get_absolute_url()}share/", {"expires_in": "3650"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ShareLink.objects.exists()


def test_anyone_holding_the_link_reads_the_decision_without_an_account(
    client, create_link, decision, team
):
    token, _ = create_link()

    response = client.get(f"/s/{token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert decision.title in html and team.name in html and decision.notes in html
    assert f"Recommendation: <strong>{decision.outcome_name}</strong></span>" in html
    assert 'id="report"' in html and 'id="flip-heading"' in html
    assert html.count("<h1") == 1


def test_the_shared_page_renders_the_same_report_as_the_decision_page(
    client, create_link, decision, member
):
    token, _ = create_link()
    report = re.compile(
        r'<div id="report".*?</div>\s*(?=<section aria-labelledby="share-links-heading"|</main>)',
        re.S,
    )
    shared = report.search(client.get(f"/s/{token}/").content.decode()).group(0)
    client.force_login(member)
    team_page = report.search(client.get(decision.get_absolute_url()).content.decode()).group(0)

    assert shared.strip() == team_page.strip()


def test_the_shared_page_has_no_edit_controls_no_team_links_and_no_author(
    client, create_link, decision, team, member
):
    token, _ = create_link()

    html = client.get(f"/s/{token}/").content.decode()

    assert 'method="post"' not in html
    assert f"/teams/{team.slug}/" not in html
    assert member.username not in html
    assert token not in html  # nor in a canonical link, og:url or anywhere else
    assert 'rel="canonical"' not in html and 'property="og:url"' not in html


def test_the_shared_page_offers_the_live_comparison_and_the_wizard_with_the_same_answers(
    client, create_link, decision
):
    token, _ = create_link()
    html = client.get(f"/s/{token}/").content.decode().replace("&amp;", "&")

    compare = re.search(r'href="([^"]+)">Open the live comparison<', html).group(1)
    wizard = re.search(r'href="([^"]+)">Try it yourself<', html).group(1)
    assert compare == "/compare/?tools=kubeflow&tools=mlflow"
    assert client.get(compare).status_code == 200
    prefilled = client.get(wizard).content.decode()
    for answer in decision.answers.values():
        assert f'value="{answer}" checked' in prefilled


def test_the_shared_page_says_what_the_link_grants_and_previews_no_more_than_it_shows(
    client, create_link, decision
):
    token, _ = create_link()
    html = client.get(f"/s/{token}/").content.decode()

    assert "read-only" in html and "opens nothing else" in html
    assert f'<meta property="og:title" content="{decision.title}">' in html
    assert f"Recommendation: {decision.outcome_name}." in html  # og:description


def test_every_answer_under_s_is_kept_out_of_indexes_caches_and_referers(
    client, create_link, decision
):
    token, _ = create_link()
    dead, dead_token = ShareLink.objects.issue(decision, None, lifetime=timedelta(days=1))
    ShareLink.objects.filter(pk=dead.pk).update(revoked_at=timezone.now())
    answers = {
        200: client.get(f"/s/{token}/"),
        404: client.get(f"/s/{'x' * 43}/"),
        410: client.get(f"/s/{dead_token}/"),
    }
    for status, response in answers.items():
        assert response.status_code == status
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "no-referrer"
        assert "no-store" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_robots_txt_disallows_shared_links(client, db):
    assert "Disallow: /s/\n" in client.get("/robots.txt").content.decode()


def test_views_are_counted_and_shown_to_the_team(client, create_link, decision, member):
    token, link = create_link()
    client.get(f"/s/{token}/")
    client.get(f"/s/{token}/")

    link.refresh_from_db()
    assert link.view_count == 2
    assert link.last_viewed_at is not None
    client.force_login(member)
    assert "opened 2 times" in client.get(decision.get_absolute_url()).content.decode()


def test_a_revoked_link_answers_410_on_the_very_next_request(client, create_link, decision, member):
    token, link = create_link()
    assert client.get(f"/s/{token}/").status_code == 200
    client.force_login(member)

    response = client.post(f"{decision.get_absolute_url()}share/{link.pk}/revoke/")

    assert response["Location"] == f"{decision.get_absolute_url()}#share-links"
    client.logout()
    gone = client.get(f"/s/{token}/")
    assert gone.status_code == 410
    assert "revoked" in gone.content.decode()
    assert decision.title not in gone.content.decode()
    link.refresh_from_db()
    assert link.view_count == 1


def test_revoking_one_link_leaves_the_others_working(client, create_link, decision, member):
    first, first_link = create_link()
    second, _ = create_link()
    client.force_login(member)
    client.post(f"{decision.get_absolute_url()}share/{first_link.pk}/revoke/")
    client.logout()

    assert client.get(f"/s/{first}/").status_code == 410
    assert client.get(f"/s/{second}/").status_code == 200


def test_a_link_works_until_its_expiry_and_answers_410_after(client, create_link, monkeypatch):
    token, link = create_link("7")
    real_now = timezone.now

    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=7, seconds=-60))
    assert client.get(f"/s/{token}/").status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=7, seconds=1))
    response = client.get(f"/s/{token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_unknown_token_is_404_and_a_malformed_one_is_refused_before_any_query(
    client, db, django_assert_num_queries
):
    assert client.get(f"/s/{'A' * 43}/").status_code == 404
    for malformed in ("short", "A" * 44, "A" * 42 + "!"):
        with django_assert_num_queries(0):
            assert client.get(f"/s/{malformed}/").status_code == 404
    # A NUL byte never reaches the view: the site-wide guard answers 400 first.
    with django_assert_num_queries(0):
        assert client.get(f"/s/{'A' * 42}%00/").status_code == 400


def test_the_61st_lookup_in_a_minute_from_one_address_gets_429(client, db):
    for _ in range(60):
        assert client.get(f"/s/{'A' * 43}/", REMOTE_ADDR="203.0.113.7").status_code == 404

    refused = client.get(f"/s/{'A' * 43}/", REMOTE_ADDR="203.0.113.7")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused["X-Robots-Tag"] == "noindex, nofollow"
    # Another address is not held back by the first one's lookups.
    assert client.get(f"/s/{'A' * 43}/", REMOTE_ADDR="203.0.113.8").status_code == 404


def test_the_request_log_never_holds_a_token(client, create_link, decision, caplog):
    token, link = create_link()
    unknown = "B" * 43
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/s/{unknown}/")
        ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        client.get(f"/s/{token}/")

    messages = [record.getMessage() for record in caplog.records if record.name == "django.request"]
    assert len(messages) == 2  # "Not Found" and "Gone", so the check below looked at something
    assert not any(token in m or unknown in m for m in messages)
    assert all("/s/[redacted]/" in m for m in messages)


def test_deleting_the_decision_ends_its_links(create_link, decision):
    create_link()
    create_link()
    assert ShareLink.objects.count() == 2

    Decision.objects.get(pk=decision.pk).delete()
    assert not ShareLink.objects.exists()


def test_deleting_the_team_ends_its_links(create_link, team):
    create_link()
    Team.objects.get(pk=team.pk).delete()
    assert not ShareLink.objects.exists()


def test_right_after_saving_the_decision_page_offers_to_share_it(client, catalog, member, team):
    from tests.wizard_rules import JUST_STARTING

    client.force_login(member)
    response = client.post("/wizard/save/", {**JUST_STARTING, "team": team.slug}, follow=True)

    html = response.content.decode()
    assert "Saved to Platform." in html
    assert re.search(r'<details class="share-panel" id="share" open>', html)
    assert "Show this decision to someone without an account?" in html


def test_once_shared_the_share_panel_stays_closed_next_to_the_verdict(
    client, create_link, decision, member
):
    create_link()
    client.force_login(member)
    html = client.get(decision.get_absolute_url()).content.decode()

    assert '<details class="share-panel" id="share">' in html
    # The verdict, then the actions, then the reasons.
    assert (
        html.index("decision-verdict") < html.index("share-panel") < html.index("reasons-heading")
    )
