"""定期抚恤补助发放: computing a province-wide monthly batch, and the batch pages.

The generated province (benefits/scale_batches.py) has three years of paid county batches up to last
month.  A province bureau user creates the batch of the current month for the whole province and the
application computes it (benefits.services_batches.batch_compute: one line per entitlement in force and
not suspended, at the standard of its category, grade, cause and household, plus whatever is owed from
earlier months).  The reference is one `INSERT … SELECT` doing the same computation of the month's
lines in the database (the standard picked by a window function), run in the same process on the same
batch after the application's lines are removed; both must give the same lines and the same total to
the fen.  Target: 100,000 lines in 20 s or less, i.e. 5,000 lines/s or more; at a smaller scale the
batch is smaller and the lines/s figure is what is compared (and extrapolated, printed as such).

Then, as a county and a province bureau user: the batch list and the lines list of the province batch
(page 1, 20 and 200 rows a page), and the province batch's page (its totals by category over all its
lines): median server time and SQL queries.  Targets: median 100 ms or less; lists 9 queries or fewer,
the batch page 15 or fewer, whatever the page size.  The batch is deleted at the end.
"""

import os
import time
from decimal import Decimal

import common

common.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from benefits import services_batches as batches  # noqa: E402
from benefits.models import Entitlement  # noqa: E402
from benefits.models_batches import PaymentBatch, PaymentLine  # noqa: E402
from core import services  # noqa: E402
from core.models import Area  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 5))
LINES_TARGET, SECONDS_TARGET = 100_000, 20.0
RATE_TARGET = LINES_TARGET / SECONDS_TARGET
TIME_TARGET_MS = 100
LIST_QUERY_TARGET = 9
DETAIL_QUERY_TARGET = 15
NOTE = "bench_batches"

# The month's lines of the batch computed in one statement: what batch_compute gives for the month when
# nothing is owed from earlier months (the generated province owes nothing: its months were all paid).
# 12.0, not 12: SQLite divides a whole-yuan amount stored as an integer by 12 as integers.
REFERENCE_SQL = """
INSERT INTO benefits_paymentline (area_id, created_at, updated_at, batch_id, entitlement_id, category, month, kind,
    standard_id, national_amount, local_amount, nursing_amount, amount, reason, rejected, reject_reason)
SELECT e.area_id, %(now)s, %(now)s, %(batch)s, e.id, e.category, %(month)s, 'periodic', s.id,
       ROUND(s.national_amount / 12.0, 2), ROUND(s.local_amount / 12.0, 2), ROUND(s.nursing_amount / 12.0, 2),
       ROUND(s.national_amount / 12.0, 2) + ROUND(s.local_amount / 12.0, 2) + ROUND(s.nursing_amount / 12.0, 2),
       '', %(false)s, ''
FROM (
    SELECT e.id AS entitlement_id, s.id AS standard_id,
           ROW_NUMBER() OVER (PARTITION BY e.id ORDER BY LENGTH(s.area_id) DESC,
                              CASE WHEN s.household = '' THEN 1 ELSE 0 END) AS rank
    FROM benefits_entitlement e
    JOIN benefits_subsidystandard s
      ON s.category = e.category
     AND (s.disability_grade = e.disability_grade OR (s.disability_grade IS NULL AND e.disability_grade IS NULL))
     AND s.disability_cause = e.disability_cause
     AND (s.household = '' OR s.household = e.household)
     AND e.area_id LIKE s.area_id || '%%'
     AND s.effective_from <= %(month)s AND (s.effective_to IS NULL OR s.effective_to >= %(month)s)
    WHERE e.area_id LIKE %(inside)s AND e.pays_from <= %(month)s AND (e.ended_on IS NULL OR e.ended_on >= %(month)s)
      AND NOT EXISTS (SELECT 1 FROM benefits_confirmation c WHERE c.entitlement_id = e.id AND c.state = 'suspended')
      AND NOT EXISTS (SELECT 1 FROM benefits_paymentline p WHERE p.entitlement_id = e.id AND p.month = %(month)s
                      AND p.rejected = %(false)s AND p.kind IN ('periodic', 'held_back', 'reissue'))
) best
JOIN benefits_entitlement e ON e.id = best.entitlement_id
JOIN benefits_subsidystandard s ON s.id = best.standard_id
WHERE best.rank = 1
"""


def compute_batch(batch, user):
    seconds, _result = common.timed(batches.batch_compute, batch=batch, user=user)
    batch.refresh_from_db()
    return seconds


def reference(batch):
    """Seconds the single INSERT … SELECT takes to write the batch's lines (the application's removed first)."""
    month = batch.months[0]
    batch.lines.all().delete()
    params = {"now": timezone.now(), "batch": batch.pk, "month": month, "inside": f"{batch.area_id}%",
              "false": False}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REFERENCE_SQL, params)
    return time.perf_counter() - started


def main():
    users = common.bench_users()
    province = Area.objects.get(code=common.province_code())
    staff = users["bench-province-staff"]
    today = timezone.localdate()
    PaymentBatch.objects.filter(area=province, note=NOTE).delete()
    in_force = Entitlement.objects.inside(province.code).filter(status="active").count()
    paid = PaymentBatch.objects.inside(province.code).filter(status="paid").count()
    common.detail(f"entitlements in force in the province: {in_force}; paid batches: {paid}; "
                  f"lines: {PaymentLine.objects.inside(province.code).count()}")
    batch = services.record_create(model=PaymentBatch, user=staff, data={
        "area": province, "year": today.year, "period": "month", "first_month": today.month, "note": NOTE})
    try:
        app_seconds = compute_batch(batch, staff)
        count, total = batch.line_count, batch.total_amount
        kinds = dict(batch.lines.values_list("kind").annotate(n=Count("id")).order_by())
        common.detail(f"application: {count} lines, {total} 元, {app_seconds:.2f} s ({kinds}); {batch.compute_note}")
        app_lines = sorted(batch.lines.values_list("entitlement_id", "standard_id", "amount"))
        ref_seconds = reference(batch)
        ref_lines = sorted(batch.lines.values_list("entitlement_id", "standard_id", "amount"))
        ref_total = sum((amount for _e, _s, amount in ref_lines), Decimal("0.00"))
        same = ref_lines == app_lines
        common.detail(f"reference INSERT … SELECT: {len(ref_lines)} lines, {ref_total} 元, {ref_seconds:.2f} s; "
                      f"{'the same lines and total' if same else 'DIFFERENT lines'}")
        app_rate = count / app_seconds if app_seconds else 0.0
        ref_rate = len(ref_lines) / ref_seconds if ref_seconds else 0.0
        if count < LINES_TARGET:
            common.detail(f"{count} lines is below the target's {LINES_TARGET}: at {app_rate:.0f} lines/s, "
                          f"{LINES_TARGET} lines would take about {LINES_TARGET / app_rate if app_rate else 0:.1f} s "
                          f"(extrapolated linearly; run at a scale that gives {LINES_TARGET} lines to measure it)")
        # put the application's lines back for the pages
        batch.lines.all().delete()
        compute_batch(batch, staff)
        ok = common.bench("batch_compute_lines_per_s", app_rate, "lines/s", f">={RATE_TARGET:.0f}",
                          app_rate >= RATE_TARGET and same, ratio=app_rate / ref_rate if ref_rate else 0.0,
                          reference=("insert_select", ref_rate, "lines/s"))
        if count >= LINES_TARGET:
            ok &= common.bench("batch_compute_100k_s", app_seconds * LINES_TARGET / count, "s", f"<={SECONDS_TARGET:.0f}",
                               app_seconds * LINES_TARGET / count <= SECONDS_TARGET)

        pages = [("paymentbatch_list", reverse("benefits:paymentbatch_list")),
                 ("paymentline_list", f"{reverse('benefits:paymentline_list')}?batch={batch.pk}")]
        worst_ms, most_queries = common.time_list_pages(users, pages, RUNS, width=18)
        client = Client()
        client.force_login(staff)
        url = batch.get_absolute_url()
        client.get(url)
        detail_ms = common.median_ms(lambda: client.get(url), RUNS)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        detail_queries = len(common.sql_queries(captured))
        common.detail(f"paymentbatch_detail province median {detail_ms:7.1f} ms  queries {detail_queries} ({count} lines)")
        ok &= common.bench("batch_lists_median_worst", worst_ms, "ms", f"<={TIME_TARGET_MS}", worst_ms <= TIME_TARGET_MS)
        ok &= common.bench("batch_lists_queries_max", most_queries, "queries", f"<={LIST_QUERY_TARGET}",
                           most_queries <= LIST_QUERY_TARGET)
        ok &= common.bench("batch_detail_median", detail_ms, "ms", f"<={TIME_TARGET_MS}", detail_ms <= TIME_TARGET_MS)
        ok &= common.bench("batch_detail_queries", detail_queries, "queries", f"<={DETAIL_QUERY_TARGET}",
                           detail_queries <= DETAIL_QUERY_TARGET)
    finally:
        PaymentBatch.objects.filter(pk=batch.pk).delete()
    return ok


if __name__ == "__main__":
    main()
