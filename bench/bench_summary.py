"""Target 4: the annual work summary, end to end: `reports.services.summary_generate(run)` on a
SummaryRun for the province and for one county (every indicator for this year and last, the
Word document and the Excel annex written to MEDIA_ROOT), as the Celery task runs it.

Targets: the province in 15 seconds or less; a county in 2 seconds or less.
The runs and their files are deleted afterwards.
"""

import datetime

import common

common.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reports.models import SummaryKind, SummaryRun  # noqa: E402
from reports.services import summary_generate  # noqa: E402

TARGETS = {"province": 15.0, "county": 2.0}


def generate(area, user):
    year = datetime.date.today().year
    SummaryRun.objects.filter(kind=SummaryKind.ANNUAL, year=year, area=area).delete()
    run = SummaryRun.objects.create(kind=SummaryKind.ANNUAL, year=year, area=area, requested_by=user)
    try:
        with CaptureQueriesContext(connection) as captured:
            seconds, run = common.timed(summary_generate, run)
        return seconds, len(common.sql_queries(captured)), run.status
    finally:
        for field in (run.docx, run.xlsx):
            if field:
                field.delete(save=False)
        run.delete()


def main():
    users = common.bench_users()
    places = common.places()
    for scope, username in (("county", "bench-county-leader"), ("province", "bench-province-leader")):
        area = places[scope]
        seconds, queries, status = generate(area, users[username])
        common.detail(f"{scope} {area.code} {area.name}: {seconds:.2f} s, {queries} queries, status {status}")
        target = TARGETS[scope]
        common.bench(f"summary_annual_{scope}", seconds, "s", f"<={target:g}", seconds <= target and status == "done")


if __name__ == "__main__":
    main()
