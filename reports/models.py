"""A summary run is a row: the Celery task loads it by id (DESIGN.md mechanism 7)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AreaScoped
from reports.formatting import local_time, percent


class SummaryKind(models.TextChoices):
    HALF = "half", _("上半年")
    ANNUAL = "annual", _("年度")


class RunStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class SummaryRun(AreaScoped):
    kind = models.CharField(_("类型"), max_length=8, choices=SummaryKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    opening = models.TextField(_("开头语"), blank=True)
    problems = models.TextField(_("二、存在问题"), blank=True)
    plans = models.TextField(_("三、下步打算"), blank=True)
    docx = models.FileField(_("Word文档"), upload_to="summaries/", blank=True)
    xlsx = models.FileField(_("Excel附表"), upload_to="summaries/", blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True, editable=False,
                                        help_text=_("生成中的任务每推进一步更新；长时间不动说明后台进程已中断"))

    class Meta:
        verbose_name = _("工作总结")
        verbose_name_plural = _("工作总结")
        ordering = ["-year", "kind", "area_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "area"], name="one_summary_per_kind_year_area")]

    def __str__(self):
        return f"{self.area.name}{self.year}年{self.get_kind_display()}工作总结"

    def get_absolute_url(self):
        return reverse("reports:summaryrun_detail", args=[self.pk])

    def progress_text(self):
        return percent(self.progress)

    progress_text.short_description = _("进度")

    def finished_at_text(self):
        """Local time (settings.TIME_ZONE) in Chinese: 2026年12月2日 14:05."""
        return local_time(self.finished_at)

    finished_at_text.short_description = _("完成时间")


class FigureRollup(models.Model):
    """One figure of a leader's dashboard, computed ahead of time (reports.dashboard, "Roll-ups").

    The cells of one dashboard (`dashboard`, the area code of a province, city or county, on `day`) are
    its tiles' figures for this year to date and the same days last year, its trends' months and its
    breakdown's child areas: each the indicator's own figure for (`area_code`, `start`-`end`), as
    compute_dashboard asks it, so the page built from them is the page computed directly.  `whole`
    keeps a count a count (an int, not 6.00) when it is read back.
    """

    dashboard = models.CharField(_("看板区划"), max_length=12)
    day = models.DateField(_("看板日期"))
    indicator = models.CharField(_("指标"), max_length=80)
    area_code = models.CharField(_("指标区划"), max_length=12)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=2, null=True)
    whole = models.BooleanField(_("整数"), default=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("看板指标汇总")
        verbose_name_plural = _("看板指标汇总")
        constraints = [models.UniqueConstraint(fields=["dashboard", "indicator", "area_code", "start", "end"],
                                               name="one_rollup_cell_per_figure")]
        indexes = [models.Index(fields=["dashboard", "day"], name="rollup_dashboard_day")]

    def __str__(self):
        return f"{self.dashboard} {self.indicator} {self.area_code} {self.start}至{self.end}"


class RollupMark(models.Model):
    """A change to a case record of an area since the roll-ups were last renewed: written with the change
    (in its transaction), read and removed by reports.dashboard.rollup_refresh.  An empty code is a
    change whose area is not known (a bulk write): every roll-up is renewed."""

    code = models.CharField(_("区划代码"), max_length=12, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("看板待更新标记")
        verbose_name_plural = _("看板待更新标记")

    def __str__(self):
        return f"{self.code or '全部'} {self.at}"
