"""The demo 褒扬纪念 (honors/demo.py): a year of the county's martyrs, facilities, commemorations, notices,
plaques and selections, loaded twice (the second run writes nothing), whose summary section states them."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.utils import timezone

from core.indicators import Period, compute
from core.models import Area
from honors.models import (
    Commemoration,
    FacilityInspection,
    HonourPlaque,
    Martyr,
    MartyrCorrection,
    MemorialFacility,
    MeritNotice,
    Nominee,
    ProxySweep,
    RelativeSearch,
    RepairProject,
    correction_workflow,
    search_workflow,
)
from reports.compose import compose
from veterans.models import Veteran

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, apps=["veterans", "support_army", "honors"])
    return out.getvalue()


def snapshot():
    return tuple(m.objects.count() for m in (Martyr, MartyrCorrection, MemorialFacility, FacilityInspection, Commemoration,
                                            ProxySweep, MeritNotice, HonourPlaque, Nominee))


def test_demo_honors(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = load()
    assert "烈士英名录：" in first, first
    from core.workflow import TransitionLog

    before = (*snapshot(), TransitionLog.objects.count())
    assert re.search(r"本次新建 0 条", load())
    assert (*snapshot(), TransitionLog.objects.count()) == before
    county = Area.objects.get(code="330727")
    year = timezone.localdate().year - 1
    period = Period.year(year)

    # the register: most confirmed, some still being checked; every correction approved, with its source and old value
    assert Martyr.objects.filter(status="confirmed").count() >= 100
    assert Martyr.objects.filter(status="verified").exists() and Martyr.objects.filter(status="pending").exists()
    confirmed = Martyr.objects.filter(confirmed_on__year=year).count()
    assert 25 <= confirmed <= 50
    for correction in MartyrCorrection.objects.select_related("martyr"):
        assert correction.status == "approved" and correction.source_document and correction.old_value
        assert correction.old_value != correction.new_value
        assert correction.parsed_value() == getattr(correction.martyr, correction.field)  # the record holds the new value
    corrections = MartyrCorrection.objects.filter(decided_on__year=year).count()
    assert 0 < corrections < confirmed
    assert RelativeSearch.objects.filter(status="told").count() == 3
    assert RelativeSearch.objects.filter(status="closed", relative_name="").count() == 1
    told = RelativeSearch.objects.filter(status="told").first()
    log = [(t.name, t.destination, timezone.localtime(t.at).date(), t.user.username) for t in search_workflow.log(told)]
    assert log == [("sample", "sampled", told.sampled_on, "demo-clerk"), ("match", "matched", told.matched_on, "demo-staff"),
                   ("confirm", "confirmed", told.confirmed_on, "demo-staff"), ("tell", "told", told.told_on, "demo-clerk")]
    approved = MartyrCorrection.objects.first()
    assert [(t.user.username, timezone.localtime(t.at).date()) for t in correction_workflow.log(approved)] == [
        ("demo-staff", approved.decided_on)]
    assert approved.entered_by.username == "demo-clerk"  # approved by another user
    assert not Martyr.objects.filter(birthplace__contains="云西县").exists()

    # facilities by level, the graves moved into the cemetery, quarterly inspections, the upgrade done last year
    levels = dict(MemorialFacility.objects.values_list("level").annotate(n=Count("id")))
    assert levels == {"provincial": 1, "county": 3, "scattered": 6}
    cemetery = MemorialFacility.objects.get(name="云溪县烈士陵园")
    assert cemetery.moved_graves.count() == 2 and cemetery.martyrs.count() > 20
    assert FacilityInspection.objects.filter(facility=cemetery, date__year=year).count() == 4
    assert FacilityInspection.objects.filter(date__year=year, status="closed").exclude(rectification="").exists()
    upgrade = RepairProject.objects.get(name="云溪县烈士陵园提质改造工程")
    assert upgrade.status == "done" and upgrade.finished_on.year == year and 0 < upgrade.spent <= upgrade.budget

    # commemorations on 清明 and 9月30日, proxy sweeps, notices (one late a year), selections
    events = Commemoration.objects.filter(date__year=year)
    assert events.filter(kind="qingming", date__month=4).count() >= 13
    assert events.filter(kind="martyrs_day", date__month=9, date__day=30).count() == 5
    people = events.aggregate(n=Sum("participants"))["n"]
    assert ProxySweep.objects.filter(done_on__year=year).count() == 8
    notices = MeritNotice.objects.filter(received_on__year=year)
    assert notices.count() == 35 and not notices.filter(delivered_on__isnull=True).exists()
    assert [n.overdue() for n in notices].count(True) == 1
    assert notices.filter(family__isnull=False).count() == 35  # the surveyed families' serving members
    assert notices.filter(merit_class__in=["third", "second", "level2"]).exists()

    # plaques: each veteran's date became one household record, not twice
    dated = Veteran.objects.filter(plaque_hung_on__isnull=False)
    assert HonourPlaque.objects.filter(veteran__isnull=False).count() == dated.count()
    assert not HonourPlaque.objects.filter(veteran__isnull=False).exclude(hung_on=F("veteran__plaque_hung_on")).exists()
    assert HonourPlaque.objects.filter(veteran__isnull=True, categories="serving").exists()
    assert HonourPlaque.objects.filter(veteran__isnull=True, categories="martyr").exists()
    plaques = HonourPlaque.objects.filter(hung_on__year=year).count()
    chosen = Nominee.objects.filter(chosen=True, selection__year=year).count()
    assert chosen == 6 and Nominee.objects.filter(selection__year=year).count() == 12

    # the summary's 褒扬纪念 section states them
    assert compute("honors.martyrs_confirmed", county.code, period) == confirmed
    assert compute("honors.participants", county.code, period) == people
    text = "".join(p for title, ps in compose("annual", year, county).sections if "褒扬纪念" in title for p in ps)
    assert f"确认烈士{confirmed}名，勘误{corrections}处" in text, text
    assert f"开展烈士祭扫活动{events.count()}场{people}人，代祭扫8次" in text, text
    assert "为35名立功受奖官兵送达喜报" in text, text
    assert f"为{plaques}户军属悬挂了光荣牌" in text, text
    assert "共评选出6名“最美退役军人”" in text, text
