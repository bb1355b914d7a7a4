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
