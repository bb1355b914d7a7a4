"""The stations.* indicators and the 服务体系 summary section, on stations built here with known figures.

    county 云溪县 (330727)          centre, built 2019, 5 stars, honour wall
    township 1 (330727001)          station built 2020, 4 stars, red, honour wall
      village 11                    station, no date (counts as built), 2 stars
      village 12                    station built 2026-05-01 (this year), red
    township 2 (330727002)          station built 2026-03-01 (this year)

    inspections 2025: township 1 on-site (问题, closed), village 11 video (no problem)
    inspections 2026: township 1 video (问题, open), village 11 video (问题, rectified), village 12 on-site (问题, closed),
                      township 2 on-site (no problem); 2027-01-05 at township 2 (next year, not counted)
    trainings 2025: centre 60 people;  2026: township 1 20 people, township 2 12 people
"""

import datetime

import pytest

from core.indicators import Period, compute, compute_with_last_year
from reports.compose import compose
from tests.factories import ServiceStationFactory, StationInspectionFactory, StationTrainingFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Y2026 = Period.year(2026)
COUNTY, TOWNSHIP1, TOWNSHIP2, VILLAGE11 = "330727", "330727001", "330727002", "330727001001"


@pytest.fixture
def stations(tree):
    def station(area, level, **kwargs):
        return ServiceStationFactory(area=tree[area], level=level, star_rating=kwargs.pop("star_rating", None), **kwargs)

    made = {
        "centre": station("county", 3, established_on=D(2019, 6, 1), star_rating=5, has_honour_wall=True),
        "t1": station("township1", 4, established_on=D(2020, 4, 1), star_rating=4, is_red_station=True,
                      has_honour_wall=True),
        "v11": station("village11", 5, star_rating=2),
        "v12": station("village12", 5, established_on=D(2026, 5, 1), is_red_station=True),
        "t2": station("township2", 4, established_on=D(2026, 3, 1)),
    }
    for key, day, kind, findings, status in (
        ("t1", D(2025, 4, 2), "onsite", "台账资料不完整", "closed"),
        ("v11", D(2025, 9, 9), "video", "", "closed"),
        ("t1", D(2026, 3, 3), "video", "值班制度落实不到位", "open"),
        ("v11", D(2026, 6, 6), "video", "政策公示栏内容未及时更新", "rectified"),
        ("v12", D(2026, 10, 10), "onsite", "未设置荣誉墙", "closed"),
        ("t2", D(2026, 11, 11), "onsite", "", "closed"),
        ("t2", D(2027, 1, 5), "onsite", "", "open"),
    ):
        StationInspectionFactory(station=made[key], date=day, kind=kind, findings=findings, status=status)
    for key, day, attendees in (("centre", D(2025, 5, 5), 60), ("t1", D(2026, 4, 4), 20), ("t2", D(2026, 8, 8), 12)):
        StationTrainingFactory(station=made[key], date=day, attendees=attendees)
    return made


def test_stations_built_by_level(stations):
    assert compute_with_last_year("stations.built", COUNTY, Y2026) == (5, 3)
    assert compute_with_last_year("stations.built_county", COUNTY, Y2026) == (1, 1)
    assert compute_with_last_year("stations.built_township", COUNTY, Y2026) == (2, 1)
    assert compute_with_last_year("stations.built_village", COUNTY, Y2026) == (2, 1)
    assert compute("stations.built", TOWNSHIP1, Y2026) == 3
    assert compute("stations.built", TOWNSHIP2, Period.half_year(2026)) == 1
    assert compute("stations.built", TOWNSHIP2, Period(D(2026, 1, 1), D(2026, 2, 28))) == 0
    assert compute_with_last_year("stations.star_rated", COUNTY, Y2026) == (3, 3)
    assert compute_with_last_year("stations.red", COUNTY, Y2026) == (2, 1)
    assert compute("stations.honour_walls", COUNTY, Y2026) == 2
    assert compute("stations.red", TOWNSHIP2, Y2026) == 0


def test_inspections_video_checks_and_problems(stations):
    assert compute_with_last_year("stations.inspections", COUNTY, Y2026) == (4, 2)
    assert compute_with_last_year("stations.video_checks", COUNTY, Y2026) == (2, 1)
    assert compute_with_last_year("stations.issues_found", COUNTY, Y2026) == (3, 1)
    assert compute_with_last_year("stations.issues_rectified", COUNTY, Y2026) == (2, 1)
    assert compute("stations.inspections", TOWNSHIP1, Y2026) == 3
    assert compute("stations.video_checks", VILLAGE11, Y2026) == 1
    assert compute("stations.inspections", TOWNSHIP2, Period.year(2027)) == 1
    assert compute("stations.inspections", TOWNSHIP1, Period.half_year(2026)) == 2


def test_trainings_and_people_trained(stations):
    assert compute_with_last_year("stations.trainings", COUNTY, Y2026) == (2, 1)
    assert compute_with_last_year("stations.trained", COUNTY, Y2026) == (32, 60)
    assert compute("stations.trained", TOWNSHIP2, Y2026) == 12
    assert compute("stations.trained", TOWNSHIP2, Period.year(2025)) == 0


def section(draft):
    return next(paragraphs for heading, paragraphs in draft.sections if "服务体系" in heading)


def test_the_summary_section_reads_like_a_bureaus(stations):
    draft = compose("annual", 2026, stations["centre"].area)
    headings = [heading for heading, _paragraphs in draft.sections]
    assert headings[-1].endswith("健全三级服务体系，夯实基层服务保障")
    built, inspections, trainings = section(draft)
    assert built.startswith("一是全县建成退役军人服务中心（站）5个，较去年增加2个，县级服务中心1个，镇（街道）服务站2个，村（社区）服务站2个")
    assert built.endswith("评定星级服务站3个，创建红色服务站2个，2个服务站设立荣誉墙。")
    assert inspections == ("二是加强服务站日常监督管理，定期不定期抽查镇村两级服务站，开展检查4次，较去年增加2次，其中视频点验2次；"
                           "发现问题3件，已整改2件。")
    assert trainings == "三是组织服务站工作人员业务培训2场，较去年增加1场，培训32人次，较去年减少28人次。"


def test_a_township_without_a_centre_or_red_station_leaves_them_out(stations):
    built, inspections, trainings = section(compose("annual", 2026, stations["t2"].area))
    assert built == "一是全镇建成退役军人服务中心（站）1个，镇（街道）服务站1个。"
    assert "县级" not in built and "视频点验" not in inspections
    assert inspections.startswith("二是加强服务站日常监督管理，定期不定期抽查镇村两级服务站，开展检查1次。")


def test_no_station_work_no_section(tree):
    assert not any("服务体系" in heading for heading, _paragraphs in compose("annual", 2026, tree["county"]).sections)


@pytest.mark.parametrize("name", ["stations.inspections", "stations.trainings"])
def test_grouped_forms_equal_one_compute_each(stations, name):
    from core.indicators import compute_by_area, compute_series

    periods = [Period.year(2025), Period.half_year(2026), Y2026, Period.year(2027)]
    for area in (COUNTY, TOWNSHIP1, TOWNSHIP2, VILLAGE11):
        assert compute_series(name, area, periods) == [compute(name, area, p) for p in periods]
    children = [TOWNSHIP1, TOWNSHIP2, "330727009"]
    assert compute_by_area(name, COUNTY, children, Y2026) == [compute(name, code, Y2026) for code in children]
    assert compute_by_area(name, COUNTY, [COUNTY], Y2026)[0] > 0  # the centre's records are the county's own
