"""Two choices at the choosing meeting at the same moment, each in its own thread, connection and live
transaction, released together by a Barrier: exactly one is stored, the other is refused in Chinese and
changes nothing.  Runs on SQLite and on PostgreSQL (DATABASE_URL); on PostgreSQL the batch row lock
(select_for_update in placement.services._current) makes the second wait for the first to commit."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from placement import services as placement_services
from placement.models import ChoiceLog, PlacementCase, SunshineBatch, SunshinePost
from tests.placement.helpers import batch, candidate, confirm, post, service_item, soldier, to_choosing

pytestmark = pytest.mark.django_db(transaction=True)

ORDER_REFUSED = "选岗顺序已锁定"
POST_GONE = "已被选完（其他对象刚刚选走）"


@pytest.fixture
def meeting(tree, users):
    """王 (12y6m, older) ranks before 李 (12y6m, younger); 县档案馆 offers one place, 县交通运输局 two."""
    staff = users["staff"]
    b = batch(tree, staff)
    cases = []
    for name, born in (("王军", datetime.date(1986, 1, 1)), ("李兵", datetime.date(1989, 1, 1))):
        case = candidate(b, soldier(tree, datetime.date(2008, 6, 1), datetime.date(2020, 12, 1), name=name, born=born), staff)
        service_item(case, staff)
        case.refresh_from_db()
        confirm(case, staff)
        cases.append(PlacementCase.objects.get(pk=case.pk))
    small = post(b, staff, unit="县档案馆", name="档案管理", count=1)
    big = post(b, staff, unit="县交通运输局", name="路政员", count=2)
    b = to_choosing(b, staff, cases)
    wang, li = (PlacementCase.objects.get(pk=c.pk) for c in cases)
    assert (wang.rank, li.rank) == (1, 2)
    return b, wang, li, small, big


def at_once(user, batch_pk, attempts):
    """Run each (candidate pk, post pk) choice in its own thread, connection and transaction, released together."""
    barrier = threading.Barrier(len(attempts))
    outcomes = []
    lock = threading.Lock()

    def run(candidate_pk, post_pk):
        close_old_connections()
        try:
            the_batch = SunshineBatch.objects.get(pk=batch_pk)
            chooser = PlacementCase.objects.get(pk=candidate_pk)
            the_post = SunshinePost.objects.get(pk=post_pk)
            barrier.wait(timeout=10)
            # batch_choose runs in its own transaction (placement.services.one_at_a_time): two live at once
            placement_services.batch_choose(sunshinebatch=the_batch, user=user, candidate=chooser, post=the_post)
            outcome = ("won", candidate_pk, "")
        except ValidationError as refused:
            outcome = ("refused", candidate_pk, " ".join(refused.messages))
        except Exception as error:  # noqa: BLE001 -- reported by the test below, not swallowed
            outcome = ("error", candidate_pk, repr(error))
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    return outcomes


def test_the_same_soldier_chosen_twice_at_once_is_stored_once(users, meeting):
    """Both terminals send 王's choice of 县档案馆's one place: one is stored; the other finds the turn has
    passed to 李 and is refused."""
    b, wang, li, small, _big = meeting
    outcomes = at_once(users["staff"], b.pk, [(wang.pk, small.pk), (wang.pk, small.pk)])
    assert sorted(o[0] for o in outcomes) == ["refused", "won"]
    refused = next(o for o in outcomes if o[0] == "refused")
    assert ORDER_REFUSED in refused[2] and "第2名李兵" in refused[2]
    assert SunshinePost.objects.get(pk=small.pk).taken == 1
    assert PlacementCase.objects.get(pk=wang.pk).post_id == small.pk
    assert PlacementCase.objects.get(pk=li.pk).choice_status == "waiting"
    assert list(ChoiceLog.objects.filter(batch=b).values_list("case_id", "post_id")) == [(wang.pk, small.pk)]


def test_two_soldiers_choosing_the_last_place_at_once_one_wins(users, meeting):
    """王's and 李's choices of 县档案馆's one place arrive together: 王 (his turn) gets it; 李 is refused,
    either as out of turn (he came first) or with the post gone (王 came first), and nothing of his changes."""
    b, wang, li, small, big = meeting
    outcomes = at_once(users["staff"], b.pk, [(wang.pk, small.pk), (li.pk, small.pk)])
    assert sorted(o[:2] for o in outcomes) == sorted([("won", wang.pk), ("refused", li.pk)])
    refused = next(o for o in outcomes if o[0] == "refused")
    assert ORDER_REFUSED in refused[2] or POST_GONE in refused[2]
    small.refresh_from_db()
    big.refresh_from_db()
    assert (small.taken, big.taken) == (1, 0)
    li = PlacementCase.objects.get(pk=li.pk)
    assert (li.choice_status, li.post_id, li.status) == ("waiting", None, "published")
    assert ChoiceLog.objects.filter(batch=b).count() == 1
    # 李 then chooses the other post
    placement_services.batch_choose(sunshinebatch=SunshineBatch.objects.get(pk=b.pk), user=users["staff"], candidate=li,
                                    post=big)
    assert PlacementCase.objects.get(pk=li.pk).post_id == big.pk
