"""The three-level service system (三级服务体系): the county's service centre, the township and
village service stations, their inspections (检查/视频点验) and staff trainings.

The tables were core's (core_servicestation …) and keep their names: the models moved here
without moving a row (migrations 0001 of this app and 0003 of core).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import PhoneField
from core.models import CaseRecord
from core.roles import Role
from core.validators import not_in_future
from core.workflow import Transition, Workflow


class StationLevel(models.IntegerChoices):
    COUNTY = 3, _("县级（服务中心）")
    TOWNSHIP = 4, _("镇级（服务站）")
    VILLAGE = 5, _("村级（服务站）")


class ServiceStation(CaseRecord):
    """A service centre or station of the three-level service system."""

    name = models.CharField(_("名称"), max_length=80)
    level = models.PositiveSmallIntegerField(_("层级"), choices=StationLevel.choices, help_text=_("按所属区划自动判断，可修改"))
    head = models.CharField(_("负责人"), max_length=30, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    address = models.CharField(_("地址"), max_length=120, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("工作人员数"), default=0)
    star_rating = models.PositiveSmallIntegerField(
        _("星级"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1至5星，未评定可留空")
    )
    is_red_station = models.BooleanField(_("红色服务站"), default=False)
    has_honour_wall = models.BooleanField(_("设有荣誉墙"), default=False)
    established_on = models.DateField(_("建成日期"), null=True, blank=True, validators=[not_in_future],
                                      help_text=_("建成或挂牌的日期，未知可留空"))
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords(table_name="core_historicalservicestation")

    class Meta:
        db_table = "core_servicestation"
        verbose_name = _("服务站")
        verbose_name_plural = _("服务站")
        ordering = ["area_id", "name"]
        indexes = [models.Index(fields=["area"], name="station_area_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stations:servicestation_detail", args=[self.pk])


class StationChild(CaseRecord):
    """A record hanging off a station; its area is the station's."""

    area_path = "station__area"
    area = None

    station = models.ForeignKey(ServiceStation, verbose_name=_("服务站"), on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"stations:{self._meta.model_name}_detail", args=[self.pk])


class InspectionKind(models.TextChoices):
    ONSITE = "onsite", _("实地检查")
    VIDEO = "video", _("视频点验")


inspection_workflow = Workflow(
    states={"open": _("待整改"), "rectified": _("已整改"), "closed": _("已复核")},
    initial="open",
    transitions=[
        Transition("rectify", _("报送整改"), source=["open"], target="rectified", roles=[Role.CLERK, Role.STAFF]),
        Transition("close", _("复核通过"), source=["rectified", "open"], target="closed", roles=[Role.STAFF]),
        Transition("reopen", _("退回整改"), source=["rectified"], target="open", roles=[Role.STAFF]),
    ],
)


class StationInspection(StationChild):
    date = models.DateField(_("检查日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=InspectionKind.choices, default=InspectionKind.ONSITE)
    inspector = models.CharField(_("检查人"), max_length=60, blank=True)
    findings = models.TextField(_("发现问题"), blank=True)
    status = inspection_workflow.field(_("整改状态"))

    history = HistoricalRecords(table_name="core_historicalstationinspection")

    class Meta:
        db_table = "core_stationinspection"
        verbose_name = _("服务站检查")
        verbose_name_plural = _("服务站检查")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d} {self.get_kind_display()}"


class StationTraining(StationChild):
    date = models.DateField(_("培训日期"))
    topic = models.CharField(_("培训主题"), max_length=120)
    attendees = models.PositiveIntegerField(_("参训人数"), default=0)

    history = HistoricalRecords(table_name="core_historicalstationtraining")

    class Meta:
        db_table = "core_stationtraining"
        verbose_name = _("服务站培训")
        verbose_name_plural = _("服务站培训")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d} {self.topic}"
