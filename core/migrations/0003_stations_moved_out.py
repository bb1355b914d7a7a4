"""Service stations, their inspections and trainings moved to the `stations` app.

State only: the tables (core_servicestation, core_stationinspection, core_stationtraining and their
historical tables) stay where they are, with every row; stations.0001 takes them over under the
same names.  Nothing is dropped.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_roles_access_kinds_second_factor'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalstationinspection',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalstationinspection',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='historicalstationtraining',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalstationtraining',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='servicestation',
                    name='area',
                ),
                migrations.RemoveField(
                    model_name='stationtraining',
                    name='station',
                ),
                migrations.RemoveField(
                    model_name='stationinspection',
                    name='station',
                ),
                migrations.DeleteModel(
                    name='HistoricalServiceStation',
                ),
                migrations.DeleteModel(
                    name='HistoricalStationInspection',
                ),
                migrations.DeleteModel(
                    name='HistoricalStationTraining',
                ),
                migrations.DeleteModel(
                    name='StationTraining',
                ),
                migrations.DeleteModel(
                    name='ServiceStation',
                ),
                migrations.DeleteModel(
                    name='StationInspection',
                ),
            ],
            database_operations=[],
        ),
    ]
