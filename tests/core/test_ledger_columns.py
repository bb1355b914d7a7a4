"""Ledger declarations: what a column takes from its model field, and the header row and required
columns of every registered ledger, pinned.

A clerk's own workbooks (and the bureau's templates built from them) are matched by header, so a
declaration may be written more briefly but must not change a header.  The pins are keyed by the
ledger's title, which stays when its model moves to another app.
"""

import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from openpyxl import Workbook, load_workbook

from core.ledger import Column, ImportContext, Ledger
from core.registry import registry
from stations.forms import ServiceStationForm, StationInspectionForm
from stations.models import InspectionKind, ServiceStation, StationInspection, StationTraining
from tests.factories import ServiceStationFactory
from veterans.forms import VeteranForm, VolunteerActivityForm
from veterans.models import FamilyMember, Veteran, VolunteerActivity

pytestmark = pytest.mark.django_db

HEADER_ROWS = {
    "服务站台账": [
        "序号",
        "名称",
        "所属区划",
        "区划代码",
        "层级",
        "建成日期",
        "负责人",
        "联系电话",
        "地址",
        "工作人员数",
        "星级",
        "红色服务站",
        "荣誉墙",
        "备注",
        "系统编号",
    ],
    "服务站检查台账": ["序号", "服务站", "检查日期", "方式", "检查人", "发现问题", "整改状态", "系统编号"],
    "服务站培训台账": ["序号", "服务站", "培训日期", "培训主题", "参训人数", "系统编号"],
    "行政区划台账": ["序号", "区划代码", "名称", "层级", "上级区划代码"],
    "访问日志": ["序号", "时间", "类型", "用户名", "用户区划", "IP地址", "对象", "详情"],
    "退役军人台账": [
        "序号",
        "姓名",
        "性别",
        "民族",
        "公民身份号码",
        "出生日期",
        "联系电话",
        "户籍地址",
        "所属镇街",
        "所属村居",
        "区划代码",
        "入伍时间",
        "退役时间",
        "退役方式",
        "服役部队",
        "退役时军衔/职务",
        "政治面貌",
        "文化程度",
        "优待证状态",
        "建档立卡",
        "状态",
        "系统编号",
    ],
    "退役军人家庭成员台账": [
        "序号",
        "退役军人姓名",
        "退役军人身份证号",
        "姓名",
        "关系",
        "公民身份号码",
        "联系电话",
        "工作单位",
        "随军家属",
        "烈士子女",
        "备注",
        "系统编号",
    ],
    "年度信息核查台账": ["序号", "姓名", "公民身份号码", "年度", "核查日期", "核查结果", "说明", "系统编号"],
    "志愿服务队台账": ["序号", "队伍名称", "类型", "所属镇街", "所属村居", "区划代码", "负责人", "联系电话", "成立日期", "备注", "系统编号"],
    "志愿者台账": ["序号", "志愿服务队", "姓名", "公民身份号码", "加入日期", "职务", "系统编号"],
    "志愿服务活动台账": ["序号", "志愿服务队", "活动日期", "活动名称", "活动类型", "地点", "参与人次", "服务时长（小时）", "系统编号"],
    "优抚对象台账": [
        "序号",
        "退役军人姓名",
        "退役军人身份证号",
        "享受家属姓名",
        "享受家属身份证号",
        "优抚类别",
        "户籍类型",
        "伤残等级",
        "伤残性质",
        "致残时期",
        "证件编号",
        "发证日期",
        "批准日期",
        "起始发放月",
        "批准文号",
        "开户银行",
        "银行账号",
        "状态",
        "终止日期",
        "终止原因",
        "备注",
        "系统编号",
    ],
    "抚恤补助标准台账": [
        "序号",
        "所属区划",
        "优抚类别",
        "伤残等级",
        "伤残性质",
        "户籍类型",
        "国家标准（元/年）",
        "地方补贴（元/年）",
        "护理费（元/年）",
        "执行起始日期",
        "执行截止日期",
        "政策文件",
        "系统编号",
    ],
    "信访事项台账": [
        "序号",
        "登记编号",
        "登记日期",
        "信访形式",
        "信访人",
        "人数",
        "批次",
        "集体访",
        "问题类别",
        "信访事项",
        "所属区划",
        "办理状态",
        "受理日期",
        "答复期限",
        "答复日期",
        "按期答复",
        "办结日期",
        "化解情况",
        "系统编号",
    ],
    "信访人台账": ["序号", "信访事项编号", "登记日期", "姓名", "联系电话", "身份", "在册退役军人", "系统编号"],
    "法律援助与调解台账": ["序号", "信访事项编号", "类型", "转介日期", "承接机构", "状态", "办理结果", "办结日期", "系统编号"],
    # 安置就业 (placement)
    "安置任务台账": ["序号", "所属区划", "年度", "安置类别", "家属身份", "任务数（名）", "下达文件", "备注", "系统编号"],
    "安置对象台账": [
        "序号",
        "退役军人姓名",
        "退役军人身份证号",
        "家属姓名",
        "家属身份证号",
        "安置年度",
        "安置类别",
        "家属身份",
        "档案接收日期",
        "安置去向",
        "接收单位",
        "阳光安置批次",
        "安排工作条件",
        "待安置生活补助（元/月）",
        "备注",
        "系统编号",
    ],
    "积分办法台账": [
        "序号",
        "所属区划",
        "办法名称",
        "适用退役时间自",
        "适用退役时间至",
        "服役年限分段（年）",
        "满一年的月数界限",
        "同分排序",
        "依据文件",
        "系统编号",
    ],
    "积分标准台账": ["序号", "积分办法", "计分项目", "分值", "系统编号"],
    "阳光安置批次台账": [
        "序号",
        "所属区划",
        "批次名称",
        "年度",
        "积分办法",
        "公示期（工作日）",
        "岗位与人数比例",
        "待安置生活补助标准（元/月）",
        "备注",
        "系统编号",
    ],
    "积分更正记录": ["序号", "姓名", "计分项目", "原数量", "更正为", "原得分", "更正后得分", "更正理由", "更正人", "创建时间", "系统编号"],
    "安置岗位台账": ["序号", "阳光安置批次", "接收单位", "单位性质", "岗位名称", "岗位数", "系统编号"],
    "阳光安置选岗顺序记录": ["序号", "排名", "姓名", "选岗结果", "接收单位", "岗位", "时间", "经办人", "说明", "系统编号"],
    "待安置生活补助发放记录": ["序号", "姓名", "阳光安置批次", "月份", "金额（元）", "经办人", "系统编号"],
    "返乡报到台账": [
        "序号",
        "退役军人姓名",
        "退役军人身份证号",
        "年度",
        "批次",
        "报到日期",
        "户籍落户",
        "党（团）组织关系转接",
        "社保关系转接",
        "预备役登记",
        "优待证申领",
        "档案接收",
        "备注",
        "系统编号",
    ],
    "招聘会台账": [
        "序号",
        "所属区划",
        "名称",
        "形式",
        "日期",
        "地点/平台",
        "参会企业（家）",
        "提供岗位（个）",
        "参加人数",
        "达成意向（人）",
        "签订协议（人）",
        "系统编号",
    ],
    "就业创业培训台账": [
        "序号",
        "所属区划",
        "培训类别",
        "名称",
        "开班日期",
        "结业日期",
        "承办机构",
        "参训人数",
        "结业人数",
        "取得证书人数",
        "系统编号",
    ],
    "创业扶持台账": [
        "序号",
        "退役军人姓名",
        "退役军人身份证号",
        "扶持类别",
        "创业项目/主体",
        "申请日期",
        "审批结果",
        "批准日期",
        "金额（元）",
        "支出经费",
        "资金来源",
        "系统编号",
    ],
    "创业孵化基地台账": ["序号", "所属区划", "基地名称", "地址", "运营单位", "认定日期", "级别", "系统编号"],
    "公益性岗位台账": ["序号", "退役军人姓名", "退役军人身份证号", "岗位", "用人单位", "上岗日期", "离岗日期", "系统编号"],
    "就业创业企业台账": ["序号", "所属区划", "企业名称", "退役军人创办", "登记日期", "吸纳退役军人就业（人）", "联系人", "系统编号"],
    # 双拥 (support_army)
    "走访慰问活动台账": ["序号", "活动名称", "所属区划", "年度", "节点", "开始日期", "结束日期", "备注", "系统编号"],
    "走访慰问计划台账": ["序号", "走访慰问活动", "所属区划", "计划走访人次", "系统编号"],
    "走访慰问台账": ["序号", "所属区划", "所属活动", "走访日期", "节点", "带队领导", "领导职务", "列支经费", "资金来源", "走访情况",
               "系统编号"],
    "走访慰问对象台账": [
        "序号",
        "走访日期",
        "慰问时节",
        "所属区划",
        "带队领导",
        "对象类别",
        "慰问对象",
        "慰问金（元）",
        "慰问品",
        "慰问品价值（元）",
        "系统编号",
    ],
    "驻地部队台账": ["序号", "部队名称", "所属区划", "联系人", "联系电话", "备注", "系统编号"],
    "军地共建活动台账": ["序号", "驻地部队", "活动日期", "活动类型", "活动内容", "系统编号"],
    "部队实际问题台账": ["序号", "驻地部队", "提出日期", "问题类型", "问题描述", "系统编号"],
    "现役军人家庭摸排台账": ["序号", "摸排名称", "所属区划", "开始日期", "备注", "系统编号"],
    "现役军人家庭台账": [
        "序号",
        "摸排批次",
        "所属区划",
        "户主（联系人）",
        "现役军人姓名",
        "现役军人是户主的",
        "联系电话",
        "摸排日期",
        "生活困难",
        "就业困难",
        "子女入学入托",
        "医疗",
        "住房",
        "其他困难",
        "困难情况",
        "帮扶措施",
        "帮扶日期",
        "系统编号",
    ],
    "拥军优属门店台账": [
        "序号",
        "门店名称",
        "所属区划",
        "区划代码",
        "营业执照号",
        "经营地址",
        "行业",
        "申请日期",
        "优待内容",
        "联系人",
        "联系电话",
        "状态",
        "批次",
        "批准日期",
        "实地核查日期",
        "撤销日期",
        "系统编号",
    ],
    "优待清单台账": [
        "序号",
        "优待项目",
        "所属区划",
        "区划代码",
        "提供单位",
        "类别",
        "申请日期",
        "优待内容",
        "联系人",
        "联系电话",
        "状态",
        "批次",
        "批准日期",
        "实地核查日期",
        "撤销日期",
        "系统编号",
    ],
    "征兵情况台账": ["序号", "所属区划", "年度", "批次", "征兵任务数", "征集入伍人数", "其中大学生", "备注", "系统编号"],
    "双拥模范城创建台账": ["序号", "所属区划", "日期", "事项", "创建级别", "情况说明", "系统编号"],
    # 优抚 batches, other payments, 帮扶援助与经费 (benefits); 褒扬纪念 (honors)
    "一次性经济补助标准台账": ["序号", "所属区划", "每服役一年补助（元）", "适用退役起始日期", "适用退役截止日期", "政策文件", "系统编号"],
    "为烈士寻亲台账": ["序号", "烈士", "线索收到日期", "线索内容", "线索来源", "亲属姓名", "亲属联系方式", "系统编号"],
    "优抚发放花名册": [
        "序号",
        "发放表",
        "姓名",
        "身份证号",
        "优抚资格编号",
        "享受人",
        "优抚类别",
        "金额（元）",
        "服役年限（年）",
        "内容",
        "备注",
        "系统编号",
    ],
    "修缮建设项目台账": [
        "序号",
        "烈士纪念设施",
        "项目名称",
        "项目类型",
        "预算（元）",
        "已支出（元）",
        "开工日期",
        "完工日期",
        "项目状态",
        "系统编号",
    ],
    "先进典型评选台账": ["序号", "评选名称", "年度", "评选类别", "评选级别", "所属区划", "发布日期", "宣传情况", "系统编号"],
    "其他优抚发放台账": ["序号", "所属区划", "发放类别", "名称", "年度", "疗养地点", "开始日期", "结束日期", "列支经费", "备注", "系统编号"],
    "烈士后裔助学金发放花名册": ["序号", "学生姓名", "学生公民身份号码", "就读学校", "学段", "学年", "烈士姓名", "与烈士关系", "所属区划",
                       "申请日期", "资助金额（元）", "办理状态", "发放批次", "发放日期", "备注", "系统编号"],
    "烈士后裔助学金标准台账": ["序号", "所属区划", "学段", "年度", "资助标准（元/人·年）", "政策文件", "备注", "系统编号"],
    "定期抚恤补助发放台账": [
        "序号",
        "发放批次",
        "区划代码",
        "退役军人姓名",
        "退役军人身份证号",
        "享受家属姓名",
        "享受家属身份证号",
        "优抚类别",
        "伤残等级",
        "伤残性质",
        "所属月份",
        "发放类型",
        "国家标准（元）",
        "地方补贴（元）",
        "护理费（元）",
        "金额（元）",
        "开户银行",
        "银行账号",
        "银行退票",
        "退票原因",
        "说明",
    ],
    "烈士纪念设施台账": [
        "序号",
        "设施名称",
        "保护级别",
        "所属区划",
        "地址",
        "经度",
        "纬度",
        "保护范围划定日期",
        "保护范围面积（平方米）",
        "管理单位",
        "管理单位电话",
        "已迁入",
        "迁入日期",
        "备注",
        "系统编号",
    ],
    "烈士英名录台账": [
        "序号",
        "姓名",
        "性别",
        "出生年份",
        "所属区划",
        "籍贯",
        "民族",
        "政治面貌",
        "生前单位",
        "职务（军衔）",
        "牺牲日期",
        "牺牲地点",
        "牺牲情况",
        "批准机关",
        "批准文号",
        "批准日期",
        "安葬（纪念）设施",
        "其他安葬地",
        "其他遗属",
        "系统编号",
    ],
    "烈士证书颁发台账": ["序号", "烈士", "证书类别", "证书编号", "颁发日期", "领证人", "与烈士关系", "系统编号"],
    "社保接续台账": ["序号", "退役军人", "申请日期", "接续险种", "服役年限", "备注", "系统编号"],
    "立功喜报台账": [
        "序号",
        "立功官兵",
        "所在部队",
        "奖励类别",
        "所属区划",
        "家属（户主）",
        "收到日期",
        "送达日期",
        "送达人",
        "送达形式",
        "奖励金（元）",
        "系统编号",
    ],
    "纪念活动台账": [
        "序号",
        "活动名称",
        "活动类型",
        "活动日期",
        "所属区划",
        "活动地点（纪念设施）",
        "其他地点",
        "组织单位",
        "参加人数",
        "参加单位（群体）",
        "网上祭奠人次",
        "活动情况",
        "系统编号",
    ],
    "纪念设施检查台账": ["序号", "烈士纪念设施", "检查日期", "检查人", "发现问题", "整改情况", "系统编号"],
    "经费台账": ["序号", "所属区划", "经费类别", "经费名称", "资金来源", "年度", "下达金额（元）", "下达日期", "下达文号", "备注", "系统编号"],
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
    "优抚对象台账": ["退役军人身份证号", "优抚类别", "批准日期"],
    "抚恤补助标准台账": ["所属区划", "优抚类别", "国家标准（元/年）", "执行起始日期"],
    "信访事项台账": [],  # exported only: petitions are registered on the page, with their petitioners
    "信访人台账": [],  # exported only: entered on their petition's page
    "法律援助与调解台账": [],
    # 安置就业 (placement)
    "安置任务台账": ["所属区划", "安置类别", "任务数（名）"],
    "安置对象台账": ["退役军人身份证号", "安置类别"],
    "积分办法台账": ["所属区划", "办法名称", "适用退役时间自"],
    "积分标准台账": ["积分办法", "计分项目", "分值"],
    "阳光安置批次台账": ["所属区划", "批次名称", "积分办法"],
    "积分更正记录": [],
    "安置岗位台账": ["阳光安置批次", "接收单位", "单位性质", "岗位名称"],
    "阳光安置选岗顺序记录": [],
    "待安置生活补助发放记录": [],
    "返乡报到台账": ["退役军人身份证号", "批次"],
    "招聘会台账": ["所属区划", "名称", "日期"],
    "就业创业培训台账": ["所属区划", "培训类别", "名称", "开班日期"],
    "创业扶持台账": ["退役军人身份证号", "扶持类别", "创业项目/主体"],
    "创业孵化基地台账": ["所属区划", "基地名称", "认定日期"],
    "公益性岗位台账": ["退役军人身份证号", "岗位", "上岗日期"],
    "就业创业企业台账": ["所属区划", "企业名称", "登记日期"],
    # 双拥 (support_army)
    "走访慰问活动台账": ["活动名称", "所属区划", "年度", "节点", "开始日期"],
    "走访慰问计划台账": ["走访慰问活动", "所属区划", "计划走访人次"],
    "走访慰问台账": ["所属区划", "走访日期"],
    "走访慰问对象台账": [],  # exported only: entered on their visit's page
    "驻地部队台账": ["部队名称", "所属区划"],
    "军地共建活动台账": ["驻地部队", "活动日期", "活动内容"],
    "部队实际问题台账": ["驻地部队", "提出日期", "问题类型", "问题描述"],
    "现役军人家庭摸排台账": ["摸排名称", "所属区划", "开始日期"],
    "现役军人家庭台账": ["摸排批次", "所属区划", "户主（联系人）", "现役军人姓名", "现役军人是户主的", "摸排日期"],
    "拥军优属门店台账": ["门店名称", "营业执照号", "经营地址", "申请日期", "优待内容"],
    "优待清单台账": ["优待项目", "提供单位", "类别", "申请日期", "优待内容"],
    "征兵情况台账": ["所属区划", "年度", "征兵任务数", "征集入伍人数"],
    "双拥模范城创建台账": ["所属区划", "日期", "事项"],
    # 优抚 batches, other payments, 帮扶援助与经费 (benefits); 褒扬纪念 (honors)
    "一次性经济补助标准台账": ["所属区划", "每服役一年补助（元）", "适用退役起始日期"],
    "为烈士寻亲台账": ["烈士", "线索收到日期", "线索内容"],
    "优抚发放花名册": ["发放表", "身份证号"],
    "修缮建设项目台账": ["烈士纪念设施", "项目名称"],
    "先进典型评选台账": ["评选名称", "年度", "所属区划"],
    "其他优抚发放台账": ["所属区划", "发放类别", "名称", "年度"],
    "烈士后裔助学金发放花名册": ["学生姓名", "学生公民身份号码", "就读学校", "学段", "与烈士关系", "所属区划"],
    "烈士后裔助学金标准台账": ["所属区划", "学段", "资助标准（元/人·年）"],
    "定期抚恤补助发放台账": [],
    "烈士纪念设施台账": ["设施名称", "所属区划"],
    "烈士英名录台账": ["姓名", "所属区划"],
    "烈士证书颁发台账": ["烈士", "证书编号", "颁发日期", "领证人"],
    "社保接续台账": ["退役军人", "申请日期"],
    "立功喜报台账": ["立功官兵", "奖励类别", "所属区划", "收到日期"],
    "纪念活动台账": ["活动名称", "活动日期", "所属区划"],
    "纪念设施检查台账": ["烈士纪念设施", "检查日期"],
    "经费台账": ["所属区划", "经费类别", "资金来源", "年度", "下达金额（元）", "下达日期"],
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


# ---------------------------------------------------------------------- what a column takes from its model field


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def veteran_column(**declared):
    """A column of a ledger on Veteran, bound as the ledger binds it."""
    column = Column(**declared)
    Ledger(model=Veteran, title="测试", form_class=VeteranForm, columns=[column])
    return column


def test_a_column_named_by_its_field_only_is_headed_and_parsed_as_the_field_says(users):
    column = Column(field="discharge_date")
    ledger = Ledger(model=Veteran, title="测试", form_class=VeteranForm, columns=[column])
    context = ImportContext(users["staff"])

    assert column.header == str(Veteran._meta.get_field("discharge_date").verbose_name) == "退役时间"
    assert column.kind == "date"
    assert column.required is False  # the field may be blank
    assert ledger.parse_cell(column, "2024.3.5", context) == datetime.date(2024, 3, 5)
    assert ledger.parse_cell(column, "2024年3月5日", context) == datetime.date(2024, 3, 5)
    with pytest.raises(ValidationError, match="日期格式无法识别"):
        ledger.parse_cell(column, "三月五日", context)


@pytest.mark.parametrize(
    ("model", "form_class", "name", "kind"),
    [
        (Veteran, VeteranForm, "id_number", "id_number"),
        (Veteran, VeteranForm, "phone", "phone"),
        (Veteran, VeteranForm, "discharge_category", "choice"),
        (Veteran, VeteranForm, "documented", "bool"),
        (Veteran, VeteranForm, "discharge_date", "date"),
        (Veteran, VeteranForm, "name", "text"),
        (ServiceStation, ServiceStationForm, "area", "area"),
        (ServiceStation, ServiceStationForm, "level", "choice"),  # an integer field with choices
        (ServiceStation, ServiceStationForm, "staff_count", "int"),
        (StationTraining, registry.get("stations.stationtraining").form_class, "station", "foreign_key"),
        (VolunteerActivity, VolunteerActivityForm, "service_hours", "decimal"),
    ],
)
def test_the_kind_follows_the_field_type(model, form_class, name, kind):
    column = Column(field=name)
    Ledger(model=model, title="测试", form_class=form_class, columns=[column])

    assert column.kind == kind


@pytest.mark.parametrize(
    ("name", "required"),
    [
        ("name", True),  # non-blank, no default
        ("discharge_category", True),  # a choice that must be made
        ("id_number", True),
        ("discharge_date", False),  # blank=True
        ("ethnicity", False),  # an empty cell takes the default (汉族)
        ("documented", False),  # a checkbox: empty is 否
    ],
)
def test_a_column_is_required_when_its_field_must_be_filled(name, required):
    assert veteran_column(field=name).required is required


def test_a_declared_header_kind_or_required_wins_over_the_field():
    column = veteran_column(header="退伍日期", field="discharge_date", kind="text", required=True)

    assert (column.header, column.kind, column.required) == ("退伍日期", "text", True)


def test_a_positional_header_and_field_still_declare_a_column():
    column = Column("退伍军人姓名", "name")
    Ledger(model=Veteran, title="测试", form_class=VeteranForm, columns=[column])

    assert (column.header, column.field, column.kind, column.required) == ("退伍军人姓名", "name", "text", True)


def test_columns_that_feed_one_field_together_are_not_required_alone():
    by_name, by_code = Column(field="area"), Column("区划代码", "area")
    Ledger(model=ServiceStation, title="测试", form_class=ServiceStationForm, columns=[by_name, by_code])

    assert not by_name.required and not by_code.required
    assert by_name.header == "所属区划"
    assert by_code.source == "area_id"  # an area is exported as its code, which import reads back


def test_a_column_the_form_does_not_take_is_text_and_never_required():
    """Area's level is worked out from its code by the form: its cell is read, never imported."""
    from core.account_forms import AreaForm
    from core.models import Area

    column = Column(field="level")
    Ledger(model=Area, title="测试", form_class=AreaForm, columns=[column])

    assert (column.header, column.kind, column.required) == ("层级", "text", False)


def test_an_export_only_column_takes_its_header_from_its_source():
    column = Column(source="veteran__name")
    Ledger(model=FamilyMember, title="测试", columns=[column])

    assert column.header == "姓名" and column.kind == "text" and not column.required


def test_a_column_with_nothing_to_take_a_header_from_is_refused():
    with pytest.raises(ImproperlyConfigured, match="declare its header"):
        Ledger(model=Veteran, title="测试", columns=[Column(field="_township")])


def test_a_foreign_key_is_read_and_exported_by_the_records_name(users, tree):
    ServiceStationFactory(name="甲站", area=tree["village11"], level=5)
    column = Column(field="station")
    ledger = Ledger(model=StationTraining, title="测试", form_class=registry.get("stations.stationtraining").form_class, columns=[column])

    assert (column.header, column.required, column.source) == ("服务站", True, "station__name")
    assert ledger.parse_cell(column, "甲站", ImportContext(users["clerk"])) == ServiceStation.objects.get().pk
    with pytest.raises(ValidationError, match="服务站“乙站”不存在或不在您的管辖范围内"):
        ledger.parse_cell(column, "乙站", ImportContext(users["clerk"]))


def test_a_ledger_declared_by_field_names_imports_dates_and_reports_empty_required_cells(users, tree):
    station = ServiceStationFactory(name="甲站", area=tree["village11"], level=5)
    ledger = Ledger(
        model=StationTraining,
        title="培训",
        form_class=registry.get("stations.stationtraining").form_class,
        columns=[Column(field="station"), Column(field="date"), Column(field="topic"), Column(field="attendees")],
    )
    header = ["服务站", "培训日期", "培训主题", "参训人数"]

    refused = ledger.import_file(io.BytesIO(xlsx([header, ["甲站", "2024.3.5", "", 12]])), user=users["clerk"])
    assert [(e.row, e.column, e.message) for e in refused.errors] == [(2, "培训主题", "必填项为空。")]
    assert not StationTraining.objects.exists()

    outcome = ledger.import_file(
        io.BytesIO(xlsx([header, ["甲站", "2024.3.5", "政策宣讲", 12], ["甲站", "2024年3月6日", "业务培训", ""]])), user=users["clerk"]
    )
    assert outcome.ok, outcome.errors
    stored = {(t.station_id, t.date, t.topic, t.attendees) for t in StationTraining.objects.all()}
    default_attendees = StationTraining._meta.get_field("attendees").default
    assert stored == {(station.pk, datetime.date(2024, 3, 5), "政策宣讲", 12), (station.pk, datetime.date(2024, 3, 6), "业务培训", default_attendees)}


def test_a_choice_column_declared_by_field_accepts_the_chinese_label(users, tree):
    ServiceStationFactory(name="甲站", area=tree["village11"], level=5)
    ledger = Ledger(
        model=StationInspection,
        title="检查",
        form_class=StationInspectionForm,
        columns=[Column(field="station"), Column(field="date"), Column(field="kind")],
    )

    outcome = ledger.import_file(io.BytesIO(xlsx([["服务站", "检查日期", "方式"], ["甲站", "2024-05-01", "视频点验"]])), user=users["clerk"])
    assert outcome.ok, outcome.errors
    assert StationInspection.objects.get().kind == InspectionKind.VIDEO

    refused = ledger.import_file(io.BytesIO(xlsx([["服务站", "检查日期", "方式"], ["甲站", "2024-05-02", "电话抽查"]])), user=users["clerk"])
    assert [e.column for e in refused.errors] == ["方式"]
    assert "不是可选值" in refused.errors[0].message and "视频点验" in refused.errors[0].message
