"""The permission matrix: every role × every URL under /teams/ and /join/ × GET and POST.

"login" means a redirect to the log-in page carrying `next`; "redirect" any other redirect.
Refusals (403, 404, 405, 409, log-in redirects) must leave the data exactly as it was.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teams.models import Invite, Membership, Team

ROLES = ("anonymous", "outsider", "member", "owner", "staff")


def row(anonymous, outsider, member, owner, staff) -> dict:
    return dict(zip(ROLES, (anonymous, outsider, member, owner, staff), strict=True))


POST_ONLY_GET = row(405, 405, 405, 405, 405)
OWNER_ONLY_POST = row("login", 404, 403, "redirect", 404)

# (URL name, method) -> expected answer for each role. Staff are catalog editors with no
# special access to team data: outside a team they get the outsider's 404.
MATRIX = {
    ("teams:list", "GET"): row("login", 200, 200, 200, 200),
    ("teams:list", "POST"): row(405, 405, 405, 405, 405),
    ("teams:create", "GET"): row("login", 200, 200, 200, 200),
    ("teams:create", "POST"): row("login", "redirect", "redirect", "redirect", "redirect"),
    ("teams:detail", "GET"): row("login", 404, 200, 200, 404),
    ("teams:detail", "POST"): row(405, 405, 405, 405, 405),
    ("teams:rename", "GET"): POST_ONLY_GET,
    ("teams:rename", "POST"): OWNER_ONLY_POST,
    ("teams:delete", "GET"): POST_ONLY_GET,
    ("teams:delete", "POST"): OWNER_ONLY_POST,
    ("teams:leave", "GET"): POST_ONLY_GET,
    # The owner is Alpha's only owner, so leaving is refused as a conflict.
    ("teams:leave", "POST"): row("login", 404, "redirect", 409, 404),
    ("teams:change_role", "GET"): POST_ONLY_GET,
    ("teams:change_role", "POST"): OWNER_ONLY_POST,
    ("teams:remove_member", "GET"): POST_ONLY_GET,
    ("teams:remove_member", "POST"): OWNER_ONLY_POST,
    ("teams:create_invite", "GET"): POST_ONLY_GET,
    ("teams:create_invite", "POST"): row("login", 404, 403, 201, 404),
    ("teams:revoke_invite", "GET"): POST_ONLY_GET,
    ("teams:revoke_invite", "POST"): OWNER_ONLY_POST,
    # Anyone signed in may open an invite; members are told they are in already.
    ("teams:join", "GET"): row("login", 200, 200, 200, 200),
    ("teams:join", "POST"): row("login", "redirect", "redirect", "redirect", "redirect"),
}

# The only cells that change data; every other answer must leave it exactly as it was.
# A member opening their own team's invite is sent to the team without using up the link.
CHANGES_DATA = {
    ("teams:create", "outsider"),
    ("teams:create", "member"),
    ("teams:create", "owner"),
    ("teams:create", "staff"),
    ("teams:rename", "owner"),
    ("teams:delete", "owner"),
    ("teams:leave", "member"),
    ("teams:change_role", "owner"),
    ("teams:remove_member", "owner"),
    ("teams:create_invite", "owner"),
    ("teams:revoke_invite", "owner"),
    ("teams:join", "outsider"),
    ("teams:join", "staff"),
}

POST_DATA = {
    "teams:create": {"name": "Beta"},
    "teams:rename": {"name": "Alpha renamed"},
    "teams:delete": {"confirm": "Alpha"},
    "teams:change_role": {"role": "owner"},
    "teams:create_invite": {"max_uses": "1", "expires_in": "7"},
}

# URL namespaces under /teams/ whose own test module carries their permission matrix.
COVERED_BY_OTHER_MATRICES = {"decisions"}


@dataclass
class World:
    team: Team
    member: Membership
    invite: Invite
    token: str

    def path(self, name: str) -> str:
        args = {
            "teams:list": [],
            "teams:create": [],
            "teams:join": [self.token],
            "teams:change_role": [self.team.slug, self.member.pk],
            "teams:remove_member": [self.team.slug, self.member.pk],
            "teams:revoke_invite": [self.team.slug, self.invite.pk],
        }.get(name, [self.team.slug])
        return reverse(name, args=args)


def snapshot() -> tuple:
    """Everything a team URL could change."""
    return (
        list(Team.objects.values_list("pk", "name", "slug")),
        list(Membership.objects.order_by("pk").values_list("pk", "team", "user", "role")),
        list(Invite.objects.order_by("pk").values_list("pk", "revoked_at", "use_count")),
    )


@pytest.fixture
def world(alpha, mo_membership, invite) -> World:
    return World(alpha, mo_membership, invite[0], invite[1])


@pytest.fixture
def users(olive, mo, otto, stella) -> dict:
    return {"anonymous": None, "outsider": otto, "member": mo, "owner": olive, "staff": stella}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), list(MATRIX))
def test_permission_matrix(client, world, users, name, method, role):
    if users[role] is not None:
        client.force_login(users[role])
    path = world.path(name)
    expected = MATRIX[name, method][role]
    before = snapshot()

    data = POST_DATA.get(name, {})
    response = client.get(path) if method == "GET" else client.post(path, data)

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif expected == "redirect":
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected
    changes = method == "POST" and (name, role) in CHANGES_DATA
    assert (snapshot() != before) == changes


def team_url_patterns(resolver=None, prefix="", namespace="") -> list[tuple[str, str]]:
    """(route, namespaced name) for every URL pattern under /teams/ or /join/."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            found += team_url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern) and route.startswith(("teams/", "join/")):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            found.append((route, name))
    return found


def test_guard_finds_the_team_urls_it_is_meant_to_police():
    names = {name for _, name in team_url_patterns()}
    assert {"teams:list", "teams:detail", "teams:join"} <= names


def test_every_url_under_teams_and_join_is_in_the_permission_matrix():
    in_matrix = {name for name, _ in MATRIX}
    uncovered = [
        (route, name)
        for route, name in team_url_patterns()
        if name not in in_matrix and name.split(":")[0] not in COVERED_BY_OTHER_MATRICES
    ]
    assert uncovered == []


def test_the_matrix_covers_get_and_post_for_every_role():
    for name, _ in MATRIX:
        assert (name, "GET") in MATRIX and (name, "POST") in MATRIX
    assert all(set(expected) == set(ROLES) for expected in MATRIX.values())
