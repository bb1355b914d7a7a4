"""The second factor: TOTP as RFC 6238 defines it, required for the roles OTP_REQUIRED_ROLES names,
optional for clerks, with recovery codes, a reset by the security administrator, and the log."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AccessLog, User
from tests.factories import PASSWORD

# RFC 6238 Appendix B, SHA-1: the ASCII secret "12345678901234567890", 30-second steps, 8 digits.
RFC6238_SHA1 = [(59, 94287082), (1111111109, 7081804), (1111111111, 14050471), (1234567890, 89005924),
                (2000000000, 69279037), (20000000000, 65353130)]


@pytest.mark.parametrize(("unix_time", "expected"), RFC6238_SHA1)
def test_totp_gives_the_rfcs_test_values(unix_time, expected):
    totp = TOTP(b"12345678901234567890", step=30, t0=0, digits=8)
    totp.time = unix_time
    assert totp.token() == expected


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "security", "auditor", "leader", "staff"]


def current_code(user):
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def unthrottle(user):
    """What waiting out django-otp's delay after a wrong code (1 s, doubling) would do."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(client, user):
    page = client.get(reverse("otp_setup")).content.decode()
    assert "<svg" in page and re.search(r'id="otp-secret">[A-Z2-7 ]{16,}<', page)  # the QR code, made here
    response = client.post(reverse("otp_setup"), {"token": current_code(user), "next": "/veterans/"})
    codes = re.findall(r"<li>([a-z0-9]+)</li>", response.content.decode())
    assert len(codes) == 10
    return codes


def test_staff_must_enrol_before_anything_else(required, users, client):
    staff = users["staff"]
    log_in(client, staff)
    response = client.get("/veterans/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))
    wrong = client.post(reverse("otp_setup"), {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode() and not User.objects.get(pk=staff.pk).otp_enrolled
    assert TOTPDevice.objects.get(user=staff).throttling_failure_count == 1  # a wrong code slows the next try
    unthrottle(staff)
    enrol(client, staff)
    assert client.get("/veterans/").status_code == 200
    assert AccessLog.objects.filter(kind="otp_enroll", username="staff").exists()


def test_an_enrolled_user_is_asked_for_a_code_at_every_login(required, users, client):
    from django.test import Client

    staff = users["staff"]
    enrol(log_in(client, staff), staff)
    other = log_in(Client(), staff)
    response = other.get("/veterans/")
    assert response["Location"].startswith(reverse("otp_verify"))
    assert "验证码不正确" in other.post(reverse("otp_verify"), {"token": "123456"}).content.decode()
    assert AccessLog.objects.filter(kind="otp_failed", username="staff").count() == 1
    unthrottle(staff)
    TOTPDevice.objects.filter(user=staff).update(last_t=-1)  # the code used at enrolment may be used again here
    assert other.post(reverse("otp_verify"), {"token": current_code(staff), "next": "/veterans/"})["Location"] == "/veterans/"
    assert other.get("/veterans/").status_code == 200


def test_a_recovery_code_works_once(required, users, client):
    from django.test import Client

    staff = users["staff"]
    codes = enrol(log_in(client, staff), staff)
    first = log_in(Client(), staff)
    assert first.post(reverse("otp_verify"), {"token": codes[0].upper()}).status_code == 302
    assert first.get("/veterans/").status_code == 200
    again = log_in(Client(), staff)
    assert "验证码不正确" in again.post(reverse("otp_verify"), {"token": codes[0]}).content.decode()


def test_clerks_may_enrol_and_are_then_asked(required, users, client):
    from django.test import Client

    clerk = users["clerk"]
    log_in(client, clerk)
    assert client.get("/veterans/").status_code == 200  # optional for a station clerk
    enrol(client, clerk)
    assert log_in(Client(), clerk).get("/veterans/")["Location"].startswith(reverse("otp_verify"))


def test_the_security_administrator_resets_a_lost_phone(settings, users, client, client_for):
    from django.test import Client
    from django_otp import devices_for_user

    settings.OTP_REQUIRED_ROLES = ["staff"]  # the security officer's own second factor is another test's
    staff = users["staff"]
    enrol(log_in(client, staff), staff)
    reset = reverse("core:user_action", args=[staff.pk, "reset_otp"])
    assert client_for(users["admin"]).post(reset).status_code == 403  # not the system administrator's duty
    assert list(devices_for_user(staff))
    assert client_for(users["security"]).post(reset).status_code == 302
    assert list(devices_for_user(staff, confirmed=None)) == [] and not User.objects.get(pk=staff.pk).otp_enrolled
    assert AccessLog.objects.filter(kind="otp_reset", target=f"用户：{staff.username}", username="security").exists()
    assert log_in(Client(), staff).get("/veterans/")["Location"].startswith(reverse("otp_setup"))
