"""Walk every registered URL as every role, for a user of the record's area and of another area.

Expectations come from each ModelViews declaration (read_roles, write_roles):
anonymous is sent to login; a role outside read_roles gets 403; a write URL for
a read-only role is 403 and changes nothing; a record outside the user's area
is 404; no HTML page carries a full ID number or phone of a case record.

Writes, for every case model: a clerk's create or edit that places the record (its area, its parent)
outside their area is refused and writes nothing, while the same form inside the area is saved; an
import of rows for another area is refused whole; leaders and auditors write nothing.  Records come from
tests.autofactory, so a new app's models are walked with no entry of their own.
"""

import pytest
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.urls import reverse

from core.models import AreaScoped, LedgerJob
from core.registry import registry
from core.roles import CASEWORK_ROLES, Role
from tests.walk import form_data, ledger_file, make_object, relation_fields, sensitive_values

ROLES = [Role.LEADER, Role.STAFF, Role.CLERK, Role.AUDITOR, Role.ADMIN, Role.SECURITY]
VIEWSETS = sorted(registry.all(), key=lambda vs: vs.model._meta.label_lower)
LIST_ACTIONS = ("list", "add", "export", "import")
OBJECT_ACTIONS = ("detail", "edit", "delete")
WRITE_ACTIONS = ("add", "edit", "delete", "import")


def ids(vs):
    return vs.model._meta.label_lower


def url_list(vs, obj):
    urls = [(action, reverse(vs.url_name(action))) for action in LIST_ACTIONS if vs.has_action(action)]
    urls += [(action, reverse(vs.url_name(action), args=[obj.pk])) for action in OBJECT_ACTIONS if vs.has_action(action)]
    urls += [(f"action:{a.name}", reverse(vs.url_name("action"), args=[obj.pk, a.name])) for a in vs.object_actions]
    return urls


def same_area_user(users, role):
    return users[role]


def expected(vs, role, action, obj=None):
    """The status of `action` for `role`; with `obj`, an object action that does not apply to the record
    in its present state (a petition's 答复 before its 受理) is 403 for every role, as core says."""
    if action.startswith("action:"):
        object_action = next(a for a in vs.object_actions if a.name == action.split(":", 1)[1])
        allowed = set(vs.write_roles) & set(object_action.roles)
        if obj is not None and object_action.available is not None and not object_action.available(obj):
            allowed = set()
    elif action == "add":
        allowed = vs.write_roles if vs.add_roles is None else set(vs.add_roles) & set(vs.write_roles)
    else:
        allowed = vs.write_roles if action in WRITE_ACTIONS else vs.read_roles
    return 200 if role in allowed else 403


def assert_no_leak(response, secrets):
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body, f"unmasked value {secret!r} in {response.request['PATH_INFO']}"


def test_case_models_are_closed_to_admin_and_auditor():
    for vs in VIEWSETS:
        if issubclass(vs.model, AreaScoped):
            assert set(vs.read_roles) <= set(CASEWORK_ROLES), ids(vs)
            assert Role.LEADER not in vs.write_roles, ids(vs)


@pytest.mark.parametrize("vs", VIEWSETS, ids=ids)
def test_anonymous_goes_to_login(vs, client, users, tree):
    obj = make_object(vs, tree, users)
    for _action, url in url_list(vs, obj):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("vs", VIEWSETS, ids=ids)
def test_role_in_own_area(vs, role, users, tree, client_for):
    obj = make_object(vs, tree, users)
    secrets = sensitive_values(obj)
    client = client_for(same_area_user(users, role))
    for action, url in url_list(vs, obj):
        response = client.get(url)
        assert response.status_code == expected(vs, role, action, obj), (url, role, response.status_code)
        assert_no_leak(response, secrets)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("vs", VIEWSETS, ids=ids)
def test_record_outside_area_is_404(vs, role, users, tree, client_for):
    obj = make_object(vs, tree, users)
    client = client_for(users[f"other_{role}"])
    for action, url in url_list(vs, obj):
        if action in LIST_ACTIONS:
            continue
        response = client.get(url)
        readable = expected(vs, role, action) == 200
        assert response.status_code == (404 if readable else 403), (url, role, response.status_code)
        if action == "edit" and readable:
            before = model_to_dict(type(obj)._base_manager.get(pk=obj.pk))
            assert client.post(url, {"name": "改名"}).status_code == 404
            assert model_to_dict(type(obj)._base_manager.get(pk=obj.pk)) == before


@pytest.mark.parametrize("vs", [vs for vs in VIEWSETS if vs.has_action("delete")], ids=ids)
def test_read_only_roles_cannot_write(vs, users, tree, client_for):
    obj = make_object(vs, tree, users)
    for role in ROLES:
        if role in vs.write_roles:
            continue
        client = client_for(users[role])
        assert client.post(reverse(vs.url_name("delete"), args=[obj.pk])).status_code == 403, role
        assert type(obj)._base_manager.filter(pk=obj.pk).exists(), role
        if vs.has_action("add"):
            count = type(obj)._base_manager.count()
            assert client.post(reverse(vs.url_name("add")), {}).status_code == 403, role
            assert type(obj)._base_manager.count() == count


@pytest.mark.parametrize("vs", [vs for vs in VIEWSETS if getattr(vs.model, "workflow", None)], ids=ids)
def test_transitions_closed_to_read_only_and_outsiders(vs, users, tree, client_for):
    obj = make_object(vs, tree, users)
    state = getattr(obj, obj.workflow.field_name)
    for name in obj.workflow.transitions:
        url = reverse(vs.url_name("transition"), args=[obj.pk, name])
        assert client_for(users["leader"]).post(url).status_code == 403
        assert client_for(users["other_staff"]).post(url).status_code == 404
        # a role that may not write the model is refused before any lookup (403); one that may, outside the area, 404
        assert client_for(users["other_clerk"]).post(url).status_code == (404 if Role.CLERK in vs.write_roles else 403)
    obj.refresh_from_db()
    assert getattr(obj, obj.workflow.field_name) == state


def test_core_pages(client, users, tree, client_for):
    assert client.get(reverse("home")).status_code == 302
    for role in ROLES:
        response = client_for(users[role]).get(reverse("home"))
        assert response.status_code == 200
        for label in ("退役军人", "优抚", "安置就业", "褒扬纪念", "双拥", "信访", "报表"):
            assert label in response.content.decode()
    autocomplete = client_for(users["clerk"]).get(reverse("core:area_autocomplete"), {"q": "第"}).json()
    assert [r["id"] for r in autocomplete["results"]] == [tree["township1"].code]


JOB_PAGES = ("core:ledgerjob", "core:ledgerjob_progress", "core:ledgerjob_download")


@pytest.mark.parametrize("kind", ["export", "import"])
def test_ledger_job_pages_are_their_owners_only(kind, client, users, tree, client_for, settings, tmp_path):
    """A background export's or import's pages (core.ledgerjobs): anonymous to login, the owner sees them
    (the file only of a finished export), every other user of any role or area gets 404."""
    settings.MEDIA_ROOT = tmp_path
    owner = users["staff"]
    job = LedgerJob.objects.create(kind=kind, ledger="veterans.veteran", title="退役军人台账", user=owner, status="done",
                                   total=1, done=1, result={"ok": True, "created": 1, "updated": 0, "unchanged": 0})
    if kind == "export":
        job.output.save("1.xlsx", ContentFile(b"PK"), save=True)
    for name in JOB_PAGES:
        url = reverse(name, args=[job.pk])
        assert client.get(url).status_code == 302
        own = 200 if name != "core:ledgerjob_download" or kind == "export" else 404
        assert client_for(owner).get(url).status_code == own, (name, kind)
        for key, user in users.items():
            if user != owner:
                assert client_for(user).get(url).status_code == 404, (name, kind, key)


# ---------------------------------------------------------------- writes

CASE_VIEWSETS = [vs for vs in VIEWSETS if issubclass(vs.model, AreaScoped) and vs.form_class is not None
                 and Role.CLERK in vs.write_roles]


def count(vs):
    return vs.model._base_manager.count()


def unsaved_pair(vs, tree, users):
    """The form data of a record inside the clerk's area and of one outside it; the records themselves
    are deleted again (their parents stay), so that posting the data creates them anew."""
    inside, outside = make_object(vs, tree, users, tree["village11"]), make_object(vs, tree, users, tree["village21"])
    data = form_data(vs, inside, users["staff"]), form_data(vs, outside, users["staff"])
    vs.model._base_manager.filter(pk__in=[inside.pk, outside.pk]).delete()
    return data


@pytest.mark.parametrize("vs", [vs for vs in CASE_VIEWSETS if vs.has_action("add")], ids=ids)
def test_clerk_cannot_create_outside_the_area(vs, users, tree, client_for):
    inside, outside = unsaved_pair(vs, tree, users)
    clerk, before = client_for(users["clerk"]), count(vs)
    url = reverse(vs.url_name("add"))
    response = clerk.post(url, outside)
    assert response.status_code == 200 and count(vs) == before, (ids(vs), response.status_code)
    for role in (Role.LEADER, Role.AUDITOR):
        assert client_for(users[role]).post(url, inside).status_code == 403 and count(vs) == before
    response = clerk.post(url, inside)  # the same form inside the area is saved: the refusal was the area's
    assert response.status_code == 302 and count(vs) == before + 1, (ids(vs), response.status_code)


@pytest.mark.parametrize("vs", [vs for vs in CASE_VIEWSETS if vs.has_action("edit") and relation_fields(vs)], ids=ids)
def test_clerk_cannot_move_a_record_outside_the_area(vs, users, tree, client_for):
    obj = make_object(vs, tree, users)
    outside_record = make_object(vs, tree, users, tree["village21"])
    outside = form_data(vs, outside_record, users["staff"])
    vs.model._base_manager.filter(pk=outside_record.pk).delete()
    own = form_data(vs, obj, users["staff"])
    url = reverse(vs.url_name("edit"), args=[obj.pk])
    before = model_to_dict(vs.model._base_manager.get(pk=obj.pk))
    clerk = client_for(users["clerk"])
    for name in relation_fields(vs):  # each placing field alone, as an edited hidden field would send it
        if outside[name] in ("", None) and own[name] in ("", None):
            continue  # an optional link left empty in both places nothing
        response = clerk.post(url, {**own, name: outside[name]})
        assert response.status_code == 200, (ids(vs), name, response.status_code)
        assert model_to_dict(vs.model._base_manager.get(pk=obj.pk)) == before, (ids(vs), name)
    assert client_for(users["leader"]).post(url, own).status_code == 403
    assert clerk.post(url, own).status_code == 302  # its own data is accepted


@pytest.mark.parametrize("vs", [vs for vs in CASE_VIEWSETS if vs.has_action("import")], ids=ids)
def test_clerk_import_of_rows_for_another_area_is_refused_whole(vs, users, tree, client_for):
    inside, outside = make_object(vs, tree, users, tree["village11"]), make_object(vs, tree, users, tree["village21"])
    both, only_inside = ledger_file(vs, [inside, outside], users["staff"]), ledger_file(vs, [inside], users["staff"])
    vs.model._base_manager.filter(pk__in=[inside.pk, outside.pk]).delete()
    clerk, before = client_for(users["clerk"]), count(vs)
    url = reverse(vs.url_name("import"))
    response = clerk.post(url, {"file": both})
    assert response.status_code == 200 and not response.context["outcome"].ok, ids(vs)
    assert count(vs) == before
    assert client_for(users["leader"]).post(url, {"file": only_inside}).status_code == 403
    only_inside.seek(0)
    response = clerk.post(url, {"file": only_inside})
    assert response.status_code == 302 and count(vs) == before + 1, (ids(vs), response.context and [
        (e.column, e.message) for e in response.context["outcome"].errors])
