"""No English reaches a clerk: every registered list, detail, edit and import page, the section pages
and the error pages are walked, and any Latin word in a table header, label, heading (h2-h6), legend
or button fails (a field without a Chinese verbose name showed as Name, Veteran, Year, Team)."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from core.registry import SECTION_LABELS, registry
from core.roles import Role
from tests.factories import FamilyMemberFactory, VolunteerTeamFactory
from tests.walk import make_object
from veterans.models import AnnualCheck, VolunteerMember

VIEWSETS = sorted(registry.all(), key=lambda vs: vs.model._meta.label_lower)
# h1 and <title> name the record (a username, a station's name): data, not labels.
TEXT_TAGS = ("th", "label", "legend", "button", "h2", "h3", "h4", "h5", "h6", "dt", "caption")
ALLOWED = {"Excel", "xlsx", "ID", "IP", "X", "Word"}  # names of things a clerk knows by these words


def latin_words(html):
    """(tag, text) of the visible texts of TEXT_TAGS that hold a Latin word."""
    found = []
    for tag in TEXT_TAGS:
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, flags=re.S):
            text = re.sub(r"<[^>]+>", " ", inner)
            words = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED
            if words:
                found.append((tag, " ".join(text.split())))
    return found


def reader_for(vs, users):
    for role in (Role.STAFF, Role.LEADER, Role.AUDITOR, Role.ADMIN):
        if role in vs.read_roles:
            return users[role.value]
    raise AssertionError(vs)


def writer_for(vs, users):
    return next((users[r.value] for r in (Role.STAFF, Role.CLERK, Role.ADMIN) if r in vs.write_roles), None)


@pytest.mark.parametrize("vs", VIEWSETS, ids=lambda vs: vs.model._meta.label_lower)
def test_every_page_of_every_model_is_chinese(vs, users, tree, client_for):
    obj = make_object(vs, tree, users)
    if vs.model._meta.label_lower == "veterans.veteran":  # its related blocks, filled
        FamilyMemberFactory(veteran=obj)
        AnnualCheck.objects.create(veteran=obj, year=2025)
        VolunteerMember.objects.create(team=VolunteerTeamFactory(area=obj.area), veteran=obj)
    urls = [reverse(vs.url_name("list"))]
    if vs.has_action("detail"):
        urls.append(reverse(vs.url_name("detail"), args=[obj.pk]))
    writer = writer_for(vs, users)
    pages = [(reader_for(vs, users), url) for url in urls]
    if writer is not None:
        pages += [(writer, reverse(vs.url_name(a), args=[obj.pk] if a == "edit" else [])) for a in ("add", "edit", "import")
                  if vs.has_action(a)]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert latin_words(response.content.decode()) == [], url


def test_section_pages_are_chinese(users, client_for):
    for key, _label in SECTION_LABELS:
        for role in ("staff", "clerk", "leader", "admin", "auditor"):
            response = client_for(users[role]).get(reverse(f"section_{key}"))
            assert response.status_code == 200, (key, role)
            assert latin_words(response.content.decode()) == [], (key, role)


@override_settings(DEBUG=False)
def test_error_pages_are_chinese(users, client, client_for):
    missing = client_for(users["clerk"]).get("/veterans/veteran/999999/")
    assert missing.status_code == 404
    body = missing.content.decode()
    assert "页面不存在" in body and not re.search(r"Not Found|The requested", body)
    forbidden = client_for(users["admin"]).get(reverse("veterans:veteran_list"))
    assert forbidden.status_code == 403 and "无权" in forbidden.content.decode()
    assert "页面不存在" in client.get("/no/such/page/").content.decode()


def test_the_server_error_page_is_chinese(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and "系统出错" in body and "Server Error" not in body
