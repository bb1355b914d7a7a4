"""Fault drill: PostgreSQL restarted during a ledger import.  Prints what happened; exits 1 when a
check fails.

    DATABASE_URL=postgres://…/tyjr_copy python bench/drill_pg_restart.py      # as root, on a copy

The database must hold a county (`manage.py load_demo` does).  The drill exports the county's
veterans as its staff would (unmasked), gives every row a new ID number (region 369901, so the rows
are new records), and uploads the file through the import page (the view, its transaction and its
error handling, with Django's test client).  While the rows are being validated it restarts
PostgreSQL (`pg_ctlcluster <version> main restart`, which ends every connection).  Then, with the
server back:

- the upload was answered with a Chinese message (503 and the text of core.generic's import view),
  not a server error;
- no row of the file was written (one transaction: all or nothing);
- the same file uploaded again imports every row, so the server and the application recovered.

The rows imported by the second upload are deleted at the end.
"""

import io
import os
import random
import subprocess
import threading
import time

import common

REGION = "369901"


def say(message):
    print(message, flush=True)


def restart_postgres(delay, log):
    time.sleep(delay)
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    done = subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                          capture_output=True, text=True)
    log.append((time.monotonic() - started, done.returncode, done.stderr.strip()))


def make_file(user, county):
    from openpyxl import load_workbook

    from veterans.ledgers import veteran_ledger
    from veterans.models import Veteran

    result = veteran_ledger.export(Veteran.objects.inside(county.code), user=user, unmasked=True, purpose="故障演练")
    workbook = load_workbook(result.open())
    sheet = workbook.active
    header_row = next(r for r in range(1, 11) if sheet.cell(r, 1).value == "序号")
    headers = [cell.value for cell in next(sheet.iter_rows(min_row=header_row, max_row=header_row))]
    id_column, key_column = headers.index("公民身份号码"), headers.index("系统编号")
    rng, used, numbers = random.Random(2026), set(), []
    for cells in sheet.iter_rows(min_row=header_row + 1):
        if not cells[id_column].value:
            continue
        cells[id_column].value = common.renumbered(cells[id_column].value, REGION, rng, used)
        numbers.append(cells[id_column].value)
        cells[key_column].value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), numbers


def wait_for_database(seconds=60):
    from django.db import connection

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection.close()
            connection.ensure_connection()
            return True
        except Exception:
            time.sleep(0.5)
    return False


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("drill_pg_restart: set DATABASE_URL to a PostgreSQL database (a copy: the server is restarted)")
    if not os.path.isdir("/etc/postgresql"):
        raise SystemExit("drill_pg_restart: run it on the database server, as a user who may run pg_ctlcluster")
    common.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from core.models import Area, User
    from core.roles import Role
    from veterans.models import Veteran

    county = Area.objects.filter(level=3).order_by("code").first()
    staff = User.objects.filter(role=Role.STAFF, area=county, is_active=True).first()
    if county is None or staff is None:
        raise SystemExit("drill_pg_restart: no county with a staff account; run `python manage.py load_demo` first")
    data, numbers = make_file(staff, county)
    rows = len(numbers)
    ours = {"id_number__in": numbers}  # ID numbers are encrypted: found by their index, exactly
    Veteran._base_manager.filter(**ours).delete()
    say(f"drill: {rows} new veterans in one ledger file, imported as {staff.username} ({county.name})")

    client = Client(raise_request_exception=False)
    client.force_login(staff)
    url_import = reverse("veterans:veteran_import")
    log = []
    restarter = threading.Thread(target=restart_postgres, args=(0.8, log))
    restarter.start()
    started = time.monotonic()
    response = client.post(url_import, {"file": SimpleUploadedFile("退役军人台账.xlsx", data)})
    answered = time.monotonic() - started
    restarter.join()
    seconds, code, error = log[0]
    say(f"PostgreSQL restarted 0.8 s into the upload (pg_ctlcluster took {seconds:.1f} s, exit {code}{' ' + error if error else ''})")
    body = response.content.decode(errors="replace")
    say(f"the upload was answered after {answered:.1f} s: HTTP {response.status_code}")
    if not wait_for_database():
        raise SystemExit("FAIL PostgreSQL did not come back within 60 s")
    written = Veteran._base_manager.filter(**ours).count()
    say(f"rows of the file in the database after the restart: {written}")
    failures = []
    if response.status_code != 503 or "数据库连接中断，导入未完成，没有写入任何数据" not in body:
        failures.append(f"expected 503 with the Chinese message, got {response.status_code}")
    if written:
        failures.append(f"{written} rows were written by the interrupted import")

    client = Client(raise_request_exception=False)
    client.force_login(staff)
    again = client.post(url_import, {"file": SimpleUploadedFile("退役军人台账.xlsx", data)})
    imported = Veteran._base_manager.filter(**ours).count()
    say(f"the same file again: HTTP {again.status_code}, {imported} rows imported")
    if again.status_code != 302 or imported != rows:
        failures.append(f"the second upload did not import the {rows} rows")
    Veteran.history.model.objects.filter(**ours).delete()
    Veteran._base_manager.filter(**ours).delete()
    if failures:
        for failure in failures:
            say(f"FAIL {failure}")
        raise SystemExit(1)
    say("PASS PostgreSQL restarted mid-import: a Chinese 503, nothing written, the same file imports afterwards")


if __name__ == "__main__":
    main()
