"""/teams/ and /join/. Every URL here is in the permission matrix (tests/teams)."""

from django.urls import path

from .views import invites, teams

app_name = "teams"

urlpatterns = [
    path("welcome/", teams.welcome, name="welcome"),
    path("teams/", teams.team_list, name="list"),
    path("teams/new/", teams.create, name="create"),
    path("teams/<slug:slug>/", teams.detail, name="detail"),
    path("teams/<slug:slug>/rename/", teams.rename, name="rename"),
    path("teams/<slug:slug>/delete/", teams.delete, name="delete"),
    path("teams/<slug:slug>/leave/", teams.leave, name="leave"),
    path(
        "teams/<slug:slug>/members/<int:membership_id>/role/",
        teams.change_role,
        name="change_role",
    ),
    path(
        "teams/<slug:slug>/members/<int:membership_id>/remove/",
        teams.remove_member,
        name="remove_member",
    ),
    path("teams/<slug:slug>/invites/", invites.create_invite, name="create_invite"),
    path(
        "teams/<slug:slug>/invites/<int:invite_id>/revoke/",
        teams.revoke_invite,
        name="revoke_invite",
    ),
    # Tokens are URL-safe base64, which is exactly the slug alphabet.
    path("join/<slug:token>/", invites.join, name="join"),
]
