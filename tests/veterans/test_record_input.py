"""Choosing a veteran on the family-member, card, archive, check and volunteer forms: a search box
with suggestions (name, masked ID number, village), scoped like the list, instead of a select."""

import re

from django.urls import reverse

from tests.factories import VeteranFactory
from veterans.models import FamilyMember

URL = reverse("core:record_autocomplete", args=["veterans.veteran"])


def options(response):
    return re.findall(r'<option value="([^"]*)" data-pk="(\d+)"></option>', response.content.decode())


def test_suggestions_show_name_masked_id_and_village_within_the_users_area(tree, users, client_for):
    mine = VeteranFactory(name="王建军", area=tree["village11"])
    VeteranFactory(name="王建军", area=tree["village21"])  # another township
    client = client_for(users["clerk"])

    found = options(client.get(URL, {"veteran__search": "王建"}))

    assert found == [(f"王建军 · {mine.id_number[:4]}**********{mine.id_number[-4:]} · 1镇1村", str(mine.pk))]
    assert mine.id_number not in client.get(URL, {"q": "王建"}).content.decode()
    assert options(client.get(URL, {"q": "wjj"})) == found  # pinyin initials, as the list's search
    assert options(client.get(URL, {"q": mine.id_number})) == found  # the whole number; a tail only for revealing roles
    assert options(client.get(URL, {"q": mine.id_number[-4:]})) == []
    assert options(client.get(URL, {"q": ""})) == []


def test_same_name_same_village_are_told_apart(tree, users, client_for):
    a = VeteranFactory(name="李强", area=tree["village11"], id_number="330727198808080113")
    b = VeteranFactory(name="李强", area=tree["village11"], id_number="33072719880808013X")
    found = dict((pk, text) for text, pk in options(client_for(users["staff"]).get(URL, {"q": "李强"})))
    assert found[str(a.pk)].startswith("李强 · 3307**********0113")
    assert found[str(b.pk)].startswith("李强 · 3307**********013X")


def test_suggestions_are_closed_to_roles_and_models_without_them(tree, users, client, client_for):
    VeteranFactory(name="王建军", area=tree["village11"])
    assert client.get(URL, {"q": "王"}).status_code == 302  # anonymous: to login
    assert client_for(users["admin"]).get(URL, {"q": "王"}).status_code == 404
    assert client_for(users["auditor"]).get(URL, {"q": "王"}).status_code == 404
    no_autocomplete = reverse("core:record_autocomplete", args=["veterans.volunteerteam"])
    assert client_for(users["staff"]).get(no_autocomplete, {"q": "队"}).status_code == 404
    assert client_for(users["staff"]).get(reverse("core:record_autocomplete", args=["no.such"])).status_code == 404


def test_family_form_offers_a_search_box_not_a_select_and_saves_the_chosen_veteran(tree, users, client_for):
    veterans = [VeteranFactory(area=tree["village11"]) for _ in range(30)]
    client = client_for(users["clerk"])
    chosen = veterans[7]

    page = client.get(reverse("veterans:familymember_add"), {"veteran": chosen.pk}).content.decode()

    assert '<select name="veteran"' not in page
    assert re.search(rf'<input type="hidden" name="veteran" id="id_veteran_value" value="{chosen.pk}">', page)
    assert f'value="{chosen.name} · {chosen.id_number[:4]}**********' in page
    response = client.post(reverse("veterans:familymember_add"), {"veteran": chosen.pk, "name": "刘芳", "relationship": "spouse"})
    assert response.status_code == 302
    assert FamilyMember.objects.get(name="刘芳").veteran == chosen

    outside = VeteranFactory(area=tree["village21"])
    refused = client.post(reverse("veterans:familymember_add"), {"veteran": outside.pk, "name": "赵某", "relationship": "spouse"})
    assert "所选记录不存在或不在您的管辖范围内" in refused.content.decode()
    assert outside.id_number not in refused.content.decode()
    empty = client.post(reverse("veterans:familymember_add"), {"veteran": "", "name": "赵某", "relationship": "spouse"})
    assert "请输入姓名、拼音或完整身份证号，并从候选中选择。" in empty.content.decode()
    assert not FamilyMember.objects.filter(name="赵某").exists()
