"""The veterans app's Excel ledgers: columns, masking, round trips, updates, all-or-nothing, messy files."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AccessLog
from tests.factories import FamilyMemberFactory, VeteranFactory, VolunteerTeamFactory
from tests.veterans.helpers import XLSX_TYPE, downloaded, id_number, sheet_rows, wrong_check_digit, xlsx
from veterans import ledgers
from veterans.models import (
    AnnualCheck,
    FamilyMember,
    PreferentialCard,
    Veteran,
    VolunteerActivity,
    VolunteerMember,
    VolunteerTeam,
    card_workflow,
)

pytestmark = pytest.mark.django_db

HEADER = ["序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "联系电话", "户籍地址", "所属镇街", "所属村居",
          "区划代码", "入伍时间", "退役时间", "退役方式", "服役部队", "退役时军衔/职务", "政治面貌", "文化程度", "优待证状态",
          "建档立卡", "状态", "系统编号"]
HISTORY = Veteran.history.model


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # error workbooks


@pytest.fixture
def veterans(tree, users):
    first = VeteranFactory(area=tree["village11"], name="张三", phone="13812345678", address="第1镇1村1号", unit="某部",
                           rank="上士", political_status="party", education="senior", branch="army", documented=True,
                           id_number=id_number(datetime.date(1970, 4, 5), check="X"), merits="三等功1次", note="备注保留")
    second = VeteranFactory(area=tree["village12"], name="曾国强", phone="", discharge_category="retired")
    third = VeteranFactory(area=tree["township1"], name="单丽", id_number=id_number(datetime.date(1988, 8, 8), female=True))
    card = PreferentialCard.objects.create(veteran=first)
    card_workflow.apply(card, "issue", user=users["staff"])
    return [first, second, third]


def export(client, url_name="veterans:veteran_export", **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    return downloaded(response)


def upload(client, data, url_name="veterans:veteran_import", update=False, name="台账.xlsx"):
    payload = {"file": SimpleUploadedFile(name, data, content_type=XLSX_TYPE)}
    if update:
        payload["update"] = "on"
    return client.post(reverse(url_name), payload)


def messages(response):
    """The messages of this response (the test client keeps undelivered ones of earlier requests too)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def outcome_of(response):
    assert response.status_code == 200, response.status_code
    return response.context["outcome"]


def replace_rows(data, change):
    """The exported workbook with `change(sheet)` applied."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook.worksheets[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column(name):
    return HEADER.index(name) + 1


# ---------------------------------------------------------------- export


def test_export_columns_and_values(veterans, users, client_for):
    rows = sheet_rows(export(client_for(users["staff"]), full="1", purpose="核对全县名册"))

    assert rows[0][0] == "退役军人台账"
    assert rows[4] == HEADER
    by_name = {row[1]: dict(zip(HEADER, row, strict=True)) for row in rows[5:]}
    assert [row[:2] for row in rows[5:]] == [[1, "单丽"], [2, "张三"], [3, "曾国强"]]  # by area code, then name
    zhang = by_name["张三"]
    assert zhang["公民身份号码"] == veterans[0].id_number and zhang["公民身份号码"].endswith("X")
    assert zhang["联系电话"] == "13812345678"
    assert (zhang["性别"], zhang["出生日期"].date(), zhang["民族"]) == ("男", datetime.date(1970, 4, 5), "汉族")
    assert (zhang["所属镇街"], zhang["所属村居"], zhang["区划代码"]) == ("第1镇", "1镇1村", "330727001001")
    assert zhang["入伍时间"].date() == veterans[0].enlistment_date
    assert (zhang["退役方式"], zhang["政治面貌"], zhang["文化程度"]) == ("自主就业", "中共党员", "高中/中专")
    assert (zhang["优待证状态"], zhang["建档立卡"], zhang["状态"]) == ("已发放", "是", "在册")
    zeng = by_name["曾国强"]
    assert (zeng["优待证状态"], zeng["建档立卡"], zeng["退役方式"]) == ("未申请", "否", "退休")
    assert (by_name["单丽"]["所属镇街"], by_name["单丽"]["所属村居"], by_name["单丽"]["性别"]) == ("第1镇", None, "女")


def test_export_masks_for_the_clerk_and_follows_the_filters(veterans, tree, users, client_for):
    VeteranFactory(area=tree["village21"], name="外镇人")
    clerk_rows = sheet_rows(export(client_for(users["clerk"])))[5:]
    assert sorted(row[1] for row in clerk_rows) == sorted(["张三", "曾国强", "单丽"])
    zhang = next(dict(zip(HEADER, row, strict=True)) for row in clerk_rows if row[1] == "张三")
    assert zhang["公民身份号码"] == veterans[0].id_number[:4] + "*" * 10 + veterans[0].id_number[-4:]
    assert zhang["联系电话"] == "138****5678"
    log = AccessLog.objects.filter(kind="export").latest("id")
    assert log.detail["masked"] is True and log.detail["rows"] == 3

    staff_rows = sheet_rows(export(client_for(users["staff"]), q="zgq"))[5:]
    assert [row[1] for row in staff_rows] == ["曾国强"]
    assert sheet_rows(export(client_for(users["staff"]), card_status="issued"))[5][1] == "张三"


# ---------------------------------------------------------------- round trips


def test_veteran_ledger_round_trip_changes_nothing(veterans, users, client_for):
    client = client_for(users["staff"])
    data = export(client)
    history, updated = HISTORY.objects.count(), {v.pk: v.updated_at for v in Veteran.objects.all()}

    response = upload(client, data)
    assert response.status_code == 302
    assert messages(response) == ["导入成功：新增0条，更新0条，未变3条。"]

    response = upload(client, data, update=True)  # ticking update changes nothing either
    assert messages(response) == ["导入成功：新增0条，更新0条，未变3条。"]
    outcome = ledgers.veteran_ledger.import_file(io.BytesIO(data), user=users["staff"], update=True)
    assert (outcome.ok, outcome.created, outcome.updated, outcome.unchanged) == (True, 0, 0, 3)

    assert HISTORY.objects.count() == history
    assert {v.pk: v.updated_at for v in Veteran.objects.all()} == updated
    stored = Veteran.objects.get(pk=veterans[0].pk)
    assert (stored.merits, stored.note, stored.registered_on) == ("三等功1次", "备注保留", veterans[0].registered_on)


def test_a_clerks_masked_export_imports_back_unchanged(veterans, users, client_for):
    """A clerk's export has ID numbers and phones masked; its 系统编号 matches each row to its record
    and a cell still masked means "unchanged" (the import page suggests the export as a template)."""
    client = client_for(users["clerk"])
    data = export(client)
    history, updated = HISTORY.objects.count(), {v.pk: v.updated_at for v in Veteran.objects.all()}
    rows = sheet_rows(data)
    assert all("*" in row[HEADER.index("公民身份号码")] for row in rows[5:])
    assert sorted(row[-1] for row in rows[5:]) == sorted(v.pk for v in veterans)

    response = upload(client, data)

    assert messages(response) == ["导入成功：新增0条，更新0条，未变3条。"]
    assert HISTORY.objects.count() == history
    assert {v.pk: v.updated_at for v in Veteran.objects.all()} == updated
    assert {v.pk: v.id_number for v in Veteran.objects.all()} == {v.pk: v.id_number for v in veterans}


def test_a_clerk_edits_their_masked_export_and_only_the_edit_changes(veterans, users, client_for):
    client = client_for(users["clerk"])
    zhang = veterans[0]

    def edit(sheet):
        row = next(r for r in sheet.iter_rows(min_row=6) if r[HEADER.index("姓名")].value == "张三")
        row[HEADER.index("服役部队")].value = "某部三连"

    data = replace_rows(export(client), edit)
    assert messages(upload(client, data, update=True)) == ["导入成功：新增0条，更新1条，未变2条。"]
    stored = Veteran.objects.get(pk=zhang.pk)
    assert (stored.unit, stored.id_number, stored.phone) == ("某部三连", zhang.id_number, zhang.phone)


def test_a_masked_cell_without_a_record_is_refused(veterans, users, client_for):
    client = client_for(users["clerk"])

    def drop_keys(sheet):
        for r in sheet.iter_rows(min_row=6):
            r[HEADER.index("系统编号")].value = None

    outcome = outcome_of(upload(client, replace_rows(export(client), drop_keys)))
    assert not outcome.ok and Veteran.objects.count() == 3
    assert {e.message for e in outcome.errors} == {"此格是脱敏后的内容（含*），新记录不能导入，请填写完整信息。"}


def test_a_record_key_outside_the_area_reads_as_unknown(veterans, tree, users, client_for):
    """A clerk trying 系统编号 values learns nothing: another township's record and no record read alike."""
    outsider = VeteranFactory(area=tree["village21"], name="外镇人")
    client = client_for(users["clerk"])
    missing = Veteran._base_manager.order_by("-pk").first().pk + 1000

    def point_at(pk):
        def change(sheet):
            row = next(sheet.iter_rows(min_row=6, max_row=6))
            row[HEADER.index("系统编号")].value = pk
        return change

    messages_for = []
    for pk in (outsider.pk, missing):
        outcome = outcome_of(upload(client, replace_rows(export(client), point_at(pk)), update=True))
        (error,) = outcome.errors
        messages_for.append(error.message.replace(str(pk), "N"))
        assert error.column == "系统编号"
    assert messages_for[0] == messages_for[1] == "系统编号N不存在或不在您的管辖范围内；新记录请将此格留空。"
    assert Veteran.objects.get(pk=outsider.pk).name == "外镇人"


@pytest.fixture
def volunteer_data(veterans, tree):
    FamilyMemberFactory(veteran=veterans[0], name="刘芳", relationship="spouse", is_military_spouse=True)
    FamilyMemberFactory(veteran=veterans[0], name="张小明", relationship="child", id_number="", phone="")
    AnnualCheck.objects.create(veteran=veterans[1], year=2024, checked_on=datetime.date(2024, 11, 1), result="updated",
                               note="新电话")
    team = VolunteerTeamFactory(area=tree["township1"], name="第1镇应急救援队", phone="13800001111")
    VolunteerTeamFactory(area=tree["village11"], name="1村关爱队", founded_on=None)
    VolunteerMember.objects.create(team=team, veteran=veterans[0], joined_on=datetime.date(2022, 3, 1), duty="队长")
    VolunteerMember.objects.create(team=team, veteran=veterans[1], joined_on=datetime.date(2022, 4, 1))
    VolunteerActivity.objects.create(team=team, date=datetime.date(2025, 4, 4), title="清明祭扫", kind="memorial",
                                     place="烈士陵园", participants=20, service_hours="40.5")
    VolunteerActivity.objects.create(team=team, date=datetime.date(2025, 5, 1), title="防汛演练", kind="rescue", participants=12,
                                     service_hours=24)


@pytest.mark.parametrize("model, prefix, count", [
    (FamilyMember, "veterans:familymember", 2),
    (AnnualCheck, "veterans:annualcheck", 1),
    (VolunteerTeam, "veterans:volunteerteam", 2),
    (VolunteerMember, "veterans:volunteermember", 2),
    (VolunteerActivity, "veterans:volunteeractivity", 2),
])
def test_family_check_and_volunteer_ledgers_round_trip(volunteer_data, users, client_for, model, prefix, count):
    client = client_for(users["staff"])
    data = export(client, f"{prefix}_export")
    assert len(sheet_rows(data)[5:]) == count
    before = list(model.objects.order_by("pk").values())
    history = model.history.model.objects.count()

    response = upload(client, data, f"{prefix}_import")

    assert response.status_code == 302, response.context["outcome"].errors
    assert messages(response) == [f"导入成功：新增0条，更新0条，未变{count}条。"]
    assert list(model.objects.order_by("pk").values()) == before
    assert model.history.model.objects.count() == history


def test_family_ledger_adds_and_updates_members(volunteer_data, veterans, users):
    with ledgers.family_ledger.export(FamilyMember.objects.all(), user=users["staff"]).open() as handle:
        data = handle.read()

    def edit(sheet):
        assert sheet.cell(row=6, column=4).value == "刘芳" and sheet.cell(row=5, column=8).value == "工作单位"
        sheet.cell(row=6, column=8).value = "县人民医院"
        sheet.append([3, "曾国强", veterans[1].id_number, "李梅", "配偶", "", "", "", "否", "否", ""])

    changed = replace_rows(data, edit)
    outcome = ledgers.family_ledger.import_file(io.BytesIO(changed), user=users["staff"])
    assert not outcome.ok and FamilyMember.objects.count() == 2
    assert outcome.errors[0].message == "该记录已存在且内容不同；如需更新，请勾选“更新已有记录”。"

    outcome = ledgers.family_ledger.import_file(io.BytesIO(changed), user=users["staff"], update=True)
    assert (outcome.ok, outcome.created, outcome.updated, outcome.unchanged) == (True, 1, 1, 1)
    assert FamilyMember.objects.get(name="刘芳").work_unit == "县人民医院"
    assert FamilyMember.objects.get(name="李梅").veteran == veterans[1]


def test_two_rows_sharing_a_unique_value_are_refused_not_crashed(veterans, users):
    """Two new family members of one veteran with the same ID number: each passes the database's check
    alone; the file is refused with the row named, nothing is written (it used to fail at the insert)."""
    member_id = id_number(datetime.date(2001, 2, 3), start=40)
    header = ["退役军人姓名", "退役军人身份证号", "姓名", "关系", "公民身份号码"]
    data = xlsx([header, ["曾国强", veterans[1].id_number, "李梅", "配偶", member_id],
                 ["曾国强", veterans[1].id_number, "李小梅", "子女", member_id]])

    outcome = ledgers.family_ledger.import_file(SimpleUploadedFile("家属.xlsx", data, content_type=XLSX_TYPE), user=users["staff"])

    assert not outcome.ok and outcome.created == 0
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [(3, "公民身份号码", "退役军人、公民身份号码与第2行重复。")]
    assert not FamilyMember.objects.filter(id_number=member_id).exists()


# ---------------------------------------------------------------- create and update


def test_import_creates_new_and_updates_existing_only_when_asked(veterans, tree, users, client_for):
    client = client_for(users["staff"])
    data = export(client)
    new_number = id_number(datetime.date(1979, 9, 9), start=40)

    def edit(sheet):
        for row in sheet.iter_rows(min_row=6):
            if row[1].value == "曾国强":
                row[column("联系电话") - 1].value = "13698765432"
                row[column("服役部队") - 1].value = "某舰队"
        sheet.append([4, "周建国", "男", "汉族", new_number, None, "13511112222", "", "第1镇", "1镇2村", None,
                      datetime.datetime(1997, 12, 1), datetime.datetime(2001, 12, 1), "自主就业", "", "", "群众", "", "",
                      "否", ""])

    changed = replace_rows(data, edit)
    history = HISTORY.objects.count()

    outcome = outcome_of(upload(client, changed))
    assert not outcome.ok
    assert [(e.column, e.message) for e in outcome.errors] == [
        ("公民身份号码", "该记录已存在且内容不同；如需更新，请勾选“更新已有记录”。")]
    assert Veteran.objects.count() == 3 and HISTORY.objects.count() == history
    assert Veteran.objects.get(pk=veterans[1].pk).phone == ""

    response = upload(client, changed, update=True)
    assert messages(response) == ["导入成功：新增1条，更新1条，未变2条。"]
    updated = Veteran.objects.get(pk=veterans[1].pk)
    assert (updated.phone, updated.unit) == ("13698765432", "某舰队")
    assert updated.history.first().history_change_reason == "台账导入"
    assert updated.history.first().history_user == users["staff"]
    created = Veteran.objects.get(id_number=new_number)
    assert (created.name, created.area, created.birth_date, created.sex) == (
        "周建国", tree["village12"], datetime.date(1979, 9, 9), "M")
    assert (created.name_initials, created.name_pinyin) == ("zjg", "zhoujianguo")
    assert created.registered_on == datetime.date.today()
    assert created.history.count() == 1 and created.history.first().history_change_reason == "台账导入"
    assert HISTORY.objects.count() == history + 2
    response = client.get(reverse("veterans:veteran_list"), {"q": "zjg"})
    assert [row.record for row in response.context["table"].page.object_list] == [created]


def header_and(rows):
    return [HEADER[1:]] + rows


def row(name, number, *, township="第1镇", village="1镇1村", enlisted="2005-12-01", discharged="2007-12-01", category="自主就业",
        phone=""):
    values = dict.fromkeys(HEADER[1:], "")
    values.update({"姓名": name, "公民身份号码": number, "所属镇街": township, "所属村居": village, "入伍时间": enlisted,
                   "退役时间": discharged, "退役方式": category, "联系电话": phone})
    return [values[h] for h in HEADER[1:]]


def test_one_bad_row_and_nothing_is_written(veterans, tree, users, client_for):
    good = id_number(datetime.date(1980, 1, 1), start=10)
    bad = wrong_check_digit(id_number(datetime.date(1981, 1, 1), start=20))
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    data = xlsx(header_and([
        row("好人", good),
        row("校验错", bad),
        row("未来人", id_number(datetime.date(1982, 1, 1), start=30), enlisted=tomorrow, discharged=tomorrow),
        row("倒退人", id_number(datetime.date(1983, 1, 1), start=30), enlisted="2005-12-01", discharged="2003-12-01"),
        row("旧号人", "330727800101123"),
        row("重复人", good),
        row("无类别", id_number(datetime.date(1984, 1, 1), start=30), category=""),
        row("外镇人", id_number(datetime.date(1985, 1, 1), start=30), township="第2镇", village="2镇1村"),
        row("错类别", id_number(datetime.date(1986, 1, 1), start=30), category="光荣退休"),
    ]))
    client = client_for(users["clerk"])

    outcome = outcome_of(upload(client, data))

    assert not outcome.ok and outcome.created == 0
    assert Veteran.objects.count() == 3
    errors = {(e.row, e.column): e.message for e in outcome.errors}
    assert errors[(3, "公民身份号码")] == "公民身份号码校验位错误，请核对。"
    assert "日期不能晚于今天" in errors[(4, "入伍时间")]
    assert "退役时间不能早于入伍时间" in errors[(5, "退役时间")]
    assert errors[(6, "公民身份号码")] == "这是15位旧身份证号码，请填写18位公民身份号码。"
    assert errors[(7, "公民身份号码")] == "与第2行重复。"
    assert errors[(8, "退役方式")] == "必填项为空。"
    assert errors[(9, "所属村居")] == "区划“第2镇/2镇1村”不存在或不在您的管辖范围内。"
    assert errors[(10, "退役方式")].startswith("“光荣退休”不是可选值")
    assert outcome.error_rows == 8

    response = client.get(reverse("core:import_errors", args=[outcome.error_file]))
    error_rows = sheet_rows(downloaded(response))
    # Row N of the upload is row N of the error workbook (the header is row 1 in both).
    assert error_rows[0][-1].startswith("错误说明")
    reasons = {r[0]: r[-1] for r in error_rows[1:]}
    assert error_rows[2][0] == "校验错" and error_rows[2][-1].startswith("第3行：")
    assert reasons["校验错"] == "第3行：公民身份号码：公民身份号码校验位错误，请核对。"
    assert not reasons["好人"]
    assert client_for(users["staff"]).get(reverse("core:import_errors", args=[outcome.error_file])).status_code == 404


def test_an_id_registered_elsewhere_is_refused_without_naming_the_person(tree, users, client_for):
    other = VeteranFactory(area=tree["village21"], name="欧阳娜娜")
    data = xlsx(header_and([row("新名字", other.id_number)]))

    response = upload(client_for(users["clerk"]), data)

    outcome = outcome_of(response)
    assert [(e.column, e.message) for e in outcome.errors] == [("公民身份号码", "该记录已在其他地区登记（人员迁入请提交“迁入申请”）。")]
    body = response.content.decode()
    assert "欧阳娜娜" not in body and "2镇1村" not in body and "第2镇" not in body
    error_book = downloaded(client_for(users["clerk"]).get(reverse("core:import_errors", args=[outcome.error_file])))
    assert "欧阳娜娜" not in str(sheet_rows(error_book))
    assert Veteran.objects.get().name == "欧阳娜娜"


# ---------------------------------------------------------------- a messy ledger


def full_width(text):
    return text.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


def test_a_messy_ledger_from_a_township(tree, users):
    wang = id_number(datetime.date(1978, 5, 6), start=50)
    liu = id_number(datetime.date(1980, 3, 2), female=True, check="X")
    zeng = id_number(datetime.date(1976, 1, 1), start=60)
    rows = [
        ["云溪县第1镇退役军人信息登记表"],
        ["填报单位：第1镇人民政府", None, None, None, None, None, "填报日期：2025年3月"],
        [],
        ["序号", "基本信息", None, None, None, None, None, "户籍", None, "服役情况", None, None, None, None, "其他", None],
        [None, "*姓名", "民族", "身份证号码（18位）", "手机", "家庭住址", "学历", "镇街", "村（社区）", "入伍年月", "退伍时间",
         "安置方式", "原部队", "军衔", "政治面貌", "建档立卡"],
        [1, " 王 建 军 ", "汉族", full_width(wang), "138 1234 5678", "第1镇1村3号", "高中/中专", "第1镇", "1镇1村", 36130,
         "2001年12月", "自主就业", "某部", "中士", "中共党员", "是"],
        [],
        [None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
        [2, "刘红", "回族", liu.lower(), 13912345678, None, "大专", "第1镇", None, "1998-12", 37591.0, "逐月领取退役金",
         None, None, "群众", "否"],
        [3, "曾志", "汉族", f"{zeng[:6]} {zeng[6:14]} {zeng[14:]}", "", "", "", "第1镇", "1镇2村", datetime.datetime(1995, 12, 1),
         datetime.datetime(1999, 12, 1), "复员", "", "", "共青团员", ""],
        [],
        ["合计：3人"],
    ]
    data = xlsx(rows, title="2025年台账", merges=("A1:P1", "A4:A5", "B4:G4", "H4:I4", "J4:N4", "O4:P4"))

    outcome = ledgers.veteran_ledger.import_file(io.BytesIO(data), user=users["clerk"])

    assert outcome.ok, outcome.errors
    assert (outcome.created, outcome.updated, outcome.unchanged, outcome.total_rows) == (3, 0, 0, 3)
    w = Veteran.objects.get(id_number=wang)
    assert (w.name, w.phone, w.address, w.education, w.area) == (
        "王建军", "13812345678", "第1镇1村3号", "senior", tree["village11"])
    assert (w.enlistment_date, w.discharge_date) == (datetime.date(1998, 12, 1), datetime.date(2001, 12, 1))
    assert (w.discharge_category, w.unit, w.rank, w.political_status, w.documented) == (
        "self_employed", "某部", "中士", "party", True)
    assert (w.name_initials, w.sex, w.birth_date) == ("wjj", "M", datetime.date(1978, 5, 6))
    lady = Veteran.objects.get(id_number=liu)
    assert liu.endswith("X")
    assert (lady.name, lady.ethnicity, lady.phone, lady.area, lady.sex) == ("刘红", "回族", "13912345678", tree["township1"], "F")
    assert (lady.enlistment_date, lady.discharge_date) == (datetime.date(1998, 12, 1), datetime.date(2002, 12, 1))
    assert (lady.discharge_category, lady.political_status, lady.documented, lady.education) == (
        "monthly_pension", "masses", False, "college")
    z = Veteran.objects.get(id_number=zeng)
    assert (z.area, z.enlistment_date, z.discharge_category, z.political_status) == (
        tree["village12"], datetime.date(1995, 12, 1), "demobilised", "league")
    assert (z.name_initials, z.name_pinyin) == ("zz", "zengzhi")

    # the same messy file again: everything matches by ID number and nothing changes
    again = ledgers.veteran_ledger.import_file(io.BytesIO(data), user=users["clerk"])
    assert (again.ok, again.created, again.updated, again.unchanged) == (True, 0, 0, 3)


def test_a_file_without_the_id_column_is_refused(users):
    data = xlsx([["姓名", "退役方式"], ["张三", "自主就业"]])
    outcome = ledgers.veteran_ledger.import_file(io.BytesIO(data), user=users["staff"])
    assert not outcome.ok and "公民身份号码" in outcome.file_error
    assert not Veteran.objects.exists()


# ---------------------------------------------------------------- queries of an import


def test_an_imports_queries_do_not_grow_with_its_rows(tree, users):
    """Look-ups are shared by the rows of one import (areas, the ID check against stored records,
    the uniqueness of the key): ten rows and forty rows are validated with the same queries, one
    for all the areas named (the user's areas, loaded at the first; it was one per distinct area, a
    query for most rows of a province's ledger); the write path adds two, whatever the rows: the areas linked are the
    clerk's, the rows written are visible to the clerk.  (The writes are bulk inserts, which SQLite
    splits by its variable limit.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(count, start):
        return [row(f"新兵{n}", id_number(datetime.date(1980, 1, 1 + n % 28), start=start + n),
                    village="1镇1村" if n % 2 else "1镇2村") for n in range(count)]

    reads = []
    for count, start in ((10, 50), (40, 10)):  # ID sequences 50-59 and 10-49: all different
        upload_file = SimpleUploadedFile("台账.xlsx", xlsx(header_and(rows(count, start))), content_type=XLSX_TYPE)
        with CaptureQueriesContext(connection) as captured:
            outcome = ledgers.veteran_ledger.import_file(upload_file, user=users["clerk"])
        assert outcome.ok and outcome.created == count, outcome.errors
        reads.append([q["sql"] for q in captured if q["sql"].startswith("SELECT")])
    assert len(reads[0]) == len(reads[1]) <= 5, reads[1]  # 5 on SQLite, 4 on PostgreSQL
    assert Veteran.objects.count() == 50


def test_a_rebound_form_judges_a_row_as_a_new_form_would(veterans, tree, users):
    """An import validates every row with one form (CaseForm.rebind): errors, cleaned values and
    has_changed() must be those of a form built for the row."""
    from django.forms.models import model_to_dict

    from core.ledger import ImportContext
    from veterans.forms import VeteranForm

    stored = veterans[0]
    base = {"name": "新人", "id_number": id_number(datetime.date(1990, 3, 3), start=70), "area": tree["village11"].code,
            "enlistment_date": "2010-12-01", "discharge_date": "2012-12-01", "discharge_category": "self_employed",
            "ethnicity": "汉族", "political_status": "masses", "education": "senior", "branch": "army", "registered_on": "2020-01-01"}
    unchanged = {k: ("" if v is None else v) for k, v in model_to_dict(stored, fields=list(VeteranForm.base_fields)).items()}
    unchanged["documented"] = "on" if stored.documented else ""
    rows = [
        (base, None),
        ({**base, "id_number": wrong_check_digit(base["id_number"]), "discharge_date": "2009-01-01"}, None),
        ({**base, "area": tree["village21"].code}, None),  # outside the clerk's township
        (unchanged, stored),
        ({**unchanged, "unit": "另一部队"}, stored),
        (base, None),
    ]
    context = ImportContext(users["clerk"])
    shared = None
    verdicts = []
    for data, instance in rows:
        fresh = VeteranForm(data=dict(data), instance=instance, user=users["clerk"], import_context=ImportContext(users["clerk"]))
        if shared is None:
            shared = VeteranForm(data=dict(data), instance=instance, user=users["clerk"], import_context=context)
        else:
            shared.rebind(dict(data), instance)
        assert shared.is_valid() == fresh.is_valid()
        assert shared.errors == fresh.errors
        if fresh.is_valid():
            assert shared.cleaned_data == fresh.cleaned_data
            assert shared.has_changed() == fresh.has_changed()
            assert shared.changed_data == fresh.changed_data
        assert (shared.instance is instance) if instance is not None else shared.instance.pk is None
        verdicts.append((fresh.is_valid(), fresh.is_valid() and fresh.has_changed()))
    assert verdicts == [(True, True), (False, False), (False, False), (True, False), (True, True), (True, True)]


@pytest.mark.parametrize("name", ["veteran_ledger", "family_ledger", "annual_check_ledger", "member_ledger", "team_ledger",
                                  "activity_ledger"])
def test_ledgers_export_from_one_values_query_with_the_cells_records_give(name, volunteer_data, veterans, tree):
    """Export reads the declared database paths with one values_list() query; the cells are those
    the same columns give from the records (cell_value), whatever is missing (no card, no village)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ledger = getattr(ledgers, name)
    queryset = ledger.model.objects.order_by("pk")
    assert queryset.exists()
    with CaptureQueriesContext(connection) as captured:
        rows = list(ledger._rows(queryset))
    assert len(captured) == 1
    from_records = [[ledger.cell_value(obj, column) for column in ledger.columns] for obj in queryset]
    assert rows == from_records
    if name == "veteran_ledger":
        by_name = {row[0]: row for row in rows}
        header = [c.header for c in ledger.columns]
        assert by_name["张三"][header.index("优待证状态")] == "已发放"
        assert by_name["曾国强"][header.index("优待证状态")] == "未申请"
        assert by_name["单丽"][header.index("所属镇街")] == "第1镇" and by_name["单丽"][header.index("所属村居")] == ""
        assert by_name["张三"][header.index("性别")] in ("男", "女") and by_name["张三"][header.index("建档立卡")] == "是"


def test_the_values_export_keeps_formula_like_text_as_text(tree, users):
    """The veteran ledger is exported from values (no records): the same guard against formulas and
    characters XML cannot hold applies."""
    import zipfile

    VeteranFactory(area=tree["village11"], name="=SUM(A1)", unit="+1+2", address="-3+4\x07", rank="@A1")
    result = ledgers.veteran_ledger.export(Veteran.objects.visible_to(users["staff"]), user=users["staff"])
    with result.open() as handle:
        content = handle.read()
    sheet = load_workbook(io.BytesIO(content)).active
    row = {header: cell for header, cell in zip(ledgers.veteran_ledger.header_row(), sheet[6], strict=True)}
    for header, text in {"姓名": "=SUM(A1)", "服役部队": "+1+2", "户籍地址": "-3+4", "退役时军衔/职务": "@A1"}.items():
        assert row[header].value == text and row[header].data_type == "s"
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_a_township_ledger_as_clerks_keep_it_imports(tree, users, client_for):
    """Title rows, the township's own header words, synonyms of choice labels (高中, 大学本科, 党员),
    GB 11643's specimen ID number, and the footer lines every township ledger ends with."""
    specimen = "11010519491231002X"
    second = id_number(datetime.date(1986, 7, 1), start=40)
    data = xlsx([
        ["云溪街道退役军人信息采集台账"],
        ["填报单位：第1镇退役军人服务站", None, None, None, "填报日期：2026年11月30日"],
        ["序号", "姓名", "身份证号", "联系电话", "镇街", "村（社区）", "入伍年月", "退伍时间", "安置方式", "政治面貌", "学历"],
        [1, "王秀英", specimen, "13812340001", "第1镇", "1镇1村", "1968年3月", "1972年12月", "自主就业", "党员", "高中"],
        [2, "李 卫 东", second.lower(), "", "第1镇", "1镇2村", "2004.12", "2006.12", "安置工作", "中共预备党员", "大学本科"],
        ["合计", "2人"],
        ["制表人：赵敏", None, None, "审核人：钱伟", None, "填报日期：2026-11-30"],
        ["注：身份证号须18位。"],
    ])

    response = upload(client_for(users["clerk"]), data)

    # The 注 line fills no column of the ledger: passed over as blank, not counted as a footer.
    assert messages(response) == ["导入成功：新增2条，更新0条，未变0条。（已跳过表尾2行：合计、制表人等）"]
    wang = Veteran.objects.get(id_number=specimen)
    assert (wang.name, wang.political_status, wang.education, wang.area_id) == ("王秀英", "party", "senior", tree["village11"].pk)
    assert (wang.birth_date, wang.sex, wang.enlistment_date) == (datetime.date(1949, 12, 31), "F", datetime.date(1968, 3, 1))  # 17th digit 2: female
    li = Veteran.objects.get(id_number=second)
    assert (li.name, li.discharge_category, li.political_status, li.education) == ("李卫东", "arranged", "probationary", "bachelor")


def test_a_value_that_is_no_synonym_says_what_is_accepted(tree, users):
    data = xlsx(header_and([row("王五", id_number(datetime.date(1980, 2, 2), start=50)) for _ in range(1)]))
    workbook = load_workbook(io.BytesIO(data))
    workbook.active.cell(2, HEADER.index("文化程度")).value = "夜校"
    buffer = io.BytesIO()
    workbook.save(buffer)

    outcome = ledgers.veteran_ledger.import_file(io.BytesIO(buffer.getvalue()), user=users["clerk"])

    (error,) = outcome.errors
    assert error.column == "文化程度"
    assert error.message == "“夜校”不是可选值，可选：小学、初中、高中/中专、大专、本科、研究生"


def test_a_wrong_check_digit_is_refused_in_an_import(tree, users):
    outcome = ledgers.veteran_ledger.import_file(io.BytesIO(xlsx(header_and([row("王五", "110105194912310021")]))),
                                                 user=users["clerk"])
    (error,) = outcome.errors
    assert (error.row, error.column, error.message) == (2, "公民身份号码", "公民身份号码校验位错误，请核对。")
    assert not Veteran.objects.exists()
