"""Every URL the registry makes, for every app, is one the permission walk (tests/test_permissions.py) visits."""

import pytest
from django.urls import resolve, reverse

from core.contrib import project_apps
from core.registry import registry
from tests.test_permissions import url_list
from tests.walk import make_object

pytestmark = pytest.mark.django_db


def test_every_registered_url_of_every_app_is_walked(users, tree):
    walked = set()
    for vs in registry.all():
        obj = make_object(vs, tree, users)
        walked.update(resolve(url).view_name for _action, url in url_list(vs, obj))
        if getattr(vs.model, "workflow", None):  # test_transitions_closed_to_read_only_and_outsiders posts every transition
            for name in vs.model.workflow.transitions:
                walked.add(resolve(reverse(vs.url_name("transition"), args=[obj.pk, name])).view_name)
    made = {f"{config.label}:{pattern.name}" for config in project_apps() for pattern in registry.urlpatterns(config.label)}
    assert made and made == walked
    apps_walked = {name.split(":")[0] for name in walked}
    assert {"core", "veterans", "reports"} <= apps_walked


def test_the_veterans_actions_are_declared():
    veteran_views = registry.get("veterans.veteran")
    assert {a.name for a in veteran_views.object_actions} == {"death", "move", "move_out"}
