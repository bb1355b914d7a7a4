"""The plaque date that lived on the veteran (veterans.Veteran.plaque_hung_on) becomes the household's
HonourPlaque record: one per veteran with a date, in the veteran's area.  The veteran's field is left
as it is (the veterans app still reads it); new plaques are entered here."""

from django.db import migrations

BATCH = 2000


def plaques_from_veterans(apps, schema_editor):
    Veteran = apps.get_model("veterans", "Veteran")
    HonourPlaque = apps.get_model("honors", "HonourPlaque")
    done = set(HonourPlaque.objects.filter(veteran__isnull=False).values_list("veteran_id", flat=True))
    rows = []
    for pk, name, area_id, hung_on, status in (Veteran.objects.filter(plaque_hung_on__isnull=False)
                                               .values_list("pk", "name", "area_id", "plaque_hung_on", "status")
                                               .order_by("pk").iterator(BATCH)):
        if pk in done:
            continue
        rows.append(HonourPlaque(veteran_id=pk, household=name, area_id=area_id, categories="veteran", hung_on=hung_on,
                                 status="hung" if status == "alive" else "retired", note="由退役军人信息迁入"))
        if len(rows) >= BATCH:
            HonourPlaque.objects.bulk_create(rows)
            rows = []
    HonourPlaque.objects.bulk_create(rows)


def remove_migrated(apps, schema_editor):
    apps.get_model("honors", "HonourPlaque").objects.filter(note="由退役军人信息迁入").delete()


class Migration(migrations.Migration):
    dependencies = [("honors", "0001_initial"), ("veterans", "0008_transfer_request")]

    operations = [migrations.RunPython(plaques_from_veterans, remove_migrated)]
