"""Scoping, forms, workflow, audit, masking and login of the core platform."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core import idnumber
from core.models import AccessKind, AccessLog, TransitionLog, User, codes_above
from core.roles import Role
from core.workflow import TransitionNotAllowed
from stations.models import ServiceStation, StationInspection
from tests.factories import PASSWORD, ServiceStationFactory, StationInspectionFactory, UserFactory, make_id_number

# ------------------------------------------------------------------ ID numbers and masking


# Known answers worked out from GB 11643-1999 §8.2: the 17 digits times the weights
# 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, summed, the sum mod 11 (r), and the check digit the
# standard's table gives for r (0->1 1->0 2->X 3->9 4->8 5->7 6->6 7->5 8->4 9->3 10->2).
# Every remainder 0..10 appears at least once.
KNOWN_ANSWERS = [
    # number               weighted products                                     sum  r
    ("11010519491231002X", "7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4", 167, 2),  # the standard's specimen
    ("440301199001011234", "28+36+0+15+0+4+2+9+54+0+0+9+0+5+8+8+6", 184, 8),
    ("330727197503091239", "21+27+0+35+16+28+2+9+42+15+0+27+0+45+8+8+6", 289, 3),
    ("510107198512301525", "35+9+0+5+0+28+2+9+48+15+7+18+30+0+8+20+4", 238, 7),
    ("620102196802290347", "42+18+0+5+0+8+2+9+36+24+0+18+20+45+0+12+8", 247, 5),
    ("650102200001010098", "42+45+0+5+0+8+4+0+0+0+0+9+0+5+0+0+18", 136, 4),
    ("370202195910104766", "21+63+0+10+0+8+2+9+30+27+7+0+10+0+32+28+12", 259, 6),
    ("210203199311110021", "14+9+0+10+0+12+2+9+54+9+7+9+10+5+0+0+4", 154, 0),
    ("330702196608158880", "21+27+0+35+0+8+2+9+36+18+0+72+10+25+64+32+16", 375, 1),
    ("330727198808080113", "21+27+0+35+16+28+2+9+48+24+0+72+0+40+0+4+2", 328, 9),
    ("330727198808080172", "21+27+0+35+16+28+2+9+48+24+0+72+0+40+0+4+14", 340, 10),
    ("33072719880808013X", "21+27+0+35+16+28+2+9+48+24+0+72+0+40+0+4+6", 332, 2),
]


@pytest.mark.parametrize(("number", "products", "total", "remainder"), KNOWN_ANSWERS)
def test_check_digit_known_answers(number, products, total, remainder):
    terms = [int(digit) * weight for digit, weight in zip(number[:17], idnumber.WEIGHTS, strict=True)]
    assert "+".join(map(str, terms)) == products and sum(terms) == total and total % 11 == remainder
    assert idnumber.check_digit(number[:17]) == number[17]
    assert idnumber.clean_id_number(number) == number
    assert idnumber.has_valid_check_digit(number)


@pytest.mark.parametrize("number", [
    "110105194912310021",  # the specimen with 1 for X
    "110105194912310020",
    "440301199001011235",
    "330727198808080112",  # r = 10 wants 2
    "330727198808080131",  # r = 2 wants X
    "210203199311110020",  # r = 0 wants 1
    "330702196608158881",  # r = 1 wants 0
])
def test_wrong_check_digits_are_refused(number):
    assert not idnumber.has_valid_check_digit(number)
    with pytest.raises(ValidationError, match="校验位错误") as caught:
        idnumber.clean_id_number(number)
    assert caught.value.code == "checksum"


def test_weights_are_the_standards():
    """W_i = 2**(i-1) mod 11 counted from the check digit's position (GB 11643 §8.2)."""
    assert idnumber.WEIGHTS == tuple(pow(2, 17 - i, 11) for i in range(17))


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
@hsettings(max_examples=300, deadline=None)
def test_exactly_one_check_digit_is_accepted(prefix):
    accepted = []
    for last in "0123456789X":
        try:
            idnumber.clean_id_number("11" + prefix[2:6] + "19800101" + prefix[14:] + last)
            accepted.append(last)
        except ValidationError as exc:
            assert exc.code == "checksum"
    assert len(accepted) == 1


def test_id_number_forgiving_input_and_clear_errors():
    number = make_id_number(born=datetime.date(1975, 3, 9))
    lower = number[:-1] + number[-1].lower()
    assert idnumber.clean_id_number(f" {lower} ") == number
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    assert idnumber.clean_id_number(wide) == number
    with pytest.raises(ValidationError, match="15位旧身份证"):
        idnumber.clean_id_number("330727750309123")
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        idnumber.clean_id_number(bad)
    future = make_id_number(born=datetime.date.today() + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="出生日期"):
        idnumber.clean_id_number(future)
    assert idnumber.birth_date(number) == datetime.date(1975, 3, 9)


def test_masks():
    assert idnumber.mask_id("440301199001011234") == "4403**********1234"
    assert idnumber.mask_phone("13812345678") == "138****5678"
    assert idnumber.clean_phone("138 1234-5678") == "13812345678"
    with pytest.raises(ValidationError):
        idnumber.clean_phone("12345")


# ------------------------------------------------------------------ scoping and forms


def test_codes_above_are_the_area_and_its_ancestors_province_first():
    assert codes_above("330727101201") == ["33", "3307", "330727", "330727101", "330727101201"]
    assert codes_above("330727101") == ["33", "3307", "330727", "330727101"]
    assert codes_above("33") == ["33"] and codes_above("") == [] and codes_above(None) == []


def test_visible_to_follows_the_area_tree(users, tree):
    in1 = ServiceStationFactory(area=tree["village11"])
    in2 = ServiceStationFactory(area=tree["village21"])
    assert set(ServiceStation.objects.visible_to(users["staff"])) == {in1, in2}
    assert list(ServiceStation.objects.visible_to(users["clerk"])) == [in1]
    assert not ServiceStation.objects.visible_to(users["admin"]).exists()
    assert not ServiceStation.objects.visible_to(users["auditor"]).exists()
    inspection = StationInspectionFactory(station=in2)
    assert not StationInspection.objects.visible_to(users["clerk"]).filter(pk=inspection.pk).exists()


def test_clerk_creates_with_own_area_by_default_and_cannot_leave_it(users, tree, client_for):
    client = client_for(users["clerk"])
    page = client.get(reverse("stations:servicestation_add")).content.decode()
    assert f'value="{tree["township1"].code}" selected' in page
    assert tree["township2"].name not in page
    response = client.post(reverse("stations:servicestation_add"), {"name": "外镇站", "area": tree["village21"].code, "staff_count": 1})
    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.content.decode()
    assert not ServiceStation.objects.filter(name="外镇站").exists()
    response = client.post(reverse("stations:servicestation_add"), {"name": "本镇站", "area": tree["township1"].code, "staff_count": "x"})
    assert "本镇站" in response.content.decode()  # what was typed is kept
    assert not ServiceStation.objects.filter(name="本镇站").exists()
    response = client.post(reverse("stations:servicestation_add"), {"name": "本镇站", "area": tree["village11"].code, "staff_count": 2})
    station = ServiceStation.objects.get(name="本镇站")
    assert response["Location"] == reverse("stations:servicestation_detail", args=[station.pk])
    assert station.level == 5  # derived from the village area


def test_edit_page_never_sends_the_full_phone_and_blank_keeps_it(users, tree, client_for):
    station = ServiceStationFactory(area=tree["township1"], phone="13912348765")
    client = client_for(users["staff"])
    page = client.get(reverse("stations:servicestation_edit", args=[station.pk])).content.decode()
    assert "13912348765" not in page and "139****8765" in page
    client.post(reverse("stations:servicestation_edit", args=[station.pk]),
                {"name": "新名", "area": station.area_id, "staff_count": 4, "phone": ""})
    station.refresh_from_db()
    assert (station.name, station.phone) == ("新名", "13912348765")
    assert station.history.count() == 2
    detail = client.get(reverse("stations:servicestation_detail", args=[station.pk])).content.decode()
    assert "新名" in detail and "变更历史" in detail


# ------------------------------------------------------------------ workflow


def test_workflow_records_and_refuses(users, tree):
    inspection = StationInspectionFactory(station=ServiceStationFactory(area=tree["township1"]))
    workflow = inspection.workflow
    with pytest.raises(TransitionNotAllowed, match="无权"):
        workflow.apply(inspection, "close", user=users["clerk"])  # clerks never approve
    with pytest.raises(TransitionNotAllowed, match="无权"):
        workflow.apply(inspection, "rectify", user=users["leader"])
    with pytest.raises(TransitionNotAllowed, match="不能执行"):
        workflow.apply(inspection, "reopen", user=users["staff"])
    inspection.refresh_from_db()
    assert inspection.status == "open" and not TransitionLog.objects.exists()
    workflow.apply(inspection, "rectify", user=users["clerk"], remark="已补齐台账")
    workflow.apply(inspection, "close", user=users["staff"])
    log = list(workflow.log(inspection))
    assert [(e.source, e.destination, e.user, e.remark) for e in log] == [
        ("open", "rectified", users["clerk"], "已补齐台账"), ("rectified", "closed", users["staff"], "")]
    assert inspection.history.first().history_change_reason.startswith("复核通过")


def test_refused_transition_from_the_page(users, tree, client_for):
    inspection = StationInspectionFactory(station=ServiceStationFactory(area=tree["township1"]))
    client = client_for(users["clerk"])
    response = client.post(reverse("stations:stationinspection_transition", args=[inspection.pk, "close"]), follow=True)
    assert "无权" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "open"


# ------------------------------------------------------------------ reveal and access log


def test_reveal_is_allowed_roles_only_and_logged(users, tree, client_for):
    station = ServiceStationFactory(area=tree["township1"], phone="13912348765")
    url = reverse("core:reveal", args=["stations.servicestation", station.pk, "phone"])
    assert client_for(users["staff"]).post(url).content.decode().count("13912348765") == 1
    entry = AccessLog.objects.get(kind=AccessKind.REVEAL)
    assert entry.username == "staff" and entry.detail["field"] == "phone"
    assert client_for(users["clerk"]).post(url).status_code == 403
    assert client_for(users["other_staff"]).post(url).status_code == 404
    assert client_for(users["staff"]).post(reverse("core:reveal", args=["stations.servicestation", station.pk, "name"])).status_code == 404
    assert client_for(users["staff"]).get(url).status_code == 405
    assert AccessLog.objects.filter(kind=AccessKind.REVEAL).count() == 1


def test_access_log_is_append_only_and_for_auditors(users, tree, client_for):
    entry = AccessLog.objects.create(kind=AccessKind.LOGIN_OK, username="x", area_code=tree["county"].code)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    page = client_for(users["auditor"]).get(reverse("core:accesslog_list")).content.decode()
    assert "登录成功" in page
    assert client_for(users["staff"]).get(reverse("core:accesslog_list")).status_code == 403
    from django.urls import NoReverseMatch

    for action in ("edit", "delete", "add"):
        with pytest.raises(NoReverseMatch):
            reverse(f"core:accesslog_{action}", args=[entry.pk] if action != "add" else [])


# ------------------------------------------------------------------ login


@pytest.mark.django_db
def test_login_logs_success_and_failure_with_same_message(client, tree):
    UserFactory(username="zhang", role=Role.CLERK, area=tree["township1"])
    bad = client.post(reverse("login"), {"username": "zhang", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    assert "用户名或密码错误" in bad.content.decode() and "用户名或密码错误" in unknown.content.decode()
    failures = AccessLog.objects.filter(kind=AccessKind.LOGIN_FAILED).order_by("id")
    assert [(e.username, e.ip, e.area_code) for e in failures] == [
        ("zhang", "10.1.2.3", tree["township1"].code), ("nobody", "10.1.2.3", "")]
    ok = client.post(reverse("login"), {"username": "zhang", "password": PASSWORD})
    assert ok.status_code == 302
    assert AccessLog.objects.filter(kind=AccessKind.LOGIN_OK, username="zhang").exists()


@pytest.mark.django_db
def test_five_failures_lock_the_account(client, tree):
    UserFactory(username="li", role=Role.CLERK, area=tree["township1"])
    for _ in range(5):
        client.post(reverse("login"), {"username": "li", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "li", "password": PASSWORD})
    assert locked.status_code == 429 and "锁定30分钟" in locked.content.decode()
    for _ in range(5):
        client.post(reverse("login"), {"username": "ghost", "password": "wrong"})
    ghost = client.post(reverse("login"), {"username": "ghost", "password": "wrong"})
    assert ghost.status_code == 429 and "锁定30分钟" in ghost.content.decode()


@pytest.mark.django_db
def test_password_rules_and_first_login_change(client, users, client_for):
    admin = client_for(users["admin"])
    data = {"username": "newclerk", "full_name": "新人", "role": Role.CLERK, "area": users["clerk"].area_id, "is_active": "on"}
    weak = admin.post(reverse("core:user_add"), {**data, "password1": "abcdefgh"})
    assert "至少3类" in weak.content.decode() and not User.objects.filter(username="newclerk").exists()
    admin.post(reverse("core:user_add"), {**data, "password1": "Start#2026a"})
    user = User.objects.get(username="newclerk")
    assert user.must_change_password
    client.post(reverse("login"), {"username": "newclerk", "password": "Start#2026a"})
    assert client.get(reverse("stations:servicestation_list"))["Location"] == reverse("password_change")
    client.post(reverse("password_change"), {"old_password": "Start#2026a", "new_password1": "Better#2026b",
                                             "new_password2": "Better#2026b"})
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.role == Role.PENDING  # the system administrator grants no role
    assert client.get(reverse("stations:servicestation_list")).status_code == 403
    grant = client_for(users["security"]).post(reverse("core:user_edit", args=[user.pk]), {"role": Role.CLERK})
    assert grant.status_code == 302
    assert client.get(reverse("stations:servicestation_list")).status_code == 200


def test_admin_cannot_create_users_outside_own_area(users, tree, client_for):
    admin = client_for(users["other_admin"])  # township 2
    response = admin.post(reverse("core:user_add"), {"username": "x1", "role": Role.CLERK, "area": tree["township1"].code,
                                                     "password1": "Start#2026a", "is_active": "on"})
    assert "不在您的管辖范围内" in response.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_session_idles_out_after_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST


def test_an_invalid_filter_shows_nothing_and_says_why(users, tree, client_for):
    ServiceStationFactory(area=tree["village11"], name="本镇站")
    client = client_for(users["clerk"])
    response = client.get(reverse("stations:servicestation_list"), {"within": tree["township2"].code})
    page = response.content.decode()
    assert response.context["total"] == 0 and "本镇站" not in page
    assert "is-invalid" in page or "invalid-feedback" in page


def test_workflow_log_shows_state_labels(users, tree, client_for):
    inspection = StationInspectionFactory(station=ServiceStationFactory(area=tree["township1"]))
    inspection.workflow.apply(inspection, "rectify", user=users["clerk"])
    page = client_for(users["staff"]).get(reverse("stations:stationinspection_detail", args=[inspection.pk])).content.decode()
    assert "待整改 → 已整改" in page


def test_area_filter_takes_a_name_or_a_code_and_suggests_options(users, tree, client_for):
    ServiceStationFactory(area=tree["village11"], name="一村站")
    ServiceStationFactory(area=tree["village12"], name="二村站")
    client = client_for(users["clerk"])
    by_name = client.get(reverse("stations:servicestation_list"), {"within": tree["village11"].name})
    assert [s.name for s in by_name.context["table"].data] == ["一村站"]
    by_code = client.get(reverse("stations:servicestation_list"), {"within": tree["township1"].code})
    assert by_code.context["total"] == 2
    options = client.get(reverse("core:area_autocomplete"), {"format": "options", "level": 5, "within": "村"}).content.decode()
    assert f'<option value="{tree["village11"].code}">第1镇/{tree["village11"].name}</option>' in options
    assert tree["village21"].code not in options  # outside the clerk's township


def test_detail_page_of_a_record_without_history(users, tree, client_for):
    station = ServiceStationFactory(area=tree["village11"])
    station.history.all().delete()  # as after a bulk load that wrote no history
    response = client_for(users["staff"]).get(reverse("stations:servicestation_detail", args=[station.pk]))
    assert response.status_code == 200 and "暂无记录" in response.content.decode()


def test_inside_is_the_area_and_everything_under_it_and_nothing_else(tree):
    from core.models import Area

    ServiceStationFactory(area=tree["village11"], name="a")
    ServiceStationFactory(area=tree["township1"], name="b")
    ServiceStationFactory(area=tree["village21"], name="c")
    assert sorted(s.name for s in ServiceStation.objects.inside(tree["township1"].code)) == ["a", "b"]
    assert sorted(s.name for s in ServiceStation.objects.inside(tree["county"].code)) == ["a", "b", "c"]
    assert [s.name for s in ServiceStation.objects.inside(tree["village21"].code)] == ["c"]
    codes = set(Area.objects.inside(tree["township1"].code).values_list("code", flat=True))
    assert codes == {tree["township1"].code, tree["village11"].code, tree["village12"].code}
    # a sibling whose code shares the prefix digits but not the prefix is outside
    sibling = Area.objects.create(code=tree["county"].code[:4] + "99", name="邻县", level=3, parent=tree["city"])
    ServiceStationFactory(area=sibling, name="d")
    assert "d" not in [s.name for s in ServiceStation.objects.inside(tree["county"].code)]


def test_totals_of_lists_that_are_not_case_records_are_always_counted(users, tree, client_for):
    """Only case records renew the data version that list totals are cached under: the user list and
    the access log count afresh."""
    admin = client_for(users["admin"])
    before = admin.get(reverse("core:user_list")).context["total"]
    UserFactory(username="newcomer", area=tree["township1"])
    assert admin.get(reverse("core:user_list")).context["total"] == before + 1

    auditor = client_for(users["auditor"])
    logged = auditor.get(reverse("core:accesslog_list")).context["total"]
    AccessLog.objects.create(kind=AccessKind.EXPORT, user=users["staff"], detail="test")
    assert auditor.get(reverse("core:accesslog_list")).context["total"] > logged


def test_a_change_renews_the_data_version_at_save_and_again_at_commit(tree, django_capture_on_commit_callbacks):
    """A request that read the old rows after the save but before the commit cached them under the
    version the save made: the commit renews it once more."""
    from core.dataversion import data_version

    start = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        ServiceStationFactory(name="新站", area=tree["village11"], level=5)
        at_save = data_version()
        assert at_save != start
    assert data_version() != at_save


def test_the_admins_user_page_masks_the_phone_and_keeps_it(users, client_for):
    clerk = users["clerk"]
    clerk.phone = "13812345678"
    clerk.save()
    admin = client_for(users["admin"])
    page = admin.get(reverse("core:user_edit", args=[clerk.pk])).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    response = admin.post(reverse("core:user_edit", args=[clerk.pk]), {
        "username": clerk.username, "full_name": "改名", "role": clerk.role, "area": clerk.area_id, "phone": "", "is_active": "on"})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert (clerk.full_name, clerk.phone) == ("改名", "13812345678")


@pytest.mark.django_db
def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(tree):
    """Anyone could lock any account by five bad passwords: the lock is per account and address."""
    from django.test import Client

    UserFactory(username="wang", role=Role.CLERK, area=tree["township1"])
    attacker, owner = Client(REMOTE_ADDR="10.9.9.9"), Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(6):
        attacker.post(reverse("login"), {"username": "wang", "password": "wrong"})
    assert attacker.post(reverse("login"), {"username": "wang", "password": PASSWORD}).status_code == 429
    response = owner.post(reverse("login"), {"username": "wang", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


# ------------------------------------------------------------------ separated administrator duties (三员分立)


def test_the_system_administrator_cannot_give_anyone_a_role(users, client_for):
    """An admin could set its own role to staff and then read and export everything unmasked."""
    admin_user = users["admin"]
    admin = client_for(admin_user)
    page = admin.get(reverse("core:user_edit", args=[admin_user.pk])).content.decode()
    assert 'name="role"' not in page
    admin.post(reverse("core:user_edit", args=[admin_user.pk]), {
        "username": "admin", "full_name": "管理员", "role": Role.STAFF, "area": admin_user.area_id, "is_active": "on"})
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN
    admin.post(reverse("core:user_add"), {"username": "sock", "role": Role.STAFF, "area": admin_user.area_id,
                                          "password1": "Start#2026a", "is_active": "on"})
    assert User.objects.get(username="sock").role == Role.PENDING
    assert admin.get(reverse("veterans:veteran_list")).status_code == 403


def test_the_security_administrator_grants_roles_but_not_its_own(users, client_for):
    security_user = users["security"]
    security = client_for(security_user)
    clerk = users["clerk"]
    page = security.get(reverse("core:user_edit", args=[clerk.pk])).content.decode()
    assert 'name="role"' in page and 'name="area"' not in page and 'name="new_password"' not in page
    assert security.post(reverse("core:user_edit", args=[clerk.pk]), {"role": Role.STAFF, "area": "33"}).status_code == 302
    clerk.refresh_from_db()
    assert clerk.role == Role.STAFF and clerk.area_id == "330727001"  # the role only
    own = security.post(reverse("core:user_edit", args=[security_user.pk]), {"role": Role.STAFF})
    assert "不能修改自己的角色" in own.content.decode()
    security_user.refresh_from_db()
    assert security_user.role == Role.SECURITY
    assert security.get(reverse("core:user_add")).status_code == 403  # accounts are the system administrator's
    assert security.get(reverse("veterans:veteran_list")).status_code == 403
    assert security.get(reverse("core:accesslog_list")).status_code == 403


def test_every_change_of_an_account_is_logged_and_the_auditor_exports_it(users, client_for, tree):
    from openpyxl import load_workbook

    admin, security = client_for(users["admin"]), client_for(users["security"])
    admin.post(reverse("core:user_add"), {"username": "newone", "full_name": "新人", "area": tree["township1"].code,
                                          "password1": "Start#2026a", "is_active": "on"})
    new = User.objects.get(username="newone")
    security.post(reverse("core:user_edit", args=[new.pk]), {"role": Role.CLERK})
    admin.post(reverse("core:user_edit", args=[new.pk]), {"username": "newone", "full_name": "新人", "area": tree["village11"].code,
                                                         "phone": "13812345678", "is_active": "on", "new_password": "Reset#2026b"})
    kinds = list(AccessLog.objects.filter(target="用户：newone").order_by("id").values_list("kind", flat=True))
    assert kinds == ["user_create", "role_change", "user_change", "password"]
    change = AccessLog.objects.get(kind="user_change", target="用户：newone")
    assert change.username == "admin" and change.detail["changes"]["area_id"] == ["330727001", "330727001001"]
    assert change.detail["changes"]["phone"] == ["", "138****5678"]
    role = AccessLog.objects.get(kind="role_change")
    assert role.username == "security" and role.detail["role"] == ["pending", "clerk"]

    auditor = client_for(users["auditor"])
    listed = auditor.get(reverse("core:accesslog_list"), {"kind": "role_change"})
    assert "security" in listed.content.decode()
    response = auditor.get(reverse("core:accesslog_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert any(row[2] == "角色授权" and row[3] == "security" for row in rows)


def test_a_lockout_is_logged_and_the_security_administrator_lifts_it(users, client, client_for, tree):
    victim = UserFactory(username="zhao", role=Role.CLERK, area=tree["township1"])
    for _ in range(5):
        client.post(reverse("login"), {"username": "zhao", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "zhao", "password": PASSWORD}).status_code == 429
    assert AccessLog.objects.filter(kind="lockout", username="zhao").exists()
    unlock = reverse("core:user_action", args=[victim.pk, "unlock"])
    assert client_for(users["admin"]).post(unlock).status_code == 403
    assert client_for(users["security"]).post(unlock).status_code == 302
    assert AccessLog.objects.filter(kind="unlock", target="用户：zhao").exists()
    assert client.post(reverse("login"), {"username": "zhao", "password": PASSWORD}).status_code == 302


def test_grant_role_sets_up_the_first_administrators_and_is_logged(tree):
    from django.core.management import CommandError, call_command

    UserFactory(username="secadmin", role=Role.PENDING, area=None)
    with pytest.raises(CommandError, match="没有所属区划"):
        call_command("grant_role", "secadmin", "security")
    call_command("grant_role", "secadmin", "security", "--area", tree["county"].code)
    user = User.objects.get(username="secadmin")
    assert (user.role, user.area_id) == (Role.SECURITY, tree["county"].code)
    assert AccessLog.objects.filter(kind="role_change", target="用户：secadmin").exists()
    with pytest.raises(CommandError, match="不存在"):
        call_command("grant_role", "secadmin", "security", "--area", "999999")


def test_every_change_of_an_area_is_logged_and_the_auditor_exports_it(users, client_for, tree):
    """Creating, editing, deleting or importing 行政区划 (the system administrator's duty) wrote no log entry."""
    from openpyxl import load_workbook

    from core.models import Area
    from core.registry import registry
    from tests.walk import ledger_file

    admin = client_for(users["admin"])
    assert admin.post(reverse("core:area_add"), {"code": "330727001003", "name": "1镇3村",
                                                 "parent": tree["township1"].code}).status_code == 302
    assert admin.post(reverse("core:area_edit", args=["330727001003"]), {"code": "330727001003", "name": "新建村",
                                                                         "parent": tree["township1"].code}).status_code == 302
    assert admin.post(reverse("core:area_delete", args=["330727001003"])).status_code == 302
    assert not Area.objects.filter(code="330727001003").exists()
    imported = Area.objects.create(code="330727002003", name="2镇3村", level=5, parent=tree["township2"])
    upload = ledger_file(registry.for_model(Area), [imported], users["admin"])  # exported, then imported anew
    imported.delete()
    assert admin.post(reverse("core:area_import"), {"file": upload}).status_code == 302
    assert Area.objects.get(code="330727002003").name == "2镇3村"

    entries = AccessLog.objects.filter(kind__startswith="area_", username="admin").order_by("id")
    assert [(e.kind, e.target) for e in entries] == [
        ("area_create", "行政区划：330727001003 1镇3村"), ("area_change", "行政区划：330727001003 新建村"),
        ("area_delete", "行政区划：330727001003 新建村"), ("area_create", "行政区划：330727002003 2镇3村")]
    created, changed, deleted, by_import = entries
    assert created.detail == {"code": "330727001003", "name": "1镇3村", "level": 5, "parent": "330727001"}
    assert changed.detail == {"code": "330727001003", "name": "新建村", "changes": {"name": ["1镇3村", "新建村"]}}
    assert deleted.detail["code"] == "330727001003" and by_import.detail["parent"] == "330727002"
    assert all(e.user == users["admin"] and e.area_code == users["admin"].area_id for e in entries)
    assert AccessKind.AREA_CHANGE.label == "修改行政区划"

    auditor = client_for(users["auditor"])
    listed = auditor.get(reverse("core:accesslog_list"), {"kind": "area_change"}).content.decode()
    assert "330727001003 新建村" in listed and "修改行政区划" in listed
    response = auditor.get(reverse("core:accesslog_export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert {row[2] for row in rows if row[3] == "admin"} >= {"新增行政区划", "修改行政区划", "删除行政区划"}
