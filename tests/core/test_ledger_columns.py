"""Ledger declarations: the header row and the required columns of every registered ledger, pinned.

A clerk's own workbooks (and the bureau's templates built from them) are matched by header, so a
declaration may be written more briefly but must not change a header.  The pins are keyed by the
ledger's title, which stays when its model moves to another app.
"""

import pytest
from openpyxl import load_workbook

from core.registry import registry

pytestmark = pytest.mark.django_db

HEADER_ROWS = {
    "服务站台账": ["序号", "名称", "所属区划", "区划代码", "层级", "负责人", "联系电话", "地址", "工作人员数", "星级",
                "红色服务站", "荣誉墙", "备注", "系统编号"],
    "服务站检查台账": ["序号", "服务站", "检查日期", "方式", "检查人", "发现问题", "整改状态", "系统编号"],
    "服务站培训台账": ["序号", "服务站", "培训日期", "培训主题", "参训人数", "系统编号"],
    "行政区划台账": ["序号", "区划代码", "名称", "层级", "上级区划代码"],
    "访问日志": ["序号", "时间", "类型", "用户名", "用户区划", "IP地址", "对象", "详情"],
    "退役军人台账": ["序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "联系电话", "户籍地址", "所属镇街", "所属村居",
                "区划代码", "入伍时间", "退役时间", "退役方式", "服役部队", "退役时军衔/职务", "政治面貌", "文化程度",
                "优待证状态", "建档立卡", "状态", "系统编号"],
    "退役军人家庭成员台账": ["序号", "退役军人姓名", "退役军人身份证号", "姓名", "关系", "公民身份号码", "联系电话", "工作单位",
                    "随军家属", "烈士子女", "备注", "系统编号"],
    "年度信息核查台账": ["序号", "姓名", "公民身份号码", "年度", "核查日期", "核查结果", "说明", "系统编号"],
    "志愿服务队台账": ["序号", "队伍名称", "类型", "所属镇街", "所属村居", "区划代码", "负责人", "联系电话", "成立日期", "备注",
                 "系统编号"],
    "志愿者台账": ["序号", "志愿服务队", "姓名", "公民身份号码", "加入日期", "职务", "系统编号"],
    "志愿服务活动台账": ["序号", "志愿服务队", "活动日期", "活动名称", "活动类型", "地点", "参与人次", "服务时长（小时）", "系统编号"],
}

# The columns an import refuses to go without (the import page marks them with *).
REQUIRED = {
    "服务站台账": ["名称"],
    "服务站检查台账": ["服务站", "检查日期"],
    "服务站培训台账": ["服务站", "培训日期", "培训主题"],
    "行政区划台账": ["区划代码", "名称"],
    "访问日志": [],
    "退役军人台账": ["姓名", "公民身份号码", "退役方式"],
    "退役军人家庭成员台账": ["退役军人身份证号", "姓名", "关系"],
    "年度信息核查台账": ["公民身份号码", "年度"],
    "志愿服务队台账": ["队伍名称"],
    "志愿者台账": ["志愿服务队", "公民身份号码"],
    "志愿服务活动台账": ["志愿服务队", "活动日期", "活动名称"],
}


def registered_ledgers():
    return {views.ledger.title: views.ledger for views in registry.all() if views.ledger is not None}


def test_every_registered_ledger_is_pinned():
    assert sorted(registered_ledgers()) == sorted(HEADER_ROWS)


@pytest.mark.parametrize("title", sorted(HEADER_ROWS))
def test_the_exported_header_row_is_unchanged(title, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ledger = registered_ledgers()[title]

    result = ledger.export(ledger.model._default_manager.none(), user=users["staff"])

    with result.open() as handle:
        sheet = load_workbook(handle).active
        header = [cell.value for cell in sheet[5]]
    assert header == HEADER_ROWS[title]
    assert ledger.header_row() == HEADER_ROWS[title]


@pytest.mark.parametrize("title", sorted(REQUIRED))
def test_the_required_columns_are_unchanged(title):
    ledger = registered_ledgers()[title]

    assert [column.header for column in ledger.columns if column.required] == REQUIRED[title]
