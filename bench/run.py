"""Run every benchmark in bench/ against the database DATABASE_URL names (`make bench`).

    BENCH_SCALE=20000      veterans in the generated province (default 20000; 1000000 for the full scale)
    BENCH_ONLY=list,export run only these (list, export, import, hostile, summary, dashboard, petitions, placement,
                           support_army, honors, load, assist, batches, rebuild)
    BENCH_RUNS=5           runs a median is taken over (list, dashboard)
    BENCH_LOAD_SECONDS=60  how long locust runs

It migrates the database, generates the province with `generate_scale --reset` unless it already
holds exactly BENCH_SCALE generated veterans, runs each benchmark in its own process, and ends
with the BENCH lines of all of them under a header naming the date, the machine and the database.
It exits non-zero only when a benchmark failed to run; a MISS is a result, not a failure.
"""

import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import common

BENCHMARKS = ("list", "export", "import", "hostile", "summary", "dashboard", "petitions", "placement", "support_army", "honors",
              "load", "assist", "batches", "rebuild")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f"{int(memory.split()[1]) / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration):
        memory = "?"
    return f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def database():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
        else:
            version = connection.vendor
    return f"{version} ({connection.settings_dict.get('NAME')})"


def run(command, lines):
    """Run a command, echo its output as it comes, keep its BENCH lines; its exit code."""
    process = subprocess.Popen(command, cwd=common.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith(("BENCH ", "GENERATE ")):
            lines.append(line.rstrip())
    return process.wait()


def main():
    scale = common.SCALE
    only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()] or list(BENCHMARKS)
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(f"unknown benchmarks: {', '.join(sorted(unknown))} (known: {', '.join(BENCHMARKS)})")
    python = sys.executable
    lines, failed = [], []
    started = time.perf_counter()
    if subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=common.ROOT).returncode:
        raise SystemExit("migrate failed")
    common.setup()
    header = [f"date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}", f"machine: {machine()}",
              f"database: {database()}", f"scale: {scale} veterans"]
    for text in header:
        print(text, flush=True)
    if not common.data_present(scale):
        print(f"== generate_scale --veterans {scale} --reset", flush=True)
        if run([python, "manage.py", "generate_scale", "--veterans", str(scale), "--reset"], lines):
            raise SystemExit("generate_scale failed")
    else:
        print(f"== the generated province with {scale} veterans is already there", flush=True)
    for name in only:
        print(f"== bench_{name}", flush=True)
        bench_started = time.perf_counter()
        code = run([python, str(Path(__file__).with_name(f"bench_{name}.py"))], lines)
        print(f"   ({time.perf_counter() - bench_started:.0f} s)", flush=True)
        if code:
            failed.append(name)
            lines.append(f"FAILED bench_{name} (exit code {code})")
    print("\n== summary", flush=True)
    for text in header:
        print(text)
    for line in lines:
        print(line)
    print(f"({time.perf_counter() - started:.0f} s in all)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
