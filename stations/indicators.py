"""Figures of the service system for (area, period); see core.indicators."""

from django.db.models import Q, Sum

from core.indicators import dated_count, indicator, paragraph, summary_section
from stations.models import InspectionKind, ServiceStation, StationInspection, StationLevel, StationTraining


def built(area, period):
    """Stations inside the area built by the period's end (a station without a date counts as built)."""
    return ServiceStation.objects.inside(area).filter(Q(established_on__lte=period.end) | Q(established_on__isnull=True))


@indicator("stations.built", "建成退役军人服务中心（站）", "个")
def stations_built(area, period):
    return built(area, period).count()


def _built_at(level):
    def count(area, period):
        return built(area, period).filter(level=level).count()

    return count


indicator("stations.built_county", "县级退役军人服务中心", "个")(_built_at(StationLevel.COUNTY))
indicator("stations.built_township", "镇（街道）退役军人服务站", "个")(_built_at(StationLevel.TOWNSHIP))
indicator("stations.built_village", "村（社区）退役军人服务站", "个")(_built_at(StationLevel.VILLAGE))


@indicator("stations.star_rated", "星级服务站", "个")
def star_rated(area, period):
    return built(area, period).filter(star_rating__isnull=False).count()


@indicator("stations.red", "红色服务站", "个")
def red_stations(area, period):
    return built(area, period).filter(is_red_station=True).count()


@indicator("stations.honour_walls", "设立荣誉墙的服务站", "个")
def honour_walls(area, period):
    return built(area, period).filter(has_honour_wall=True).count()


inspections = dated_count("stations.inspections", "服务站检查", "次", StationInspection, "date")


def _inspections(area, period):
    return StationInspection.objects.inside(area).filter(date__range=period.range)


@indicator("stations.video_checks", "视频点验", "次")
def video_checks(area, period):
    return _inspections(area, period).filter(kind=InspectionKind.VIDEO).count()


@indicator("stations.issues_found", "检查发现问题", "件")
def issues_found(area, period):
    return _inspections(area, period).exclude(findings="").count()


@indicator("stations.issues_rectified", "发现问题已整改", "件")
def issues_rectified(area, period):
    """Of the problems found by the period's inspections, those reported rectified or reviewed since."""
    return _inspections(area, period).exclude(findings="").exclude(status="open").count()


trainings = dated_count("stations.trainings", "服务站工作人员培训", "场", StationTraining, "date")


@indicator("stations.trained", "参训工作人员", "人次")
def trained(area, period):
    return StationTraining.objects.inside(area).filter(date__range=period.range).aggregate(n=Sum("attendees"))["n"] or 0


summary_section(
    "stations", "健全三级服务体系，夯实基层服务保障", order=90,
    required=("stations.built", "stations.inspections", "stations.trainings"),
    paragraphs=(
        paragraph(
            "{area_whole}建成退役军人服务中心（站）{stations.built}，{stations.built:cmp}[，县级服务中心{stations.built_county}]"
            "[，镇（街道）服务站{stations.built_township}][，村（社区）服务站{stations.built_village}]"
            "[，评定星级服务站{stations.star_rated}][，创建红色服务站{stations.red}][，{stations.honour_walls}服务站设立荣誉墙]。",
            required=("stations.built",)),
        paragraph(
            "加强服务站日常监督管理，定期不定期抽查镇村两级服务站，开展检查{stations.inspections}，{stations.inspections:cmp}"
            "[，其中视频点验{stations.video_checks}][；发现问题{stations.issues_found}][，已整改{stations.issues_rectified}]。",
            required=("stations.inspections",)),
        paragraph(
            "组织服务站工作人员业务培训{stations.trainings}，{stations.trainings:cmp}，培训{stations.trained}，"
            "{stations.trained:cmp}。",
            required=("stations.trainings",)),
    ),
)
