"""Section pages (/veterans/, /reports/ …): the section's lists with their counts in the user's area,
and the actions the user's role may take; unbuilt sections say so instead of answering 404."""

import re

from django.urls import reverse

from core.registry import SECTION_PATHS, registry
from tests.factories import VeteranFactory


def entries(response):
    """{label: (count or None, [action labels])} of a section page."""
    html = response.content.decode()
    found = {}
    for card in re.findall(r'<div class="card h-100">(.*?)</div>\s*</div>\s*</div>', html, flags=re.S):
        label = re.search(r'<h2 class="h6 card-title"><a href="[^"]+">([^<]+)</a>', card)[1]
        count = re.search(r'text-decoration-none" href="[^"]+">(\d+)</a>', card)
        actions = re.findall(r'class="btn btn-sm [^"]+" href="[^"]+">([^<]+)</a>', card)
        found[label] = (int(count[1]) if count else None, actions)
    return found


def test_section_roots_answer_for_every_section(users, client, client_for):
    for key, prefix in SECTION_PATHS.items():
        assert reverse(f"section_{key}") == f"/{prefix}"
        assert client.get(f"/{prefix}").status_code == 302  # anonymous: to login
        assert client_for(users["staff"]).get(f"/{prefix}").status_code == 200
    for key, prefix in SECTION_PATHS.items():  # a section without pages says it is being built; one with pages does not
        built = bool(registry.sections[key].items)
        assert ("本栏目建设中" in client_for(users["staff"]).get(f"/{prefix}").content.decode()) != built, key
    assert "本栏目建设中" not in client_for(users["staff"]).get("/placement/").content.decode()


def test_veterans_section_counts_the_users_area_and_offers_its_actions(tree, users, client_for):
    for village in ("village11", "village12", "village21"):
        VeteranFactory(area=tree[village])

    clerk = entries(client_for(users["clerk"]).get("/veterans/"))
    staff = entries(client_for(users["staff"]).get("/veterans/"))
    leader = entries(client_for(users["leader"]).get("/veterans/"))

    assert clerk["退役军人"] == (2, ["新增", "导入台账", "导出台账"])  # township 1 only
    assert staff["退役军人"][0] == 3 and leader["退役军人"] == (3, ["导出台账"])  # leaders read and export, never write
    assert clerk["家庭成员"][0] == 0
    assert "您的角色无需使用本栏目" in client_for(users["admin"]).get("/veterans/").content.decode()


def test_every_section_link_on_the_home_page_opens(users, client_for):
    client = client_for(users["staff"])
    html = client.get(reverse("home")).content.decode()
    for key, prefix in SECTION_PATHS.items():
        assert f'href="/{prefix}"' in html, key
