"""Production settings, checked in a fresh process as production starts them."""

import base64
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(**extra):
    """This process's environment without any DJANGO_* variable, plus `extra`."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("DJANGO_") and key not in ("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )


def random_secret_key(length=50):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def encryption_keys():
    return {"FIELD_ENCRYPTION_KEYS": f"k2026:{base64.b64encode(secrets.token_bytes(32)).decode()}",
            "BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}


def test_deploy_check_passes_in_production():
    env = production_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=random_secret_key(), DJANGO_ALLOWED_HOSTS="example.org",
                         **encryption_keys())
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"])
def test_production_refuses_to_start_without_encryption_keys(missing):
    keys = encryption_keys()
    del keys[missing]
    env = production_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=random_secret_key(), DJANGO_ALLOWED_HOSTS="example.org", **keys)
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr and "生产环境必须设置个人信息加密密钥" in result.stderr


def test_production_refuses_a_key_that_is_not_32_bytes():
    keys = encryption_keys() | {"FIELD_ENCRYPTION_KEYS": "old:" + base64.b64encode(b"short").decode()}
    env = production_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=random_secret_key(), DJANGO_ALLOWED_HOSTS="example.org", **keys)
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "must be 32 bytes" in result.stderr


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_secret_key(secret_key):
    # "unset" assumes no .env file in the project folder supplies DJANGO_SECRET_KEY (CI has none).
    extra = {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "example.org"}
    if secret_key is not None:
        extra["DJANGO_SECRET_KEY"] = secret_key
    result = manage("check", env=production_env(**extra))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_requires_a_second_factor_of_every_role_but_the_clerk():
    """Issue 11 part 3: TOTP required for administrators, auditors, leaders and staff; optional for clerks."""
    from core.roles import Role

    env = production_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=random_secret_key(), DJANGO_ALLOWED_HOSTS="example.org",
                         **encryption_keys())
    env.pop("OTP_REQUIRED_ROLES", None)  # the default, as production starts without the variable
    result = manage("shell", "-c", "from django.conf import settings; print(','.join(settings.OTP_REQUIRED_ROLES))", env=env)
    assert result.returncode == 0, result.stderr
    required = set(result.stdout.strip().splitlines()[-1].split(","))
    assert required == {"admin", "security", "auditor", "leader", "staff"}
    assert required == {Role.ADMIN, Role.SECURITY, Role.AUDITOR, Role.LEADER, Role.STAFF} and Role.CLERK not in required
