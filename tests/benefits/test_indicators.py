"""The benefits.* indicators and the 优抚 paragraphs, on entitlements made here with known figures.

    village 11   v1: 残疾军人 6级因战 approved 2024-03-01; 参战参试退役军人 approved 2025-02-01 (one person, two)
    village 12   v2: 在乡复员军人 approved 2025-05-01, died 2025-09-01 (ended by the death hook)
    village 21   v3 (a martyr): widow 烈士遗属 approved 2023-01-01; mother 烈士遗属 approved 2025-06-01
                 v4: 伤残人民警察 8级因公 approved 2025-01-10 (not a key beneficiary)
    village 22   v5: 其他 approved 2025-03-01 (not a key beneficiary)

    at 2025-12-31: 5 people hold one (v1, widow, mother, v4, v5), 3 of them key; at 2024-12-31: 2, both key
    approved in 2025: 5 (2024: 1); ended in 2025: 1, by death
"""

import datetime

import pytest

from benefits.models import Category, Entitlement
from core import services
from core.indicators import Period, compute, compute_with_last_year
from reports.compose import compose
from tests.factories import FamilyMemberFactory, VeteranFactory
from veterans import services as veteran_services

pytestmark = pytest.mark.django_db

D = datetime.date
Y2025 = Period.year(2025)


@pytest.fixture
def county(tree, users):
    staff = users["staff"]

    def add(veteran, category, approved, **extra):
        return services.record_create(model=Entitlement, user=staff, data={
            "veteran": veteran, "category": category, "approved_on": approved, **extra})

    v1, v2 = VeteranFactory(area=tree["village11"]), VeteranFactory(area=tree["village12"])
    v3, v4, v5 = (VeteranFactory(area=tree["village21"]), VeteranFactory(area=tree["village21"]),
                  VeteranFactory(area=tree["village22"]))
    add(v1, Category.DISABLED_SOLDIER, D(2024, 3, 1), disability_grade=6, disability_cause="war")
    add(v1, Category.WAR_VETERAN, D(2025, 2, 1))
    add(v2, Category.DEMOBILISED, D(2025, 5, 1))
    veteran_services.veteran_record_death(veteran=v2, user=staff, death_date=D(2025, 9, 1))
    add(v3, Category.MARTYR_FAMILY, D(2023, 1, 1), family_member=FamilyMemberFactory(veteran=v3, relationship="spouse"))
    add(v3, Category.MARTYR_FAMILY, D(2025, 6, 1), family_member=FamilyMemberFactory(veteran=v3, relationship="mother"))
    add(v4, Category.DISABLED_POLICE, D(2025, 1, 10), disability_grade=8, disability_cause="duty")
    add(v5, Category.OTHER, D(2025, 3, 1))
    return tree


def test_beneficiaries_at_the_period_end(county):
    assert compute_with_last_year("benefits.beneficiaries", "330727", Y2025) == (5, 2)
    assert compute_with_last_year("benefits.key_beneficiaries", "330727", Y2025) == (3, 2)
    assert compute("benefits.key_beneficiaries", "330727001", Y2025) == 1
    assert compute("benefits.beneficiaries", "330727002", Y2025) == 4
    assert compute("benefits.held_survivors", "330727", Y2025) == 2
    assert compute("benefits.held_martyr_family", "330727", Y2025) == 2
    assert compute("benefits.held_disabled", "330727", Y2025) == 2
    assert compute("benefits.held_demobilised", "330727", Y2025) == 0  # died in September
    assert compute("benefits.held_demobilised", "330727", Period.half_year(2025)) == 1


def test_approved_and_ended_in_the_period(county):
    assert compute_with_last_year("benefits.approved", "330727", Y2025) == (5, 1)
    assert compute_with_last_year("benefits.ended", "330727", Y2025) == (1, 0)
    assert compute("benefits.ended_by_death", "330727", Y2025) == 1
    assert compute("benefits.approved", "330727002", Y2025) == 3


def test_the_benefits_paragraphs_read_like_a_bureaus(county):
    draft = compose("year", 2025, county["county"])
    (section,) = [paragraphs for title, paragraphs in draft.sections if "落实优抚政策" in title]
    assert section == [
        "一是精准落实优抚政策。截至2025年12月底，全县共有各类重点优抚对象3名，较去年增加1名，其中残疾军人1名，“三属”2名，"
        "参战参试退役军人1名。",
        "二是规范优抚对象管理。严格审核认定，新增优抚对象5名，较去年增加4名；因去世、迁出、取消资格等减少1名，其中因去世减少1名，"
        "实现优抚对象动态管理。",
    ]


def test_no_beneficiaries_no_section(tree):
    draft = compose("year", 2025, tree["county"])
    assert not [title for title, _paragraphs in draft.sections if "落实优抚政策" in title]
