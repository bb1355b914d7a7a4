"""Every date box of every registered form holds its value as ISO 8601, the only form an
<input type="date"> can hold: a 2026/12/02 value shows blank and saving the form erased it."""

import datetime
import re

import pytest
from django import forms
from django.urls import reverse

from core.registry import registry
from core.roles import Role
from tests.factories import VeteranFactory
from tests.walk import make_object

DAY = datetime.date(2019, 8, 1)
VIEWSETS = sorted((vs for vs in registry.all() if vs.form_class is not None and vs.has_action("edit")),
                  key=lambda vs: vs.model._meta.label_lower)


def date_inputs(html):
    """{name: (type, value)} of the <input>s of a page."""
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        if name:
            kind = re.search(r'\btype="([^"]+)"', tag)
            value = re.search(r'\bvalue="([^"]*)"', tag)
            found[name[1]] = (kind[1] if kind else "text", value[1] if value else None)
    return found


def writer_for(vs, users):
    return next(users[role] for role in ("staff", "admin") if Role(role) in vs.write_roles)


@pytest.mark.parametrize("vs", VIEWSETS, ids=lambda vs: vs.model._meta.label_lower)
def test_edit_form_renders_every_date_as_iso(vs, users, tree, client_for):
    obj = make_object(vs, tree, users)
    date_fields = [name for name, field in vs.form_class.base_fields.items() if isinstance(field, forms.DateField)]
    if date_fields:
        type(obj)._base_manager.filter(pk=obj.pk).update(**dict.fromkeys(date_fields, DAY))
    html = client_for(writer_for(vs, users)).get(reverse(vs.url_name("edit"), args=[obj.pk])).content.decode()
    inputs = date_inputs(html)
    for name in date_fields:
        assert inputs[name] == ("date", "2019-08-01"), (vs.model._meta.label_lower, name, inputs.get(name))


def test_new_record_date_default_is_iso(users, client_for):
    """登记日期 defaults to today: the browser must be able to show (and so send) it."""
    html = client_for(users["staff"]).get(reverse("veterans:veteran_add")).content.decode()
    assert date_inputs(html)["registered_on"] == ("date", datetime.date.today().isoformat())


@pytest.mark.parametrize("vs", [vs for vs in VIEWSETS if vs.object_actions], ids=lambda vs: vs.model._meta.label_lower)
def test_action_forms_use_date_inputs(vs, users, tree):
    obj = make_object(vs, tree, users)
    for action in vs.object_actions:
        form = action.form_class(obj=obj, user=users["staff"], initial={})
        for name, field in form.fields.items():
            if isinstance(field, forms.DateField):
                html = str(form[name])
                assert 'type="date"' in html, (action.name, name)
                form_with_value = action.form_class(obj=obj, user=users["staff"], initial={name: DAY})
                assert 'value="2019-08-01"' in str(form_with_value[name]), (action.name, name)


def test_chinese_date_text_is_still_accepted(users, tree):
    from veterans.forms import DeathForm

    obj = VeteranFactory(area=tree["village11"])
    for text in ("2026-01-05", "2026/01/05", "2026年1月5日"):
        form = DeathForm(data={"death_date": text}, obj=obj, user=users["staff"])
        assert form.is_valid(), (text, form.errors)
        assert form.cleaned_data["death_date"] == datetime.date(2026, 1, 5)
