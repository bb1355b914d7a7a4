"""The 烈士后裔助学金 ledger: the applications, one row a student, named by ID number; exported per batch
from the batch's page it is the batch's roster (发放花名册)."""

from benefits.forms_scholarships import ScholarshipApplicationForm
from benefits.models_scholarships import ScholarshipApplication
from core.ledger import Column, Ledger

scholarship_ledger = Ledger(
    model=ScholarshipApplication,
    title="烈士后裔助学金发放花名册",
    form_class=ScholarshipApplicationForm,
    select_related=("martyr", "batch", "area"),
    columns=[
        Column(field="student_name", aliases=("姓名", "学生")),
        Column(field="id_number", aliases=("身份证号", "公民身份号码", "身份证号码"), width=22),
        Column(field="school", aliases=("学校", "就读院校")),
        Column(field="level", aliases=("就读学段", "教育阶段")),
        Column(field="school_year", aliases=("学年度", "年度")),
        Column(field="martyr_name", source=("martyr__name", "martyr_name"),
               export=lambda registered, typed: registered or typed, aliases=("烈士",)),
        Column(field="relationship", aliases=("关系", "与烈士关系")),
        Column(field="area", aliases=("区划", "所属村（社区）")),
        Column(field="applied_on"),
        Column("资助金额（元）", source="amount"),
        Column("办理状态", source="status", export=lambda value: str(ScholarshipApplication.workflow.label(value))),
        Column("发放批次", source="batch__name"),
        Column("发放日期", source="paid_on"),
        Column(field="note"),
    ],
)
