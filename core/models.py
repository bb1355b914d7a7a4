"""Areas, users and the audit tables every app shares.

`AreaScoped` carries the area a record belongs to and the `visible_to(user)`
entry point that views, exports, imports, autocompletes, dashboards and tasks all
start from; `CaseRecord` is the base of every case record.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneField
from core.roles import CASEWORK_ROLES, Role
from core.workflow import TransitionLog  # noqa: F401  (core's model, beside the workflows that write it)


class AreaLevel(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    COUNTY = 3, _("县/区")
    TOWNSHIP = 4, _("镇/街道")
    VILLAGE = 5, _("村/社区")


CODE_LENGTH_LEVEL = {2: AreaLevel.PROVINCE, 4: AreaLevel.CITY, 6: AreaLevel.COUNTY, 9: AreaLevel.TOWNSHIP, 12: AreaLevel.VILLAGE}


def codes_above(code):
    """The division codes of the area and of every area above it, the province's first:
    "330727101" gives ["33", "3307", "330727", "330727101"]."""
    code = str(code or "")
    return [code[:n] for n in CODE_LENGTH_LEVEL if n <= len(code)]


def code_range(lookup, code):
    """"Inside area `code`" as a range on the division code: code <= x < code with its last digit raised.

    Equivalent to a prefix match for digit codes, but a plain btree (and the list's (area, name, id)
    index) can serve a range, where LIKE 'code%' needs a pattern-ops index and loses the ordering.
    """
    code = str(code)
    if not code.isdigit() or set(code) == {"9"}:
        return {f"{lookup}__startswith": code}
    upper = str(int(code) + 1).zfill(len(code))  # digits only: compares the same under every collation
    return {f"{lookup}__gte": code, f"{lookup}__lt": upper}


def area_prefix(code):
    """The meaningful prefix of a division code ("330783000000" -> "330783")."""
    code = str(code)
    for length in (2, 4, 6, 9):
        if len(code) > length and set(code[length:]) == {"0"}:
            return code[:length]
    return code


class AreaQuerySet(models.QuerySet):
    def inside(self, code):
        return self.filter(**code_range("code", code))

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser and not user.area_id:
            return self.all()
        if not user.area_id:
            return self.none()
        return self.inside(user.area_id)


class Area(models.Model):
    """An administrative area keyed by its statistical division code (2/4/6/9/12 digits)."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True, help_text=_("统计用区划代码：省2位、市4位、县6位、镇9位、村12位"))
    name = models.CharField(_("名称"), max_length=60)
    level = models.PositiveSmallIntegerField(_("层级"), choices=AreaLevel.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="area_code_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:area_detail", args=[self.pk])

    @property
    def full_name(self):
        names = [a.name for a in self.ancestors()] + [self.name]
        return "".join(names)

    def ancestors(self):
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def clean(self):
        if len(self.code) not in CODE_LENGTH_LEVEL or not self.code.isdigit():
            raise ValidationError({"code": _("区划代码应为2、4、6、9或12位数字。")})
        self.level = CODE_LENGTH_LEVEL[len(self.code)]
        if self.parent_id and not self.code.startswith(self.parent_id):
            raise ValidationError({"parent": _("区划代码必须以上级区划代码开头。")})


class User(AbstractUser):
    """A person who signs in: one role, bound to one area."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.STAFF)
    otp_enrolled = models.BooleanField(_("已启用两步验证"), default=False, editable=False)
    area = models.ForeignKey(Area, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    full_name = models.CharField(_("姓名"), max_length=30, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        return reverse("core:user_detail", args=[self.pk])

    @property
    def does_casework(self):
        return self.is_active and self.role in CASEWORK_ROLES and bool(self.area_id)

    @property
    def can_write_cases(self):
        return self.does_casework and self.role in (Role.STAFF, Role.CLERK)

    @property
    def can_reveal(self):
        return self.does_casework and self.role in settings.REVEAL_ROLES


class ScopedQuerySet(models.QuerySet):
    """Queryset of an area-scoped model.  `visible_to(user)` is the only way views reach records."""

    def inside(self, code):
        return self.filter(**code_range(f"{self.model.area_path}__code", code))

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.does_casework:
            return self.none()
        return self.inside(user.area_id)


class AreaScoped(models.Model):
    """A record that belongs to an area and is reached only through `visible_to(user)`, with its timestamps.

    A model whose area comes through a parent sets `area_path`
    (e.g. "station__area") and leaves its own `area` out (`area = None`).
    """

    area_path = "area"

    area = models.ForeignKey(Area, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def area_code(self):
        obj = self
        for part in self.area_path.split("__")[:-1]:
            obj = getattr(obj, part)
        return obj.area_id


class CaseRecord(AreaScoped):
    """A case record, the work itself: registered pages (list, ledger, walk), a change history, and
    every save renews the data version that the lists' counts and the dashboard are cached under
    (core.dataversion).  `python manage.py check` holds each concrete one to that (core.checks).

    An area-scoped record that is not case work (a summary run, whose progress is saved every few
    seconds) derives from AreaScoped instead.
    """

    class Meta:
        abstract = True


class AccessKind(models.TextChoices):
    LOGIN_OK = "login_ok", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出台账")
    IMPORT = "import", _("导入台账")
    REVEAL = "reveal", _("查看完整敏感信息")
    SEARCH = "search", _("按证件号或电话查询")
    USER_CREATE = "user_create", _("新建用户")
    USER_CHANGE = "user_change", _("修改用户")
    ROLE_CHANGE = "role_change", _("角色授权")
    PASSWORD = "password", _("修改密码")
    LOCKOUT = "lockout", _("账号锁定")
    UNLOCK = "unlock", _("解除锁定")
    OTP_ENROLL = "otp_enroll", _("启用两步验证")
    OTP_RESET = "otp_reset", _("重置两步验证")
    OTP_FAILED = "otp_failed", _("两步验证失败")
    AREA_CREATE = "area_create", _("新增行政区划")
    AREA_CHANGE = "area_change", _("修改行政区划")
    AREA_DELETE = "area_delete", _("删除行政区划")


class AccessLog(models.Model):
    """Append-only access log, read by auditors only.  No view edits or deletes it."""

    kind = models.CharField(_("类型"), max_length=16, choices=AccessKind.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    area_code = models.CharField(_("用户区划"), max_length=12, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("访问日志")
        verbose_name_plural = _("访问日志")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("core:accesslog_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("access log entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("access log entries are append-only")


class LedgerJobKind(models.TextChoices):
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")


class LedgerJobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class LedgerJob(models.Model):
    """A big ledger export or import run in the background (core.ledgerjobs), as a row: the Celery
    task loads it by id, writes its progress into it and leaves the file (or the import's result)
    here.  Only its owner sees it: the pages of another user's job are 404."""

    kind = models.CharField(_("类型"), max_length=8, choices=LedgerJobKind.choices)
    ledger = models.CharField(_("台账"), max_length=100, help_text=_("模型标签，如 veterans.veteran"))
    title = models.CharField(_("台账名称"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="+")
    query = models.TextField(_("筛选条件"), blank=True, help_text=_("导出时列表页的查询参数，后台按同样的范围、筛选和脱敏导出"))
    unmasked = models.BooleanField(_("含完整敏感信息"), default=False)
    purpose = models.CharField(_("用途"), max_length=100, blank=True)
    update = models.BooleanField(_("更新已有记录"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=LedgerJobStatus.choices, default=LedgerJobStatus.PENDING)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    source = models.FileField(_("上传文件"), upload_to="ledger-jobs/in/", blank=True)
    output = models.FileField(_("导出文件"), upload_to="ledger-jobs/out/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    result = models.JSONField(_("导入结果"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账后台任务")
        verbose_name_plural = _("台账后台任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}{self.title}"

    def get_absolute_url(self):
        return reverse("core:ledgerjob", args=[self.pk])

    @property
    def percent(self):
        if self.status == LedgerJobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def running(self):
        return self.status in (LedgerJobStatus.PENDING, LedgerJobStatus.RUNNING)
