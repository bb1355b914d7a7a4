"""Figures of 烈士后裔助学金 for (area, period), by school level too, and their sentence in the 优抚 part
of the summary ("2023年共收到烈士后裔助学金申请17份17人次").

Applications count by application date: 份 the applications, 人次 the students among them, each once a
school year (one application a student and school year: 人次 = 份 unless a year's batch is entered twice);
approved by approval date; paid by the batch's payment date, in 元 (the summary writes 万元 from 10,000
on); people paid are the distinct students paid, once a school year.
"""

from decimal import Decimal

from django.db.models import Count, Sum

from benefits.models_scholarships import ScholarshipApplication, SchoolLevel
from core.indicators import dated_count, indicator, summary_paragraph


def applied(area, period, level=None):
    qs = ScholarshipApplication.objects.inside(area).filter(applied_on__range=period.range)
    return qs.filter(level=level) if level else qs


def approved(area, period, level=None):
    qs = ScholarshipApplication.objects.inside(area).filter(approved_on__range=period.range)
    return qs.filter(level=level) if level else qs


def paid(area, period, level=None):
    qs = ScholarshipApplication.objects.inside(area).filter(status="paid", paid_on__range=period.range)
    return qs.filter(level=level) if level else qs


def _people(queryset):
    """Students, once a school year."""
    return queryset.order_by().values("id_number_index", "school_year").distinct().count()


def _amount(queryset):
    return (queryset.aggregate(s=Sum("amount"))["s"] or Decimal("0")).quantize(Decimal("0.01"))


dated_count("benefits.scholarship_applied", "收到烈士后裔助学金申请", "份", ScholarshipApplication, "applied_on")


@indicator("benefits.scholarship_applied_people", "烈士后裔助学金申请人次", "人次")
def scholarship_applied_people(area, period):
    return _people(applied(area, period))


@indicator("benefits.scholarship_approved", "批准烈士后裔助学金申请", "份")
def scholarship_approved(area, period):
    return approved(area, period).aggregate(n=Count("id"))["n"]


@indicator("benefits.scholarship_paid_amount", "发放烈士后裔助学金", "元")
def scholarship_paid_amount(area, period):
    return _amount(paid(area, period))


@indicator("benefits.scholarship_paid_people", "资助烈士后裔学生", "人")
def scholarship_paid_people(area, period):
    return _people(paid(area, period))


def _by_level(level):
    return {
        "applied": lambda area, period: applied(area, period, level).count(),
        "approved": lambda area, period: approved(area, period, level).count(),
        "paid": lambda area, period: _amount(paid(area, period, level)),
        "people": lambda area, period: _people(paid(area, period, level)),
    }


for _level in SchoolLevel:
    _funcs = _by_level(_level.value)
    _label = _level.label
    indicator(f"benefits.scholarship_applied_{_level.value}", f"收到{_label}烈士后裔助学金申请", "份")(_funcs["applied"])
    indicator(f"benefits.scholarship_approved_{_level.value}", f"批准{_label}烈士后裔助学金申请", "份")(_funcs["approved"])
    indicator(f"benefits.scholarship_paid_{_level.value}", f"发放{_label}烈士后裔助学金", "元")(_funcs["paid"])
    indicator(f"benefits.scholarship_people_{_level.value}", f"资助{_label}烈士后裔学生", "人")(_funcs["people"])


summary_paragraph(
    "benefits",
    "{period_year}年共收到烈士后裔助学金申请{benefits.scholarship_applied}{benefits.scholarship_applied_people}"
    "[，发放烈士后裔助学金{benefits.scholarship_paid_amount}][，资助烈士后裔学生{benefits.scholarship_paid_people}]。",
    lead="落实烈士后裔助学政策", required=("benefits.scholarship_applied",), order=33)
