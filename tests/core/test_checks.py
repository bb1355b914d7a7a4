"""`python manage.py check` holds every app to the platform's declarations."""

from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from core import hooks
from core.checks import case_record_errors, check_case_records, check_hooks
from core.models import CaseRecord
from veterans.models import Veteran


def test_the_project_passes_its_own_checks():
    assert check_case_records() == [] and check_hooks() == []
    call_command("check")  # raises SystemCheckError on any error


@isolate_apps("veterans")
def test_an_unregistered_case_record_without_history_or_area_fails():
    class Payment(CaseRecord):
        area = None
        area_path = "person__area"
        veteran = models.ForeignKey(Veteran, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "veterans"

    ids = sorted(error.id for error in case_record_errors([Payment]))
    assert ids == ["core.E001", "core.E002", "core.E003"]
    assert "has no field 'person'" in next(e.msg for e in case_record_errors([Payment]) if e.id == "core.E003")


@isolate_apps("veterans")
def test_an_area_path_that_ends_elsewhere_fails():
    class Note(CaseRecord):
        area = None
        area_path = "veteran"
        veteran = models.ForeignKey(Veteran, on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "veterans"

    assert [e.msg for e in case_record_errors([Note]) if e.id == "core.E003"] == [
        "case record veterans.note: area_path 'veteran' ends at Veteran, not Area"]
    Note.area_path = "veteran__area"
    assert [e.id for e in case_record_errors([Note])] == ["core.E001", "core.E002"]


def test_a_handler_of_a_misspelt_event_fails():
    @hooks.on("veterans.deth")
    def handler(**kwargs):
        pass

    try:
        assert [e.id for e in check_hooks()] == ["core.E004"]
    finally:
        hooks._handlers.pop("veterans.deth")
    assert check_hooks() == []
