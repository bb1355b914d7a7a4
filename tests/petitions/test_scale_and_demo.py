"""The scale generator's petitions and the demo county's (petitions.scale, petitions.demo)."""

import datetime
import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from core.indicators import Period, compute
from core.models import Area
from petitions import limits
from petitions.models import OPEN_STATES, Petition, Petitioner, petition_workflow
from reports.compose import compose

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_scale_generator_adds_petitions_in_proportion_to_the_veterans(db):
    call_command("generate_scale", veterans=3000, today=D(2026, 1, 15), jobs=0, stdout=SimpleNamespace(write=lambda *a: None))
    petitions = Petition.objects.filter(area__code__startswith="36")
    assert petitions.count() == 400  # two years of about 200 a year for 3,000 veterans
    assert Petitioner.objects.filter(petition__in=petitions).count() >= 400
    assert not petitions.filter(received_on__gt=D(2026, 1, 15)).exists()
    assert petitions.filter(collective=True).exclude(people__gte=limits.COLLECTIVE_PEOPLE).count() == 0
    open_ = petitions.filter(status__in=OPEN_STATES).first()
    assert open_ is not None and open_.due_on == open_.current_due()
    person = Petitioner.objects.filter(petition__in=petitions).exclude(phone="").first()
    assert Petitioner.objects.filter(phone=person.phone).exists()  # encrypted, with its index: found by the number


def load():
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, apps=["veterans", "petitions"])
    return out.getvalue()


def test_the_demo_county_holds_a_year_of_petitions_and_its_summary_states_them(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    first = load()
    assert "信访事项：" in first
    from core.workflow import TransitionLog

    before = (Petition.objects.count(), Petition.history.count(), Petitioner.objects.count(), TransitionLog.objects.count())
    assert re.search(r"本次新建 0 条", load())
    assert (Petition.objects.count(), Petition.history.count(), Petitioner.objects.count(),
            TransitionLog.objects.count()) == before
    # Each petition's 办理记录 follows its dates: a closed one was accepted, answered and closed on those days.
    closed = Petition.objects.filter(status="closed").exclude(handler="").first()
    log = [(t.name, t.source, t.destination, timezone.localtime(t.at).date()) for t in petition_workflow.log(closed)]
    assert log == [("accept", "registered", "accepted", closed.accepted_on),
                   ("assign", "accepted", "handling", closed.accepted_on),
                   ("answer", "handling", "answered", closed.answered_on),
                   ("close", "answered", "closed", closed.closed_on)]
    rechecked = Petition.objects.filter(status="rechecked").first()
    if rechecked is not None:
        assert [t.destination for t in petition_workflow.log(rechecked)][-4:] == ["reviewing", "reviewed", "rechecking",
                                                                                 "rechecked"]
    assert all(petition_workflow.log(p).exists() for p in Petition.objects.exclude(status="registered")[:200])
    county = Area.objects.get(code="330727")
    last_year = datetime.date.today().year - 1
    period = Period.year(last_year)
    received = Petition.objects.filter(received_on__year=last_year)
    assert 150 <= received.aggregate(n=Sum("batches"))["n"] <= 260
    assert received.filter(collective=True).count() >= 3
    assert received.filter(petitioner__veteran__isnull=False).distinct().count() > received.count() / 3
    assert 60 <= compute("petitions.resolution_rate", county.code, period) <= 100
    text = "".join(p for title, ps in compose("annual", last_year, county).sections if "信访" in title for p in ps)
    batches, people = compute("petitions.batches", county.code, period), compute("petitions.people", county.code, period)
    assert f"共受理退役军人及其他优抚对象信访{batches}批{people}人次" in text
    assert "化解率达" in text and "5人以上集体访" in text
    still_open = Petition.objects.filter(status__in=OPEN_STATES)
    assert still_open.exists() and all(p.due_on == p.current_due() for p in still_open)
