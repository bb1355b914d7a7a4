"""Every URL of the veterans app is one the permission walk (tests/test_permissions.py) visits."""

import pytest
from django.urls import resolve, reverse

from core.registry import registry
from tests.test_permissions import url_list
from tests.walk import OBJECT_MAKERS
from veterans.urls import urlpatterns

pytestmark = pytest.mark.django_db

VETERANS_VIEWSETS = [vs for vs in registry.all() if vs.model._meta.app_label == "veterans"]


def test_every_veterans_url_is_walked(users, tree):
    walked = set()
    for vs in VETERANS_VIEWSETS:
        obj = OBJECT_MAKERS[vs.model._meta.label_lower](tree, users)
        walked.update(resolve(url).url_name for _action, url in url_list(vs, obj))
        if getattr(vs.model, "workflow", None):  # test_transitions_closed_to_read_only_and_outsiders posts every transition
            for name in vs.model.workflow.transitions:
                walked.add(resolve(reverse(vs.url_name("transition"), args=[obj.pk, name])).url_name)

    assert {pattern.name for pattern in urlpatterns} == walked
    assert len(VETERANS_VIEWSETS) == 8
    assert {vs.model._meta.model_name for vs in VETERANS_VIEWSETS} == {
        "veteran", "familymember", "preferentialcard", "veteranarchive", "annualcheck", "volunteerteam", "volunteermember",
        "volunteeractivity"}
    veteran_views = next(vs for vs in VETERANS_VIEWSETS if vs.model._meta.model_name == "veteran")
    assert {a.name for a in veteran_views.object_actions} == {"death", "move", "move_out"}
