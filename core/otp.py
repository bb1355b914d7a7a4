"""A second factor (TOTP, RFC 6238) through django-otp: required for the roles in
OTP_REQUIRED_ROLES, optional for the others (a clerk who enrolls is asked for it from then on).

Enrolment shows a QR code made on the server (segno, no outside service) and the secret in
text, asks for one code to confirm, and gives ten one-time recovery codes.  The security
administrator resets a user's devices (core.views.UserViews); every enrolment, reset and failed
code is in the access log.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import current_request, log_access
from core.models import AccessKind

RECOVERY_CODES = 10


def required_for(user):
    return user.role in settings.OTP_REQUIRED_ROLES


def enrolled(user):
    """Whether the user has a confirmed second factor: a flag on the account, kept with the devices
    (set on enrolment, cleared on reset), so no page pays a look-up of devices."""
    return user.otp_enrolled


class SecondFactorMiddleware:
    """A signed-in user not yet verified by a second factor sees only the enrolment or the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            exempt = (reverse("otp_setup"), reverse("otp_verify"), reverse("logout"))
            if request.path not in exempt and not request.path.startswith((settings.STATIC_URL, "/static/")):
                if enrolled(user):
                    return redirect(f"{reverse('otp_verify')}?next={request.get_full_path()}")
                if required_for(user):
                    return redirect(f"{reverse('otp_setup')}?next={request.get_full_path()}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("验证码"), max_length=16, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("home")
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else reverse("home")


def qr_svg(text):
    return segno.make(text, error="m").svg_inline(scale=5, border=2)


class SetupView(LoginRequiredMixin, View):
    """Enrol an authenticator app: scan the code (or type the secret), then confirm with one code."""

    def device(self, user):
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)

    def render_page(self, request, form, status=200):
        from base64 import b32encode

        device = self.device(request.user)
        secret = b32encode(device.bin_key).decode()
        return render(request, "registration/otp_setup.html", {
            "form": form, "qr": qr_svg(device.config_url), "next": next_url(request),
            "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
            "required": required_for(request.user)}, status=status)

    def get(self, request):
        if enrolled(request.user) and not request.user.is_verified():
            return redirect(f"{reverse('otp_verify')}?next={next_url(request)}")
        if enrolled(request.user):
            return redirect(next_url(request))
        return self.render_page(request, TokenForm())

    def post(self, request):
        if enrolled(request.user):
            return redirect(next_url(request))
        form = TokenForm(request.POST)
        device = self.device(request.user)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            get_user_model().objects.filter(pk=request.user.pk).update(otp_enrolled=True)
            request.user.otp_enrolled = True
            otp_login(request, device)
            codes = make_recovery_codes(request.user)
            log_access(request, AccessKind.OTP_ENROLL, target=f"用户：{request.user.username}",
                       detail={"username": request.user.username})
            return render(request, "registration/otp_codes.html", {"codes": codes, "next": next_url(request)})
        form.add_error("token", _("验证码不正确，请核对手机上的6位数字（注意手机时间是否准确）后重试。"))
        return self.render_page(request, form)


def make_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="备用验证码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


class VerifyView(LoginRequiredMixin, View):
    """The code from the authenticator app, or one of the recovery codes (each works once)."""

    def get(self, request):
        if request.user.is_verified() or not enrolled(request.user):
            return redirect(next_url(request))
        return render(request, "registration/otp_verify.html", {"form": TokenForm(), "next": next_url(request)})

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            for device in devices_for_user(request.user, confirmed=True, for_verify=True):
                allowed, _why = device.verify_is_allowed()
                if allowed and device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    return redirect(next_url(request))
            form.add_error("token", _("验证码不正确或已使用，请重试；连续出错后需稍等片刻再试。"))
            log_access(request, AccessKind.OTP_FAILED, target=f"用户：{request.user.username}",
                       detail={"username": request.user.username})
        return render(request, "registration/otp_verify.html", {"form": form, "next": next_url(request)}, status=200)


def otp_reset(*, account, user):
    """The security administrator removes a user's second factor (a lost phone): they enrol again."""
    removed = sum(device.delete()[0] > 0 for device in devices_for_user(account, confirmed=None))
    get_user_model().objects.filter(pk=account.pk).update(otp_enrolled=False)
    log_access(current_request(), AccessKind.OTP_RESET, user=user, target=f"用户：{account.username}",
               detail={"username": account.username, "devices": removed})
