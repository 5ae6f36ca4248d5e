"""Roles: catalog editors reach the catalog and its history, and nothing else."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from comparisons.editing.roles import CATALOG_EDITORS

from .conftest import signed_in


def test_the_editors_group_has_catalog_permissions_only(db):
    apps = set(
        Group.objects.get(name=CATALOG_EDITORS).permissions.values_list(
            "content_type__app_label", flat=True
        )
    )
    assert apps == {"comparisons"}


def test_an_editor_may_change_ratings_and_their_history(editor):
    assert editor.has_perms(["comparisons.change_rating", "comparisons.view_historicalrating"])


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:teams_team_changelist",
        "admin:decisions_decision_changelist",
    ],
)
def test_an_editor_cannot_see_users_groups_teams_or_decisions(catalog, editor, url_name):
    assert signed_in(editor).get(reverse(url_name)).status_code == 403


def test_an_editor_sees_the_catalog_in_the_admin(catalog, editor):
    page = signed_in(editor).get(reverse("admin:index")).content.decode()
    assert "Ratings" in page
    assert "Users" not in page


def test_a_signed_in_non_staff_user_cannot_reach_the_admin(catalog, make_user):
    response = signed_in(make_user("visitor")).get(reverse("admin:comparisons_rating_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_make_editor_makes_a_user_staff_and_an_editor(make_user):
    user = make_user("newbie")
    call_command("make_editor", "newbie")
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=CATALOG_EDITORS).exists()
    assert user.has_perm("comparisons.change_rating")


def test_make_editor_explains_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("make_editor", "ghost")
