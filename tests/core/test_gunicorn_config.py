"""config/gunicorn.py: threads by default, every setting from the environment (README's table)."""

import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"
NAMES = ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_KEEPALIVE")


def test_defaults_serve_with_threads(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    settings = runpy.run_path(str(CONFIG))
    assert (settings["bind"], settings["workers"], settings["worker_class"], settings["threads"], settings["timeout"],
            settings["keepalive"]) == ("127.0.0.1:8000", 2, "gthread", 4, 120, 75)


def test_one_worker_without_a_shared_cache(monkeypatch):
    """Counts and figures cached in one process's memory would be stale in another."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for cache_url in ("locmemcache://", ""):
        monkeypatch.setenv("CACHE_URL", cache_url)
        assert runpy.run_path(str(CONFIG))["workers"] == 1
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    assert runpy.run_path(str(CONFIG))["workers"] == 3


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "300")
    settings = runpy.run_path(str(CONFIG))
    assert (settings["bind"], settings["workers"], settings["threads"], settings["timeout"]) == ("0.0.0.0:9000", 5, 8, 300)
    readme = (CONFIG.parents[1] / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in NAMES)
    assert "-c config/gunicorn.py" in readme
