"""Production settings, checked in a fresh process as production starts them."""

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
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
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


def test_deploy_check_passes_in_production():
    env = production_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=random_secret_key(), DJANGO_ALLOWED_HOSTS="example.org")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


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
