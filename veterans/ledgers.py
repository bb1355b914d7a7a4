"""Excel ledgers of the veterans app: column maps only (core.ledger does the work).

Every ledger has a `key`, so a file exported and imported back changes nothing: a veteran is
matched by ID number, a family member by (veteran, name), an annual check by (veteran, year), a
team by (name, area), a volunteer by (team, veteran), an activity by (team, date, title).
"""

from django.core.exceptions import ValidationError

from core.idnumber import clean_id_number
from core.ledger import Column, Ledger, normalize_text
from veterans.forms import (
    AnnualCheckForm,
    FamilyMemberForm,
    VeteranForm,
    VolunteerActivityForm,
    VolunteerMemberForm,
    VolunteerTeamForm,
)
from veterans.models import AnnualCheck, FamilyMember, Veteran, VolunteerActivity, VolunteerMember, VolunteerTeam


def township_name(level, name, parent_name):
    """A record's 所属镇街: its township, whether it is registered at a village or at the township."""
    return parent_name if level == 5 and parent_name else name


def village_name(level, name):
    return name if level == 5 else ""


class TownshipVillageLedger(Ledger):
    """Rows name their area as 所属镇街 + 所属村居 (or a 区划代码)."""

    area_field = "area"

    def row_data(self, parsed, context):
        data = super().row_data(parsed, context)
        township, village = data.pop("_township", ""), data.pop("_village", "")
        code = data.pop("_area_code", "")
        if code:
            data[self.area_field] = code
        elif township or village:
            try:
                data[self.area_field] = context.resolve_area(f"{township}/{village}" if township and village else township or village)
            except ValidationError as exc:
                exc.header = "所属村居" if village else "所属镇街"  # the cell the error workbook marks
                raise
        return data


def area_columns():
    return [
        Column("所属镇街", "_township", aliases=("镇街", "乡镇（街道）", "乡镇", "街道"),
               source=("area__level", "area__name", "area__parent__name"), export=township_name),
        Column("所属村居", "_village", aliases=("村居", "村（社区）", "村社区", "村"), source=("area__level", "area__name"), export=village_name),
        Column("区划代码", "_area_code", kind="area", aliases=("统计用区划代码",), source="area_id"),
    ]


def veteran_by_id(value, context):
    """A family member's or volunteer's veteran, named by the veteran's ID number."""
    text = normalize_text(value)
    if not text:
        return None
    number = clean_id_number(text)
    if not hasattr(context, "veterans"):
        context.veterans = {}
    if number not in context.veterans:
        context.veterans[number] = Veteran.objects.visible_to(context.user).filter(id_number=number).values_list("pk", flat=True).first()
    if context.veterans[number] is None:
        raise ValidationError("未找到该身份证号的退役军人（或不在您的管辖范围内）。")
    return context.veterans[number]


veteran_ledger = TownshipVillageLedger(
    model=Veteran,
    title="退役军人台账",
    form_class=VeteranForm,
    key="id_number",
    select_related=("area__parent", "card"),
    columns=[
        Column(field="name", width=10),
        Column(source="sex", width=6),
        Column(field="ethnicity", width=8),
        Column(field="id_number", aliases=("身份证号", "身份证号码", "身份证"), width=22),
        Column(source="birth_date", width=12),
        Column(field="phone", aliases=("电话", "手机", "手机号码", "联系方式"), width=14),
        Column(field="address", aliases=("户籍所在地", "家庭住址"), width=30),
        *area_columns(),
        Column(field="enlistment_date", aliases=("入伍日期", "入伍年月")),
        Column(field="discharge_date", aliases=("退役日期", "退役年月", "退伍时间")),
        Column(field="discharge_category", aliases=("安置方式", "退役类别")),
        Column(field="unit", aliases=("服役单位", "原部队"), width=20),
        Column(field="rank", aliases=("军衔", "职务", "退役时军衔", "军衔职务")),
        Column(field="political_status"),
        Column(field="education", aliases=("学历",)),
        Column("优待证状态", source="card__status", empty="未申请"),
        Column(field="documented"),
        Column(source="status"),
    ],
)

family_ledger = Ledger(
    model=FamilyMember,
    title="退役军人家庭成员台账",
    form_class=FamilyMemberForm,
    key=("veteran", "name"),
    select_related=("veteran",),
    columns=[
        Column("退役军人姓名", source="veteran__name"),
        Column("退役军人身份证号", "veteran", parse=veteran_by_id, source="veteran__id_number",
               sensitive=True, aliases=("退役军人公民身份号码",), width=22),
        Column(field="name", aliases=("家属姓名", "成员姓名")),
        Column(field="relationship", aliases=("与退役军人关系", "称谓")),
        Column(field="id_number", aliases=("身份证号", "身份证号码", "家属身份证号"), width=22),
        Column(field="phone", aliases=("电话",)),
        Column(field="work_unit"),
        Column(field="is_military_spouse"),
        Column(field="is_martyr_child"),
        Column(field="note"),
    ],
)

annual_check_ledger = Ledger(
    model=AnnualCheck,
    title="年度信息核查台账",
    form_class=AnnualCheckForm,
    key=("veteran", "year"),
    select_related=("veteran",),
    columns=[
        Column(source="veteran__name"),
        Column("公民身份号码", "veteran", parse=veteran_by_id, source="veteran__id_number",
               sensitive=True, aliases=("身份证号", "身份证号码"), width=22),
        Column(field="year"),
        Column(field="checked_on"),
        Column(field="result"),
        Column(field="note"),
    ],
)

team_ledger = TownshipVillageLedger(
    model=VolunteerTeam,
    title="志愿服务队台账",
    form_class=VolunteerTeamForm,
    key=("name", "area"),
    select_related=("area__parent",),
    columns=[
        Column(field="name", aliases=("名称", "服务队名称"), width=24),
        Column(field="kind"),
        *area_columns(),
        Column(field="leader"),
        Column(field="phone"),
        Column(field="founded_on", aliases=("成立时间",)),
        Column(field="note"),
    ],
)

member_ledger = Ledger(
    model=VolunteerMember,
    title="志愿者台账",
    form_class=VolunteerMemberForm,
    key=("team", "veteran"),
    select_related=("veteran", "team"),
    columns=[
        Column(field="team", aliases=("队伍名称", "所属队伍")),
        Column(source="veteran__name"),
        Column("公民身份号码", "veteran", parse=veteran_by_id, source="veteran__id_number",
               sensitive=True, aliases=("身份证号", "身份证号码"), width=22),
        Column(field="joined_on"),
        Column(field="duty"),
    ],
)

activity_ledger = Ledger(
    model=VolunteerActivity,
    title="志愿服务活动台账",
    form_class=VolunteerActivityForm,
    key=("team", "date", "title"),
    select_related=("team",),
    columns=[
        Column(field="team", aliases=("队伍名称",)),
        Column(field="date", aliases=("日期", "时间")),
        Column(field="title", aliases=("名称", "活动内容"), width=24),
        Column(field="kind", aliases=("类型",)),
        Column(field="place", aliases=("活动地点",)),
        Column(field="participants", aliases=("参与人数", "人次")),
        Column(field="service_hours", aliases=("服务时长", "时长", "服务小时数")),
    ],
)
