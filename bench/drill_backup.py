"""Fault drill: back up and restore (README, "Backups").  Prints what happened; exits 1 on a difference.

    DATABASE_URL=postgres://…/tyjr python bench/drill_backup.py

`pg_dump -Fc` of the database DATABASE_URL names, restored with `pg_restore` into a new database
(<name>_restore_drill, dropped at the end), then compared: the row count of every table, and every
figure of this year's and last year's annual summary of each county-level area (the figures a
bureau publishes), computed in both.  PostgreSQL only; the client tools (pg_dump, pg_restore, psql)
must be on PATH.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit, urlunsplit

import common

FINGERPRINT = r"""
import json, sys
sys.path.insert(0, {root!r})
import common
common.setup()
from django.db import connection
from core.models import Area
from reports.compose import FigureBook, all_figures, period_for
counts = {{}}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT COUNT(*) FROM {{connection.ops.quote_name(table)}}")
        counts[table] = cursor.fetchone()[0]
figures = {{}}
for area in Area.objects.filter(level=3).order_by("code")[:20]:
    for year in {years!r}:
        book = FigureBook(area.code, period_for("annual", year), None)
        for item, current, previous in all_figures(book):
            figures[f"{{area.code}}/{{year}}/{{item.name}}"] = [str(current), str(previous)]
print(json.dumps({{"counts": counts, "figures": figures}}))
"""


def fingerprint(url):
    years = [datetime.date.today().year, datetime.date.today().year - 1]
    code = FINGERPRINT.format(root=str(common.ROOT / "bench"), years=years)
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"drill_backup: reading {urlsplit(url).path} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("drill_backup: set DATABASE_URL to a PostgreSQL database (pg_dump and pg_restore are PostgreSQL's)")
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    drill = f"{name}_restore_drill"
    drill_url = urlunsplit(parts._replace(path=f"/{drill}"))
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    before = fingerprint(url)
    with tempfile.TemporaryDirectory() as folder:
        dump = os.path.join(folder, f"{name}.dump")
        subprocess.run(["pg_dump", "-Fc", "-d", url, "-f", dump], check=True)
        size = os.path.getsize(dump)
        subprocess.run(["psql", "-q", "-d", admin_url, "-c", f'DROP DATABASE IF EXISTS "{drill}" WITH (FORCE)',
                        "-c", f'CREATE DATABASE "{drill}"'], check=True)
        try:
            subprocess.run(["pg_restore", "--no-owner", "-d", drill_url, dump], check=True)
            after = fingerprint(drill_url)
        finally:
            subprocess.run(["psql", "-q", "-d", admin_url, "-c", f'DROP DATABASE IF EXISTS "{drill}" WITH (FORCE)'], check=True)
    rows = sum(before["counts"].values())
    table_diff = {t: (before["counts"].get(t), after["counts"].get(t)) for t in before["counts"].keys() | after["counts"].keys()
                  if before["counts"].get(t) != after["counts"].get(t)}
    figure_diff = [k for k in before["figures"] if before["figures"][k] != after["figures"].get(k)]
    print(f"dump: {size / 1048576:.1f} MB; {len(before['counts'])} tables, {rows} rows; {len(before['figures'])} summary figures compared")
    print(f"tables that differ: {table_diff or 'none'}")
    print(f"figures that differ: {figure_diff[:10] or 'none'}")
    ok = not table_diff and not figure_diff and rows > 0
    print(f"BENCH drill_backup_restore {'same' if ok else 'DIFFERENT'} target same {'PASS' if ok else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
