"""The access log: logins, exports, imports and reveals, with the client IP."""

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from core.idnumber import mask_text, mask_values  # every logged value passes through them
from core.models import AccessKind, AccessLog, User


def client_ip(request):
    if request is None:
        return None
    try:
        return get_client_ip_address(request) or None
    except Exception:
        return request.META.get("REMOTE_ADDR") or None


def log_access(request, kind, **fields):
    entry = access_entry(request, kind, **fields)
    entry.save()
    return entry


def access_entry(request, kind, *, user=None, username="", area_code=None, target="", detail=None):
    """An unsaved AccessLog entry (log_access saves it; a bulk writer bulk-creates many)."""
    if user is None and request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        user = request.user
    if area_code is None:
        area_code = (user.area_id or "") if user else ""
    # An ID number or phone typed into a search box, a filter or the login form is never kept whole.
    return AccessLog(
        kind=kind,
        user=user,
        username=mask_text(username or (user.username if user else ""))[:150],
        area_code=area_code,
        ip=client_ip(request),
        target=mask_text(target)[:200],
        detail=mask_values(detail or {}),
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    log_access(request, AccessKind.LOGIN_OK, user=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_access(request, AccessKind.LOGOUT, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    # A failure against a known account is filed under that account's area, so its auditor sees it;
    # failures for unknown names have no area and are seen by the auditors at the top of the tree.
    known_area = User.objects.filter(username=username).values_list("area_id", flat=True).first()
    log_access(request, AccessKind.LOGIN_FAILED, username=username[:150], area_code=known_area or "")


# -- changes of accounts: every change of a user, role, area, password or lock is in the log -----------

TRACKED_USER_FIELDS = ("username", "full_name", "role", "area_id", "is_active", "phone")


def current_request():
    """The request being served (simple_history's middleware keeps it), for writes logged from a
    signal or a service that was not handed it; None in a shell or a task."""
    return getattr(HistoricalRecords.context, "request", None)


def _snapshot(user):
    return {name: getattr(user, name) for name in (*TRACKED_USER_FIELDS, "password")}


def _tracked(update_fields):
    return update_fields is None or bool(set(update_fields) & {*TRACKED_USER_FIELDS, "area", "password"})


@receiver(pre_save, sender="core.User", dispatch_uid="audit_user_before")
def _user_before(sender, instance, update_fields=None, **kwargs):
    if not _tracked(update_fields):  # a login's last_login: nothing the log records
        instance._audit_before = "untracked"
        return
    old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = _snapshot(old) if old is not None else None


@receiver(post_save, sender="core.User", dispatch_uid="audit_user_after")
def _user_after(sender, instance, created, update_fields=None, **kwargs):
    before = getattr(instance, "_audit_before", None)
    if before == "untracked" and not created:
        return
    after = _snapshot(instance)
    request = current_request()
    actor = request.user if request is not None and getattr(request.user, "is_authenticated", False) else None
    target = f"用户：{instance.username}"
    if created or before is None:
        log_access(request, AccessKind.USER_CREATE, user=actor, target=target, detail={
            "username": instance.username, "role": instance.role, "area": instance.area_id or ""})
        return
    changes = {name: [str(before[name] or ""), str(after[name] or "")] for name in TRACKED_USER_FIELDS
               if before[name] != after[name]}
    role = changes.pop("role", None)
    if role:
        log_access(request, AccessKind.ROLE_CHANGE, user=actor, target=target,
                   detail={"username": instance.username, "role": role, "by_self": actor is not None and actor.pk == instance.pk})
    if changes:
        log_access(request, AccessKind.USER_CHANGE, user=actor, target=target,
                   detail={"username": instance.username, "changes": changes})
    if before["password"] != after["password"]:
        log_access(request, AccessKind.PASSWORD, user=actor, target=target, detail={
            "username": instance.username, "by_self": actor is not None and actor.pk == instance.pk})


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    area = User.objects.filter(username=username or "").values_list("area_id", flat=True).first()
    log_access(request, AccessKind.LOCKOUT, username=(username or "")[:150], area_code=area or "",
               target=f"用户：{username}", detail={"username": username or "", "ip": ip_address or ""})


# -- changes of administrative areas (行政区划, the system administrator's duty) ------------------------

TRACKED_AREA_FIELDS = ("name", "level", "parent_id")


def _actor(request):
    return request.user if request is not None and getattr(request.user, "is_authenticated", False) else None


def _area_target(area):
    return f"行政区划：{area.code} {area.name}"


def _area_created_entry(request, area, actor):
    return access_entry(request, AccessKind.AREA_CREATE, user=actor, target=_area_target(area), detail={
        "code": area.code, "name": area.name, "level": area.level, "parent": area.parent_id or ""})


@receiver(pre_save, sender="core.Area", dispatch_uid="audit_area_before")
def _area_before(sender, instance, **kwargs):
    old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = {name: getattr(old, name) for name in TRACKED_AREA_FIELDS} if old is not None else None


@receiver(post_save, sender="core.Area", dispatch_uid="audit_area_after")
def _area_after(sender, instance, created, **kwargs):
    request = current_request()
    actor = _actor(request)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _area_created_entry(request, instance, actor).save()
        return
    changes = {name.removesuffix("_id"): [str(before[name] or ""), str(getattr(instance, name) or "")]
               for name in TRACKED_AREA_FIELDS if before[name] != getattr(instance, name)}
    if changes:
        log_access(request, AccessKind.AREA_CHANGE, user=actor, target=_area_target(instance), detail={
            "code": instance.code, "name": instance.name, "changes": changes})


@receiver(post_delete, sender="core.Area", dispatch_uid="audit_area_deleted")
def _area_deleted(sender, instance, **kwargs):
    request = current_request()
    log_access(request, AccessKind.AREA_DELETE, user=_actor(request), target=_area_target(instance), detail={
        "code": instance.code, "name": instance.name, "parent": instance.parent_id or ""})


def log_areas_created(areas, *, user):
    """One entry an area bulk-created (a ledger import writes no post_save), by `user`."""
    request = current_request()
    AccessLog.objects.bulk_create([_area_created_entry(request, area, user) for area in areas], batch_size=1000)
