"""The access log: logins, exports, imports and reveals, with the client IP."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.idnumber import mask_text, mask_values
from core.models import AccessKind, AccessLog


def client_ip(request):
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:
        return request.META.get("REMOTE_ADDR") or None


def log_access(request, kind, *, user=None, username="", area_code=None, target="", detail=None):
    if user is None and request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        user = request.user
    if area_code is None:
        area_code = (user.area_id or "") if user else ""
    # An ID number or phone typed into a search box, a filter or the login form is never kept whole.
    return AccessLog.objects.create(
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
    from core.models import User

    username = (credentials or {}).get("username", "")
    # A failure against a known account is filed under that account's area, so its auditor sees it;
    # failures for unknown names have no area and are seen by the auditors at the top of the tree.
    known_area = User.objects.filter(username=username).values_list("area_id", flat=True).first()
    log_access(request, AccessKind.LOGIN_FAILED, username=username[:150], area_code=known_area or "")
