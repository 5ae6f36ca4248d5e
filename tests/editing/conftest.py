"""Fixtures for the editors' tools: editors, plain visitors, and admin form data."""

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from comparisons.models import Rating


@pytest.fixture
def editor(make_user):
    """A staff member in the "Catalog editors" group, as `make_editor` makes one."""
    from django.contrib.auth.models import Group

    user = make_user("edna", is_staff=True)
    user.groups.add(Group.objects.get(name="Catalog editors"))
    return user


@pytest.fixture
def second_editor(make_user):
    from django.contrib.auth.models import Group

    user = make_user("eddie", is_staff=True)
    user.groups.add(Group.objects.get(name="Catalog editors"))
    return user


@pytest.fixture
def rating(catalog) -> Rating:
    return Rating.objects.select_related("tool", "capability").get(
        tool__slug="mlflow", capability__slug="experiment-tracking"
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rating_form_data(rating: Rating, **changes) -> dict:
    """What the rating's admin change form posts, as rendered for `rating` (its version too)."""
    data = model_to_dict(
        rating, fields=["tool", "capability", "level", "summary", "note", "reviewed_on"]
    )
    data["sources"] = [s.pk for s in rating.sources.all()]
    data["reviewed_on"] = rating.reviewed_on.isoformat()
    data["level"] = "" if rating.level is None else rating.level
    data["version"] = rating.version
    data.update(changes)
    return data
