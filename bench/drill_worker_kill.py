"""Fault drill: a Celery worker killed (kill -9) in the middle of a summary.  Prints what happened;
exits 1 when a check fails.

    DATABASE_URL=postgres://…/tyjr CELERY_BROKER_URL=redis://127.0.0.1:6379/15 python bench/drill_worker_kill.py

The database must hold a county (`manage.py load_demo` does).  The drill:

1. starts a real worker (`celery -A config worker --pool=solo`) in a process of its own, on a queue of
   the drill's own, with SUMMARY_EXPECTED_SECONDS=2 (so the broker hands an unacknowledged message to
   another worker after 10 s instead of 10 minutes);
2. asks for the county's annual summary as its staff would (reports.services.summary_request) and
   sends SIGKILL to the worker the moment the run is 生成中 (retrying when a run finishes first);
3. checks the run is left 生成中 with no files, then lets its heartbeat age past SUMMARY_STALE_MINUTES
   (backdated, instead of waiting five minutes) and runs the beat's recovery: the run is 失败 with the
   message that tells staff to ask again;
4. starts a new worker and asks again: the run is 已完成;
5. waits for the killed task's message, delivered again to the new worker (acks_late), and checks
   that it left the same single row and the same single file set: one .docx and one .xlsx at the
   run's fixed names, nothing else under that name.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid

import common

EXPECTED_SECONDS = "2"
QUEUE = f"drill-{uuid.uuid4().hex[:10]}"


def say(message):
    print(message, flush=True)


def fail(message):
    say(f"FAIL {message}")
    raise SystemExit(1)


def start_worker():
    env = {**os.environ, "SUMMARY_EXPECTED_SECONDS": EXPECTED_SECONDS}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", QUEUE, "--loglevel=WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=common.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # the worker connects and takes its queue
    if process.poll() is not None:
        fail(f"the worker did not start: {process.stderr.read()[-2000:]}")
    return process


def wait_for(run, states, seconds):
    from reports.models import SummaryRun

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = SummaryRun.objects.filter(pk=run.pk).values_list("status", flat=True).get()
        if status in states:
            return status
        time.sleep(0.002)
    return None


def main():
    os.environ["SUMMARY_EXPECTED_SECONDS"] = EXPECTED_SECONDS
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("CELERY_BROKER_URL"):
        raise SystemExit("drill_worker_kill: set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (a real broker)")
    common.setup()
    from config.celery import app

    app.conf.task_default_queue = QUEUE  # the drill's tasks go to the drill's worker only
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from core.models import Area, User
    from core.roles import Role
    from reports.models import RunStatus, SummaryRun
    from reports.services import recover_stale_runs, summary_request

    county = Area.objects.filter(level=3).order_by("code").first()
    if county is None:
        raise SystemExit("drill_worker_kill: no county in the database; run `python manage.py load_demo` first")
    staff = User.objects.filter(role=Role.STAFF, area=county).first() or User.objects.create(
        username=f"drill-staff-{county.code}", role=Role.STAFF, area=county, full_name="演练")
    year = datetime.date.today().year - 1
    SummaryRun.objects.filter(kind="annual", year=year, area=county).delete()
    say(f"drill: {county.name} {year}年工作总结, queue {QUEUE}, visibility {5 * int(EXPECTED_SECONDS)} s")

    killed = None
    for attempt in range(1, 6):
        worker = start_worker()
        with transaction.atomic():
            run = summary_request(kind="annual", year=year, area=county, user=staff)
        state = wait_for(run, {RunStatus.RUNNING, RunStatus.DONE}, 60)
        if state == RunStatus.RUNNING:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
            run.refresh_from_db()
            if run.status == RunStatus.RUNNING:
                killed = run
                say(f"attempt {attempt}: worker {worker.pid} killed (SIGKILL) at progress {run.progress}%")
                break
        worker.kill()
        worker.wait()
        say(f"attempt {attempt}: the run finished ({state}) before the kill; again")
        SummaryRun.objects.filter(pk=run.pk).delete()
    if killed is None:
        fail("could not kill a worker mid-summary in 5 attempts")

    run = SummaryRun.objects.get(pk=killed.pk)
    if run.status != RunStatus.RUNNING or run.docx or run.xlsx:
        fail(f"after the kill the run is {run.status} with files {run.docx.name!r} {run.xlsx.name!r}")
    say(f"after the kill: one run, 生成中, no files ({SummaryRun.objects.filter(area=county, year=year).count()} row)")
    aged = timezone.now() - datetime.timedelta(minutes=settings.SUMMARY_STALE_MINUTES + 1)
    SummaryRun.objects.filter(pk=run.pk).update(heartbeat_at=aged)
    recovered = recover_stale_runs()
    run.refresh_from_db()
    if recovered != 1 or run.status != RunStatus.FAILED:
        fail(f"recovery marked {recovered} runs; the run is {run.status}")
    say(f"recovery (beat): the run is 失败: {run.error}")

    worker = start_worker()
    try:
        with transaction.atomic():
            run = summary_request(kind="annual", year=year, area=county, user=staff)
        if wait_for(run, {RunStatus.DONE, RunStatus.FAILED}, 120) != RunStatus.DONE:
            fail(f"asked again, the run did not finish: {SummaryRun.objects.get(pk=run.pk).error}")
        say("asked again: 已完成")
        first = SummaryRun.objects.get(pk=run.pk).finished_at
        deadline = time.monotonic() + 5 * int(EXPECTED_SECONDS) + 30
        redelivered = False
        while time.monotonic() < deadline:  # the killed task's message, handed to this worker again
            if SummaryRun.objects.get(pk=run.pk).finished_at != first:
                redelivered = True
                break
            time.sleep(0.5)
        if redelivered:
            wait_for(run, {RunStatus.DONE}, 120)
        say(f"the killed task's message delivered again: {'yes, and done' if redelivered else 'not within the wait'}")
    finally:
        worker.kill()
        worker.wait()

    rows = SummaryRun.objects.filter(kind="annual", year=year, area=county)
    run = rows.get()
    folder = os.path.dirname(run.docx.path)
    stem = f"{county.code}-{year}-annual"
    files = sorted(name for name in os.listdir(folder) if name.startswith(stem))
    say(f"in the end: {rows.count()} run row, status {run.get_status_display()}, files {files}")
    if rows.count() != 1 or run.status != RunStatus.DONE or files != [f"{stem}.docx", f"{stem}.xlsx"]:
        fail("not exactly one run row and one file set")
    say("PASS worker killed mid-summary: one run row and one file set after recovery")


if __name__ == "__main__":
    main()
