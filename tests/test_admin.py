"""Editors' admin: every registered model's list, add and change pages render for staff."""

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.fixture
def editor(make_user):
    return make_user("editor", is_staff=True, is_superuser=True)


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label != "axes"]


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_admin_pages_render_for_an_editor(client, catalog, editor, model):
    client.force_login(editor)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(_request(editor)):
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    first = model.objects.first()
    if first is not None:
        url = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
        assert client.get(url).status_code == 200


def test_admin_refuses_a_signed_in_non_staff_user(client, catalog, make_user):
    client.force_login(make_user("visitor"))
    response = client.get(reverse("admin:comparisons_rating_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
