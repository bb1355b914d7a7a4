"""Cards and archives get their own area, a copy of their veteran's (veterans.models.VeteranAreaField), so
figures by area read them without joining every card to the veterans; filled here from the veterans."""

import django.db.models.deletion
from django.db import migrations, models

import veterans.models

TABLES = ("veterans_preferentialcard", "veterans_veteranarchive",
          "veterans_historicalpreferentialcard", "veterans_historicalveteranarchive")


def fill_areas(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"UPDATE {quote(table)} AS r SET area_id = v.area_id FROM veterans_veteran AS v "
                               "WHERE v.id = r.veteran_id")
            else:
                cursor.execute(f"UPDATE {quote(table)} SET area_id = (SELECT v.area_id FROM veterans_veteran AS v "
                               f"WHERE v.id = {quote(table)}.veteran_id)")
        if connection.vendor == "postgresql":  # statistics of the new column for the planner (autovacuum comes later)
            for table in TABLES[:2]:
                cursor.execute(f"ANALYZE {quote(table)}")


def area_field(**kwargs):
    return veterans.models.VeteranAreaField(db_index=False, editable=False, related_name="+", to="core.area",
                                            verbose_name="所属区划", **kwargs)


def history_area_field():
    return area_field(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("veterans", "0004_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(model_name="historicalpreferentialcard", name="area", field=history_area_field()),
        migrations.AddField(model_name="historicalveteranarchive", name="area", field=history_area_field()),
        migrations.AddField(model_name="preferentialcard", name="area",
                            field=area_field(null=True, on_delete=django.db.models.deletion.PROTECT)),
        migrations.AddField(model_name="veteranarchive", name="area",
                            field=area_field(null=True, on_delete=django.db.models.deletion.PROTECT)),
        migrations.RunPython(fill_areas, migrations.RunPython.noop),
        migrations.AlterField(model_name="preferentialcard", name="area",
                              field=area_field(on_delete=django.db.models.deletion.PROTECT)),
        migrations.AlterField(model_name="veteranarchive", name="area",
                              field=area_field(on_delete=django.db.models.deletion.PROTECT)),
        migrations.AddIndex(
            model_name="preferentialcard",
            index=models.Index(fields=["area", "issued_on", "activated_on", "reissued_on"], name="card_area_dates"),
        ),
        migrations.AddIndex(
            model_name="preferentialcard",
            index=models.Index(fields=["area", "applied_on"], name="card_area_applied"),
        ),
        migrations.AddIndex(
            model_name="veteranarchive",
            index=models.Index(fields=["area", "received_on", "reviewed_on", "transferred_on"], name="archive_area_dates"),
        ),
    ]
