"""Site-wide guard: every URL the portal defines answers GET and POST from every kind of visitor
with something other than a server error, with no data and with garbage data.

A new URL pattern fails `test_every_url_pattern_has_a_sample` until it is given a sample here,
so nothing escapes this crawl.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from decisions.models import Decision, ShareLink
from teams.models import Invite, Membership, Role, Team
from tests.wizard_rules import JUST_STARTING

GARBAGE = {
    "tools": ["\x00", "x" * 3000],
    "team": "../../etc",
    "title": "\u202e" * 5,
    "kubernetes": ["none", "strong"],
    "step": "-1",
    "token": "'; DROP TABLE teams_team; --",
    "next": "https://evil.example/",
    "username": "",
    "diff": "maybe",
    "page": "2nd",
}


def samples(world) -> dict[str, str]:
    """One concrete URL for every named pattern (admin aside), keyed by its full name."""
    team, decision, token = world["team"].slug, world["decision"].pk, world["token"]
    member_id = world["member_membership"].pk
    invite_id = world["invite"].pk
    share_id, share_token = world["share_link"].pk, world["share_token"]
    return {
        "comparisons:home": "/",
        "comparisons:compare": "/compare/?tools=kubeflow&tools=mlflow&diff=1",
        "comparisons:export": "/compare/export.csv?tools=kubeflow&tools=mlflow",
        "comparisons:pair": "/compare/kubeflow-vs-mlflow/",
        "comparisons:pair_export": "/compare/kubeflow-vs-mlflow.json",
        "comparisons:tool": "/tools/mlflow/",
        "comparisons:insights": "/insights/",
        "comparisons:use_cases": "/use-cases/",
        "comparisons:sources": "/sources/",
        "comparisons:suggest": "/suggest/mlflow/experiment-tracking/",
        "comparisons:my_suggestions": "/accounts/suggestions/",
        "wizard:start": "/wizard/",
        "wizard:preview": "/wizard/preview/?kubernetes=none",
        "wizard:result": "/wizard/result/?"
        + "&".join(f"{k}={v}" for k, v in JUST_STARTING.items()),
        "wizard:result_adr": "/wizard/result.md?"
        + "&".join(f"{k}={v}" for k, v in JUST_STARTING.items()),
        "wizard:save": "/wizard/save/",
        "decisions:detail": f"/teams/{team}/decisions/{decision}/",
        "decisions:adr": f"/teams/{team}/decisions/{decision}/adr.md",
        "decisions:supersede": f"/teams/{team}/decisions/{decision}/supersede/",
        "decisions:delete": f"/teams/{team}/decisions/{decision}/delete/",
        "decisions:share": f"/teams/{team}/decisions/{decision}/share/",
        "decisions:revoke_share": f"/teams/{team}/decisions/{decision}/share/{share_id}/revoke/",
        "share:view": f"/s/{share_token}/",
        "teams:welcome": "/welcome/",
        "teams:list": "/teams/",
        "teams:create": "/teams/new/",
        "teams:detail": f"/teams/{team}/?page=2",
        "teams:rename": f"/teams/{team}/rename/",
        "teams:delete": f"/teams/{team}/delete/",
        "teams:leave": f"/teams/{team}/leave/",
        "teams:change_role": f"/teams/{team}/members/{member_id}/role/",
        "teams:remove_member": f"/teams/{team}/members/{member_id}/remove/",
        "teams:create_invite": f"/teams/{team}/invites/",
        "teams:revoke_invite": f"/teams/{team}/invites/{invite_id}/revoke/",
        "teams:join": f"/join/{token}/",
        "signup": "/accounts/signup/",
        "login": "/accounts/login/",
        "logout": "/accounts/logout/",
        "password_change": "/accounts/password/",
        "password_change_done": "/accounts/password/done/",
        "password_reset": "/accounts/password/reset/",
        "password_reset_done": "/accounts/password/reset/sent/",
        "password_reset_confirm": "/accounts/password/reset/MQ/set-password/",
        "password_reset_complete": "/accounts/password/reset/done/",
        "healthz": "/healthz",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "api:index": "/api/",
        "api:api-v1:api-root": "/api/v1/",
        "api:api-v1:openapi-json": "/api/v1/openapi.json",
        "api:api-v1:list_tools": "/api/v1/tools",
        "api:api-v1:get_tool": "/api/v1/tools/mlflow",
        "api:api-v1:list_capabilities": "/api/v1/capabilities",
        "api:api-v1:get_matrix": "/api/v1/matrix?tools=kubeflow&tools=mlflow",
        "api:api-v1:list_sources": "/api/v1/sources",
        "api:api-v1:list_surveys": "/api/v1/surveys",
        "api:api-v1:list_findings": "/api/v1/findings",
        "api:api-v1:list_updates": "/api/v1/updates",
        "api:api-v1:list_use_cases": "/api/v1/use-cases",
        "api:api-v1:wizard_questions": "/api/v1/wizard/questions",
        "api:api-v1:evaluate": "/api/v1/wizard/evaluate",
    }


def named_patterns(resolver=None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


@pytest.fixture
def world(catalog, make_user, client):
    owner, member, outsider = make_user("olivia"), make_user("bob"), make_user("charlie")
    staff = make_user("stella", is_staff=True, is_superuser=True)
    team = Team.objects.create(name="Platform", slug="platform")
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    member_membership = Membership.objects.create(team=team, user=member, role=Role.MEMBER)
    client.force_login(owner)
    assert client.post("/wizard/save/", {**JUST_STARTING, "team": team.slug}).status_code == 302
    client.logout()
    invite, token = Invite.objects.issue(team, owner, max_uses=50)
    decision = Decision.objects.get(team=team)
    share_link, share_token = ShareLink.objects.issue(decision, owner, lifetime=timedelta(days=7))
    return {
        "team": team,
        "decision": decision,
        "share_link": share_link,
        "share_token": share_token,
        "invite": invite,
        "token": token,
        "member_membership": member_membership,
        "users": {
            "anonymous": None,
            "outsider": outsider,
            "member": member,
            "owner": owner,
            "staff": staff,
        },
    }


def test_every_url_pattern_has_a_sample(world):
    assert named_patterns() - samples(world).keys() == set()


def test_every_sample_reaches_the_pattern_it_stands_for(world):
    wrong = {
        name: resolve(urlsplit(url).path).view_name
        for name, url in samples(world).items()
        if resolve(urlsplit(url).path).view_name != name
    }
    assert wrong == {}


@pytest.mark.parametrize("visitor", ["anonymous", "outsider", "member", "owner", "staff"])
def test_no_url_answers_with_a_server_error(client, world, visitor):
    user = world["users"][visitor]
    # Mutating requests go last and in an order that keeps the team alive as long as possible.
    urls = sorted(samples(world).values(), key=lambda url: ("delete" in url, "leave" in url, url))
    for url in urls:
        if user is not None:
            client.force_login(user)
        for method, data in (("get", {}), ("get", GARBAGE), ("post", {}), ("post", GARBAGE)):
            response = getattr(client, method)(url, data)
            assert response.status_code < 500, f"{visitor} {method.upper()} {url} with {data}"
