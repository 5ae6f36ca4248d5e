"""Every page is valid HTML: the Nu Html Checker (the W3C validator) finds no error in any of them.

Each page is rendered with the test client as its visitor sees it, written to a file, and all
files go to the checker in one run (Java starts slowly). The page list follows the catalog and
the wizard's rules, so a new tool or a new question is checked without touching this file.
Installing the checker: tests/html_checker.py (`make vnu`); when it cannot run, this test fails.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.http import urlencode

from comparisons import models as m
from comparisons.queries import published_tools
from decisions.engine import InvalidRules
from decisions.models import Decision, ShareLink
from decisions.rules import current_wizard
from teams.models import Membership, Role, Team
from tests import html_checker
from tests.conftest import CATALOG_PATH
from tests.wizard_rules import JUST_STARTING, KUBERNETES_MATURE_AND_AUTOMATED

pytestmark = pytest.mark.django_db


def public_pages() -> dict[str, tuple[str, int]]:
    """Page name -> (URL, the status it answers with), for a visitor who is not signed in."""
    compare = reverse("comparisons:compare")
    pages = {
        "home": (reverse("comparisons:home"), 200),
        "compare": (f"{compare}?tools=kubeflow&tools=mlflow", 200),
        "compare, differences only": (f"{compare}?tools=kubeflow&tools=mlflow&diff=1", 200),
        "compare, no tool chosen": (compare, 200),
        "compare, a pair": (reverse("comparisons:pair", args=["kubeflow-vs-mlflow"]), 200),
        "compare, an unknown tool": (f"{compare}?tools=airflow", 400),
        "insights": (reverse("comparisons:insights"), 200),
        "use cases": (reverse("comparisons:use_cases"), 200),
        "sources": (reverse("comparisons:sources"), 200),
    }
    for tool in published_tools():
        pages[f"tool {tool.slug}"] = (reverse("comparisons:tool", args=[tool.slug]), 200)
    wizard = reverse("wizard:start")
    questions = current_wizard().rules.questions
    for number, question in enumerate(questions, start=1):
        earlier = {q.slug: JUST_STARTING[q.slug] for q in questions[: number - 1]}
        pages[f"wizard step {number} ({question.slug})"] = (
            f"{wizard}?{urlencode({**earlier, 'step': number})}",
            200,
        )
    pages["wizard, all questions"] = (f"{wizard}?all=1", 200)
    pages["wizard, an invalid answer"] = (f"{wizard}?kubernetes=maybe&step=2", 400)
    pages["wizard result"] = (f"{reverse('wizard:result')}?{urlencode(JUST_STARTING)}", 200)
    pages["log-in"] = (reverse("login"), 200)
    pages["sign-up"] = (reverse("signup"), 200)
    pages["password reset"] = (reverse("password_reset"), 200)
    pages["password reset, mail sent"] = (reverse("password_reset_done"), 200)
    pages["password reset, a broken link"] = (
        reverse("password_reset_confirm", args=["MQ", "set-password"]),
        200,
    )
    pages["404"] = ("/no-such-page/", 404)
    pages["404, an unknown tool"] = (reverse("comparisons:tool", args=["airflow"]), 404)
    return pages


@pytest.fixture
def member_pages(catalog, make_user) -> dict[str, tuple[Client, str, int] | HttpResponse]:
    """Signed-in pages: a team, saved decisions (one superseding the other), sharing, invites,
    suggestions and the account. A POST's answer (a link shown once) is kept as the response."""
    member, owner, newcomer = make_user("bob"), make_user("olivia"), make_user("nina")
    team = Team.objects.create(name="Platform", slug="platform")
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    Membership.objects.create(team=team, user=member, role=Role.MEMBER)
    client, as_owner, as_newcomer = Client(), Client(), Client()
    client.force_login(member)
    as_owner.force_login(owner)
    as_newcomer.force_login(newcomer)
    save = reverse("wizard:save")
    for answers, title in ((JUST_STARTING, "Start with tracking"),
                           (KUBERNETES_MATURE_AND_AUTOMATED, "Go Kubeflow")):  # fmt: skip
        response = client.post(save, {**answers, "team": team.slug, "title": title})
        assert response.status_code == 302, response.content.decode()[:2000]
    older, newer = Decision.objects.order_by("pk")
    supersede = reverse("decisions:supersede", args=[team.slug, newer.pk])
    assert client.post(supersede, {"older": older.pk}).status_code == 302
    shared = client.post(reverse("decisions:share", args=[team.slug, newer.pk]), {"expires_in": 7})
    assert shared.status_code == 201
    revoked, revoked_token = ShareLink.objects.issue(newer, member, lifetime=timedelta(days=1))
    revoke = reverse("decisions:revoke_share", args=[team.slug, newer.pk, revoked.pk])
    assert client.post(revoke).status_code == 302
    invite = reverse("teams:create_invite", args=[team.slug])
    invited = as_owner.post(invite, {"max_uses": 2, "expires_in": "7"})
    assert invited.status_code == 201
    suggest = reverse("comparisons:suggest", args=["mlflow", "experiment-tracking"])
    proposal = {"summary": "Tracks every run.", "comment": "The release notes say so."}
    assert client.post(suggest, proposal).status_code == 302
    result = f"{reverse('wizard:result')}?{urlencode(JUST_STARTING)}"
    return {
        "team page": (client, team.get_absolute_url(), 200),
        "team page, its owner": (as_owner, team.get_absolute_url(), 200),
        "teams list": (client, reverse("teams:list"), 200),
        "new team": (client, reverse("teams:create"), 200),
        "welcome": (client, reverse("teams:welcome"), 200),
        "wizard result, signed in": (client, result, 200),
        "saved decision": (client, newer.get_absolute_url(), 200),
        "saved decision, superseded": (client, older.get_absolute_url(), 200),
        "share link created": shared,
        "shared decision": (Client(), shared.context["url"], 200),
        "shared decision, a revoked link": (
            Client(),
            reverse("share:view", args=[revoked_token]),
            410,
        ),
        "invite link created": invited,
        "join a team": (as_newcomer, urlsplit(invited.context["link"]).path, 200),
        "join, an unknown link": (as_newcomer, reverse("teams:join", args=["nope"]), 404),
        "suggest a correction": (client, suggest, 200),
        "my suggestions": (client, reverse("comparisons:my_suggestions"), 200),
        "password change": (client, reverse("password_change"), 200),
        "password changed": (client, reverse("password_change_done"), 200),
    }


@pytest.fixture
def refused_pages(catalog, make_user) -> dict[str, HttpResponse]:
    """Answers to bad form input and to too many attempts: error messages are markup too."""
    make_user("lena")
    visitor = Client()
    login, signup = reverse("login"), reverse("signup")
    wrong = {"username": "lena", "password": "wrong"}
    pages = {"log-in, a wrong password": visitor.post(login, wrong)}
    for _ in range(3):
        visitor.post(login, wrong)
    pages["log-in, locked out"] = visitor.post(login, wrong)  # the fifth failure
    pages["sign-up, invalid"] = visitor.post(signup, {"username": "", "password1": "x"})
    for _ in range(9):
        visitor.post(signup, {"username": ""})
    pages["sign-up, too many attempts"] = visitor.post(signup, {"username": ""})
    expected = {"log-in, a wrong password": 400, "log-in, locked out": 429,
                "sign-up, invalid": 400, "sign-up, too many attempts": 429}  # fmt: skip
    assert {name: page.status_code for name, page in pages.items()} == expected
    return pages


# Messages about markup Django's admin writes itself, not our templates. Its autocomplete widget
# is a <select> holding only the chosen option (select2 fetches the rest): empty but for a blank
# placeholder when nothing is chosen, and on a required field the chosen row comes first.
REQUIRED_SELECT = (
    "“select” element with a “required” attribute, and without a “multiple” attribute, and "
    "without a “size” attribute whose value is greater than “1”, must have "
)
DJANGO_ADMIN_MARKUP = {
    "Element “option” without attribute “label” must not be empty.",
    f"A {REQUIRED_SELECT}a descendant “option” element.",
    f"The first “option” element in a {REQUIRED_SELECT}either an empty “value” attribute, or must "
    "have no text content. Consider either adding a placeholder option label, or adding a "
    "“size” attribute with a value equal to the number of “option” elements.",
}


@pytest.fixture
def editor_pages(catalog, make_user) -> dict[str, tuple[Client, str, int] | HttpResponse]:
    """What a catalog editor sees in the admin: every catalog model's list, add and change
    forms, the matrix editor, the import preview and a suggestion's review page."""
    editor = make_user("edna", is_staff=True)
    editor.groups.add(Group.objects.get(name="Catalog editors"))
    as_editor = Client()
    as_editor.force_login(editor)
    pages: dict[str, tuple[Client, str, int] | HttpResponse] = {
        "admin index": (as_editor, reverse("admin:index"), 200),
        "matrix editor": (as_editor, reverse("admin:comparisons_rating_matrix"), 200),
        "matrix editor, two tools": (
            as_editor,
            reverse("admin:comparisons_rating_matrix") + "?tools=kubeflow&tools=mlflow",
            200,
        ),
        "catalog import": (as_editor, reverse("admin:comparisons_catalog_import"), 200),
    }
    request = RequestFactory().get("/")
    request.user = editor  # what has_add_permission asks about
    for model in apps.get_app_config("comparisons").get_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        name = model._meta.model_name
        pages[f"admin {name} list"] = (
            as_editor,
            reverse(f"admin:comparisons_{name}_changelist"),
            200,
        )
        if model_admin.has_add_permission(request):
            pages[f"admin {name} add"] = (as_editor, reverse(f"admin:comparisons_{name}_add"), 200)
        if (row := model._default_manager.first()) is not None:
            change = reverse(f"admin:comparisons_{name}_change", args=[row.pk])
            pages[f"admin {name} change"] = (as_editor, change, 200)
    member = make_user("sam")
    rating = m.Rating.objects.get(tool__slug="mlflow", capability__slug="experiment-tracking")
    suggestion = m.Suggestion.objects.create(
        rating=rating, author=member, summary="Tracks every run.", comment="The docs say so.",
        base_version=rating.version,
    )  # fmt: skip
    pages["suggestion review"] = (
        as_editor,
        reverse("admin:comparisons_suggestion_change", args=[suggestion.pk]),
        200,
    )
    upload = SimpleUploadedFile("catalog.json", CATALOG_PATH.read_bytes())
    pages["catalog import, preview"] = as_editor.post(
        reverse("admin:comparisons_catalog_import"), {"file": upload}
    )
    return pages


def not_ready(*args) -> None:
    raise InvalidRules("No outcomes yet.")


def test_every_page_is_valid_html(
    client, catalog, member_pages, refused_pages, editor_pages, tmp_path, settings, monkeypatch
):
    settings.DEBUG = False  # the site's own 404 page, not Django's debug page
    responses = {name: (client.get(url), status) for name, (url, status) in public_pages().items()}
    for name, page in (member_pages | editor_pages).items():
        if isinstance(page, tuple):
            visitor, url, status = page
            responses[name] = (visitor.get(url), status)
        else:  # already a response: the answer to a POST
            responses[name] = (page, page.status_code)
    responses |= {name: (page, page.status_code) for name, page in refused_pages.items()}
    with monkeypatch.context() as broken:  # editors' rules that cannot make a wizard
        broken.setattr("decisions.views.wizard.current_wizard", not_ready)
        responses["wizard, not ready"] = (client.get(reverse("wizard:start")), 503)
    files: dict[Path, str] = {}
    for number, (name, (response, status)) in enumerate(responses.items()):
        assert response.status_code == status, f"{name}: {response.status_code}"
        assert response["Content-Type"] == "text/html; charset=utf-8", name
        path = tmp_path / f"page-{number:03}.html"
        path.write_bytes(response.content)
        files[path] = name

    # A control page the checker must fault, in the same run: proves it checked something.
    control = tmp_path / "control.html"
    control.write_text('<!doctype html><html lang="en"><title>x</title><p hx-get="/">x</p>')

    try:
        errors = html_checker.check([control, *files])
    except html_checker.CheckerMissing as missing:
        pytest.fail(str(missing))

    assert [m.text for m in errors.pop(control)] == [
        "Attribute “hx-get” not allowed on element “p” at this point."
    ]
    for path, messages in errors.items():
        if files[path] in editor_pages:
            errors[path] = [m for m in messages if m.text not in DJANGO_ADMIN_MARKUP]
    report = "\n".join(
        f"{files[path]} ({len(messages)}):\n" + "\n".join(f"  {m}" for m in messages)
        for path, messages in errors.items()
        if messages
    )
    assert not report, f"Pages that are not valid HTML, of {len(files)} checked:\n{report}"
