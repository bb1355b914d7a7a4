import django_filters
import django_tables2 as tables
from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import ledgers, services
from core import tables as core_tables
from core.account_forms import AreaForm, UserCreateForm, UserEditForm, UserGrantForm
from core.action_forms import ActionForm
from core.audit import current_request, log_access, log_areas_created
from core.fields import is_sensitive
from core.generic import ModelViews, ObjectAction, RelatedBlock, cached_count
from core.ledger import Column, Ledger, error_folder
from core.models import AccessKind, AccessLog, Area, CaseRecord, LedgerJob, LedgerJobKind, LedgerJobStatus, User
from core.otp import otp_reset
from core.registry import register, registry
from core.roles import CASEWORK_ROLES, Role
from core.search import log_number_search
from core.widgets import DateInput

# ---------------------------------------------------------------- areas (read by all, written by administrators)


class AreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("搜索"), method="filter_search")

    class Meta:
        model = Area
        fields = ["level"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) | queryset.filter(code__startswith=value) if value else queryset


class AreaTable(core_tables.CaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(core_tables.CaseTable.Meta):
        model = Area
        fields = ("code", "name", "level", "parent")


area_ledger = Ledger(
    model=Area,
    title="行政区划台账",
    form_class=AreaForm,
    key="code",
    select_related=("parent",),
    columns=[
        Column(field="code", aliases=("统计用区划代码", "代码")),
        Column(field="name", aliases=("区划名称",)),
        Column(field="level"),  # not imported: the form takes it from the code
        Column("上级区划代码", "parent"),
    ],
)


def areas_bulk_create(*, model, instances, user, reason):
    """A ledger import's new areas: one bulk insert, and one access-log entry each (core.audit logs
    every other change of an area as it is saved or deleted)."""
    services.bulk_insert(model=model, instances=instances, user=user, reason=reason)
    log_areas_created(instances, user=user)


@register
class AreaViews(ModelViews):
    model = Area
    filterset_class = AreaFilterSet
    table_class = AreaTable
    form_class = AreaForm
    ledger = area_ledger
    list_select_related = ("parent",)
    read_roles = (*CASEWORK_ROLES, Role.ADMIN)
    write_roles = (Role.ADMIN,)
    section = "system"
    related = (RelatedBlock(gettext_lazy("下级区划"), "children", AreaTable),)
    bulk_create_service = staticmethod(areas_bulk_create)


# ---------------------------------------------------------------- users (administrators only)


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("搜索"), method="filter_search")

    class Meta:
        model = User
        fields = ["role", "is_active"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(username__icontains=value) | queryset.filter(full_name__icontains=value) if value else queryset


class UserTable(core_tables.CaseTable):
    username = tables.Column(linkify=True)

    class Meta(core_tables.CaseTable.Meta):
        model = User
        fields = ("username", "full_name", "role", "area", "phone", "is_active", "must_change_password", "last_login")


def user_unlock(*, account, user):
    """Lift the lock of an account (failed logins from any address), as the security administrator."""
    removed = axes_reset(username=account.username)
    log_access(current_request(), AccessKind.UNLOCK, user=user, target=f"用户：{account.username}",
               detail={"username": account.username, "attempts_cleared": removed})


def account_create(*, model, data, user):
    """A new account: no role until the security administrator grants one (三员分立), and a first
    password that must be changed at the first sign-in."""
    account = model(role=Role.PENDING)
    services.assign(account, data)
    account.set_password(data["password1"])
    account.must_change_password = True
    services.validate(account)
    return services.save(account, user, "")


def account_update(*, instance, data, user):
    """The administrator's edit (area, name, a reset password) or the security administrator's grant (role)."""
    services.assign(instance, data)
    if data.get("new_password"):
        instance.set_password(data["new_password"])
        instance.must_change_password = True
    services.validate(instance)
    return services.save(instance, user, "")


@register
class UserViews(ModelViews):
    """Accounts: the system administrator creates them and keeps their area and password; the
    security administrator grants their role and unlocks them (三员分立)."""

    model = User
    filterset_class = UserFilterSet
    table_class = UserTable
    form_class = UserEditForm
    create_form_class = UserCreateForm
    grant_form_class = UserGrantForm
    list_select_related = ("area",)
    read_roles = (Role.ADMIN, Role.SECURITY)
    write_roles = (Role.ADMIN, Role.SECURITY)
    add_roles = (Role.ADMIN,)
    actions = ("list", "detail", "add", "edit")
    create_service = staticmethod(account_create)
    update_service = staticmethod(account_update)
    section = "system"
    detail_fieldsets = [(None, ["username", "full_name", "role", "area", "phone", "is_active", "must_change_password",
                                "last_login", "date_joined"])]
    object_actions = (
        ObjectAction("unlock", gettext_lazy("解除锁定"), ActionForm, user_unlock, roles=[Role.SECURITY], subject="account",
                     help_text=gettext_lazy("清除该账号的登录失败记录，解除锁定。")),
        ObjectAction("reset_otp", gettext_lazy("重置两步验证"), ActionForm, otp_reset, subject="account",
                     roles=[Role.SECURITY], help_text=gettext_lazy("手机丢失时使用：删除该用户的验证器和备用验证码，下次登录时重新设置。")),
    )

    @classmethod
    def scope(cls, user):
        if user.role not in (Role.ADMIN, Role.SECURITY):
            return User.objects.none()
        if user.is_superuser and not user.area_id:
            return User.objects.all()
        return User.objects.filter(area__code__startswith=user.area_id) if user.area_id else User.objects.none()

    @classmethod
    def get_form(cls, request, instance=None, data=None, files=None):
        if request.user.role == Role.SECURITY:
            form_class = cls.grant_form_class
        else:
            form_class = cls.form_class if instance is not None else cls.create_form_class
        return form_class(data=data, files=files, instance=instance, user=request.user, mask_sensitive=True)


# ---------------------------------------------------------------- access log (auditors only, read only)


class AccessLogFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("用户名"), field_name="username", lookup_expr="icontains")
    after = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=gettext_lazy("日期自"),
                                      widget=DateInput())
    before = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=gettext_lazy("日期至"),
                                       widget=DateInput())

    class Meta:
        model = AccessLog
        fields = ["kind"]


class AccessLogTable(core_tables.CaseTable):
    at = tables.DateTimeColumn(format="Y-m-d H:i:s", linkify=True)
    detail = tables.Column(orderable=False)

    class Meta(core_tables.CaseTable.Meta):
        model = AccessLog
        fields = ("at", "kind", "username", "ip", "target", "detail")


@register
class AccessLogViews(ModelViews):
    model = AccessLog
    filterset_class = AccessLogFilterSet
    table_class = AccessLogTable
    form_class = None
    ledger = ledgers.access_log_ledger
    read_roles = (Role.AUDITOR,)
    write_roles = ()
    actions = ("list", "detail", "export")
    section = "system"
    detail_fieldsets = [(None, ["at", "kind", "username", "area_code", "ip", "target", "detail"])]

    @classmethod
    def scope(cls, user):
        if user.role != Role.AUDITOR or not user.area_id:
            return AccessLog.objects.none()
        # Failed logins under unknown user names belong to no area: every auditor sees them.
        return AccessLog.objects.filter(Q(area_code__startswith=user.area_id) | Q(area_code=""))


# ---------------------------------------------------------------- pages outside the registry


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.user.must_change_password = False
        self.request.user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("密码已修改。"))
        return response


class HomeView(LoginRequiredMixin, View):
    def get(self, request):
        panels = [panel for panel in (provider(request) for provider in registry.home_panels) if panel]
        return render(request, "core/home.html", {"sections": registry.navigation(request.user), "panels": panels})


class SectionView(LoginRequiredMixin, View):
    """A section's page (/veterans/, /reports/ …): its lists with their counts in the user's area,
    and the actions a clerk uses most (add, import, export)."""

    section = None

    def get(self, request):
        section = registry.sections[self.section]
        entries = []
        for item in section.items:
            if request.user.role not in item.roles:
                continue
            entry = {"label": item.label, "url": reverse(item.url_name), "count": None, "actions": []}
            vs = registry.for_list(item.url_name)
            if vs is not None:
                queryset = vs.get_queryset(request)
                entry["count"] = (cached_count(request, vs.model, queryset) if issubclass(vs.model, CaseRecord)
                                  else queryset.count())
                if vs.can_add(request.user) and vs.has_action("add"):
                    entry["actions"].append((_("新增"), reverse(vs.url_name("add"))))
                if vs.can_write(request.user) and vs.has_action("import"):
                    entry["actions"].append((_("导入台账"), reverse(vs.url_name("import"))))
                if vs.has_action("export"):
                    entry["actions"].append((_("导出台账"), reverse(vs.url_name("export"))))
            entries.append(entry)
        return render(request, "core/section.html", {"section": section, "entries": entries, "built": bool(section.items)})


class RevealView(LoginRequiredMixin, View):
    """The full value of one masked field, for roles allowed to see it; every reveal is logged."""

    def post(self, request, label, pk, field):
        try:
            viewset = registry.get(label)
        except KeyError:
            raise Http404 from None
        if not viewset.can_read(request.user):
            raise Http404
        obj = get_object_or_404(viewset.get_queryset(request), pk=pk)
        try:
            model_field = obj._meta.get_field(field)
        except Exception:
            raise Http404 from None
        if not is_sensitive(model_field):
            raise Http404
        if not request.user.can_reveal:
            raise PermissionDenied(_("您的角色无权查看完整信息。"))
        log_access(request, AccessKind.REVEAL, target=f"{obj._meta.verbose_name}：{obj}",
                   detail={"model": label, "pk": str(obj.pk), "field": field})
        return HttpResponse(f'<span class="font-monospace">{escape(getattr(obj, field))}</span>')

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])


class ImportErrorDownloadView(LoginRequiredMixin, View):
    """The error workbook of the user's own failed import."""

    def get(self, request, token):
        if not token.startswith(f"{request.user.pk}-") or not all(c.isalnum() or c == "-" for c in token):
            raise Http404
        path = error_folder() / f"{token}.xlsx"
        if not path.exists():
            raise Http404
        return FileResponse(open(path, "rb"), as_attachment=True, filename="导入错误说明.xlsx")


def own_job(request, pk):
    """The user's own ledger job; another user's, whoever they are, is a 404."""
    return get_object_or_404(LedgerJob.objects.select_related("user"), pk=pk, user=request.user)


class LedgerJobView(LoginRequiredMixin, View):
    """A background export or import (core.ledgerjobs): its progress, polled, then its file or result."""

    def get(self, request, pk):
        job = own_job(request, pk)
        viewset = registry.get(job.ledger)
        return render(request, "core/ledgerjob.html", {
            "job": job, "list_url": reverse(viewset.url_name("list")) if viewset else "",
            "import_url": reverse(viewset.url_name("import")) if viewset and viewset.has_action("import") else ""})


class LedgerJobProgressView(LoginRequiredMixin, View):
    """The fragment the job's page polls (htmx, every second) while the job is queued or running."""

    def get(self, request, pk):
        return render(request, "core/_ledgerjob_progress.html", {"job": own_job(request, pk)})


class LedgerJobDownloadView(LoginRequiredMixin, View):
    """A finished export's file, to the user who asked for it only; logged as an export, as the
    synchronous one is."""

    def get(self, request, pk):
        job = own_job(request, pk)
        if job.kind != LedgerJobKind.EXPORT or job.status != LedgerJobStatus.DONE or not job.output:
            raise Http404
        filters = {key: value for key, value in QueryDict(job.query).items()
                   if value and key not in ("page", "sort", "full", "purpose")}
        detail = {"ledger": job.title, "filters": filters, "rows": job.total, "masked": not job.unmasked, "job": job.pk}
        if job.unmasked:
            detail["purpose"] = job.purpose
        log_access(request, AccessKind.EXPORT, target=job.title, detail=detail)
        return FileResponse(job.output.open("rb"), as_attachment=True, filename=job.filename or f"{job.title}.xlsx",
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class AreaAutocompleteView(LoginRequiredMixin, View):
    """Areas inside the user's own, by name or code: JSON for scripts, or <option>s for a datalist
    (`?format=options`; htmx sends the box's own name, so any other parameter is the term)."""

    def get(self, request):
        params = {k: v for k, v in request.GET.items() if k not in ("format", "level")}
        term = (params.pop("q", "") or next(iter(params.values()), "")).strip()
        qs = Area.objects.visible_to(request.user).select_related("parent")
        level = request.GET.get("level", "")
        if level.isdigit():
            qs = qs.filter(level=int(level))
        if term:
            qs = qs.filter(name__contains=term) | qs.filter(code__startswith=term)
        areas = list(qs.order_by("code")[:20])
        if request.GET.get("format") == "options":
            options = "".join(
                f'<option value="{escape(a.code)}">{escape(a.parent.name + "/" if a.parent and a.level == 5 else "")}'
                f"{escape(a.name)}</option>" for a in areas)
            return HttpResponse(options)
        return JsonResponse({"results": [{"id": a.code, "text": f"{a.name}（{a.code}）"} for a in areas]})


class RecordAutocompleteView(LoginRequiredMixin, View):
    """Suggestions for a RecordInput: <option>s of the records of one model the user may see,
    found by the model's declared search (the same as its list's), at most `autocomplete_limit`."""

    def get(self, request, label):
        try:
            viewset = registry.get(label)
        except KeyError:
            raise Http404 from None
        if viewset.autocomplete is None or not viewset.can_read(request.user):
            raise Http404
        term = (request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith("__search")), "")).strip()
        if not term:
            return HttpResponse("")
        log_number_search(request, viewset.model, term)
        queryset = viewset.autocomplete_queryset(viewset.autocomplete(viewset.get_queryset(request), term, user=request.user))
        records = list(queryset.order_by("pk")[: viewset.autocomplete_limit])
        labels = [viewset.autocomplete_label(obj) for obj in records]
        repeated = {text for text in labels if labels.count(text) > 1}
        options = "".join(
            f'<option value="{escape(text + (f" #{obj.pk}" if text in repeated else ""))}" data-pk="{escape(obj.pk)}"></option>'
            for obj, text in zip(records, labels, strict=True))
        return HttpResponse(options)


def url_for(obj):
    viewset = registry.for_model(type(obj))
    return reverse(viewset.url_name("detail"), args=[obj.pk]) if viewset else ""
