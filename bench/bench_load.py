"""Target 6: load.  Starts gunicorn (2 workers, config/gunicorn.py, DJANGO_DEBUG=false as in
production) on 127.0.0.1 at a free port against the configured database, logs in 50 sessions of
bench users (40 of the county bureau, 10 of the province bureau; staff and leaders), runs locust
headless from bench/locustfile.py with 50 users (spawn rate 10, each waiting 1 to 5 seconds between
requests) for BENCH_LOAD_SECONDS (default 60) against that loopback address only, reads the
aggregated p95 and the failures, and stops gunicorn.  The sessions are deleted afterwards.

Target: p95 500 ms or less and no failed request.
"""

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import common

common.setup()

from django.contrib.sessions.models import Session  # noqa: E402
from django.test import Client  # noqa: E402

from core.models import Area  # noqa: E402
from veterans.models import Veteran  # noqa: E402

USERS = 50
SPAWN_RATE = 10
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 60))
P95_TARGET_MS = 500
HOST = "127.0.0.1"
BIN = Path(sys.executable).parent
# (username, sessions)
SESSION_MIX = (("bench-county-staff", 25), ("bench-county-leader", 15), ("bench-province-staff", 6),
               ("bench-province-leader", 4))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def make_plan(users, county):
    sessions = []
    for username, count in SESSION_MIX:
        for _n in range(count):
            client = Client()
            client.force_login(users[username])
            sessions.append({"sessionid": client.cookies["sessionid"].value, "role": users[username].role})
    sample = list(Veteran.objects.inside(county.code).order_by("id").values_list("id", "name", "name_pinyin", "id_number")[:5000:25])
    return {
        "sessions": sessions,
        "townships": list(Area.objects.filter(parent=county).values_list("code", flat=True)),
        "villages": list(Area.objects.filter(parent__parent=county).values_list("code", flat=True)),
        "veteran_ids": [row[0] for row in sample],
        "terms": {"name": [row[1] for row in sample[:40]], "pinyin": [row[2] for row in sample[:40]],
                  "id_tail": [row[3][-4:] for row in sample[:40]]},
    }


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def main():
    users = common.bench_users()
    county = common.places()["county"]
    plan = make_plan(users, county)
    port = free_port()
    base = f"http://{HOST}:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    plan_file = workdir / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    # gunicorn runs as in production (DEBUG off: no query log, no template debugging), with the
    # secret key the sessions above were signed with, and plain HTTP on loopback.
    from django.conf import settings

    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan_file), "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
           "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_COOKIES": "false", "DJANGO_HSTS_SECONDS": "0",
           "STATIC_ROOT": str(workdir / "static")}
    subprocess.run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=common.ROOT, env=env, check=True)
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi:application", "--workers", "2", "--bind", f"{HOST}:{port}",
         "--log-level", "warning"],
        cwd=common.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / "gunicorn.log", "w"))  # noqa: SIM115
    try:
        wait_until_up(f"{base}/login/")
        common.detail(f"gunicorn (2 workers, config/gunicorn.py) at {base}; locust: {USERS} users, spawn rate {SPAWN_RATE}/s, {SECONDS} s")
        locust = subprocess.run(
            [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless", "-u", str(USERS),
             "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", base, "--csv", str(workdir / "load"), "--only-summary",
             "--stop-timeout", "10", "--loglevel", "WARNING"],
            cwd=common.ROOT, env=env, capture_output=True, text=True, timeout=SECONDS + 120)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
        Session.objects.filter(session_key__in=[s["sessionid"] for s in plan["sessions"]]).delete()
    stats_file = workdir / "load_stats.csv"
    if not stats_file.exists():
        raise SystemExit(f"locust wrote no statistics:\n{locust.stdout[-3000:]}\n{locust.stderr[-3000:]}")
    with open(stats_file, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        common.detail(f"{row['Name'] or '(all)':16s} {int(row['Request Count']):>6} requests  {int(row['Failure Count']):>4} failed  "
                      f"median {row['50%']:>6} ms  p95 {row['95%']:>6} ms  max {float(row['Max Response Time']):.0f} ms")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    p95, failures, requests = float(total["95%"]), int(total["Failure Count"]), int(total["Request Count"])
    common.detail(f"throughput {float(total['Requests/s']):.1f} requests/s")
    failures_file = workdir / "load_failures.csv"
    if failures and failures_file.exists():
        common.detail("failures: " + failures_file.read_text(encoding="utf-8")[:1500])
    common.bench("load_p95", p95, "ms", f"<={P95_TARGET_MS}", p95 <= P95_TARGET_MS and requests > 0)
    common.bench("load_failures", failures, "requests", "0", failures == 0 and requests > 0)


if __name__ == "__main__":
    main()
