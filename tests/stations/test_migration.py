"""The stations' move out of core (core.0003, stations.0001) keeps every row and the workflow log."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import TransitionLog
from stations.models import ServiceStation, StationInspection, StationTraining

OLD_HEAD = [("core", "0002_roles_access_kinds_second_factor"), ("stations", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_at_the_old_head_keeps_its_stations():
    old = migrate(OLD_HEAD)
    try:
        Area = old.get_model("core", "Area")
        OldStation = old.get_model("core", "ServiceStation")
        OldInspection = old.get_model("core", "StationInspection")
        OldTraining = old.get_model("core", "StationTraining")
        OldContentType = old.get_model("contenttypes", "ContentType")
        OldLog = old.get_model("core", "TransitionLog")
        county = Area.objects.create(code="330727", name="云溪县", level=3)
        village = Area.objects.create(code="330727001001", name="一村", level=5, parent=county)
        station = OldStation.objects.create(name="一村服务站", area=village, level=5, star_rating=4, is_red_station=True)
        old.get_model("core", "HistoricalServiceStation").objects.create(
            id=station.pk, name=station.name, area=village, level=5, created_at=station.created_at,
            updated_at=station.updated_at, history_date=station.created_at, history_type="+")
        inspection = OldInspection.objects.create(station=station, date=datetime.date(2026, 3, 1), kind="video",
                                                  findings="值班制度落实不到位", status="rectified")
        OldTraining.objects.create(station=station, date=datetime.date(2026, 4, 1), topic="政策培训", attendees=12)
        content_type, _ = OldContentType.objects.get_or_create(app_label="core", model="stationinspection")
        OldLog.objects.create(content_type=content_type, object_id=str(inspection.pk), name="rectify", source="open",
                              destination="rectified")
    finally:
        migrate(leaves())

    moved = ServiceStation.objects.get()
    assert (moved.pk, moved.name, moved.area_id, moved.star_rating, moved.is_red_station) == (
        station.pk, "一村服务站", "330727001001", 4, True)
    assert list(moved.history.values_list("history_type", flat=True)) == ["+"]
    assert StationInspection.objects.get().findings == "值班制度落实不到位"
    assert StationTraining.objects.get().attendees == 12
    log = TransitionLog.objects.get()
    assert log.content_type_id == content_type.pk
    assert log.target == StationInspection.objects.get(pk=inspection.pk)
    assert ContentType.objects.get_for_model(StationInspection).app_label == "stations"
    assert not ContentType.objects.filter(app_label="core", model__startswith="station").exists()


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_without_losing_rows(tree):
    station = ServiceStation.objects.create(name="一村服务站", area=tree["village11"], level=5)
    old = migrate(OLD_HEAD)
    try:
        assert old.get_model("core", "ServiceStation").objects.get().name == "一村服务站"
        assert old.get_model("contenttypes", "ContentType").objects.filter(app_label="core", model="servicestation").exists()
    finally:
        migrate(leaves())
    assert ServiceStation.objects.get().pk == station.pk
