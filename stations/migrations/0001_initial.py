"""The service stations' models, taken over from core with their tables (state only: see
core.0003), and the content types renamed core -> stations, so the workflow log of an inspection
(core.TransitionLog, a generic relation) and the permissions keep pointing at the same model.
"""

import core.fields
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("servicestation", "stationinspection", "stationtraining",
          "historicalservicestation", "historicalstationinspection", "historicalstationtraining")


def move_content_types(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        TransitionLog = apps.get_model("core", "TransitionLog")
        db = schema_editor.connection.alias
        for model in MODELS:
            old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
            if old is None:
                continue
            new = ContentType.objects.using(db).filter(app_label=target, model=model).first()
            if new is None:
                old.app_label = target
                old.save(update_fields=["app_label"])
                continue
            # Both exist (the new one made by a post_migrate in between): keep the new, move the log onto it.
            TransitionLog.objects.using(db).filter(content_type=old).update(content_type=new)
            old.delete()

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0003_stations_moved_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalServiceStation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                        ('name', models.CharField(max_length=80, verbose_name='名称')),
                        ('level', models.PositiveSmallIntegerField(choices=[(3, '县级（服务中心）'), (4, '镇级（服务站）'), (5, '村级（服务站）')], help_text='按所属区划自动判断，可修改', verbose_name='层级')),
                        ('head', models.CharField(blank=True, max_length=30, verbose_name='负责人')),
                        ('phone', core.fields.PhoneField(blank=True, max_length=20, verbose_name='联系电话')),
                        ('address', models.CharField(blank=True, max_length=120, verbose_name='地址')),
                        ('staff_count', models.PositiveSmallIntegerField(default=0, verbose_name='工作人员数')),
                        ('star_rating', models.PositiveSmallIntegerField(blank=True, help_text='1至5星，未评定可留空', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='星级')),
                        ('is_red_station', models.BooleanField(default=False, verbose_name='红色服务站')),
                        ('has_honour_wall', models.BooleanField(default=False, verbose_name='设有荣誉墙')),
                        ('note', models.TextField(blank=True, verbose_name='备注')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.area', verbose_name='所属区划')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical 服务站',
                        'verbose_name_plural': 'historical 服务站',
                        'db_table': 'core_historicalservicestation',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ServiceStation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('name', models.CharField(max_length=80, verbose_name='名称')),
                        ('level', models.PositiveSmallIntegerField(choices=[(3, '县级（服务中心）'), (4, '镇级（服务站）'), (5, '村级（服务站）')], help_text='按所属区划自动判断，可修改', verbose_name='层级')),
                        ('head', models.CharField(blank=True, max_length=30, verbose_name='负责人')),
                        ('phone', core.fields.PhoneField(blank=True, max_length=20, verbose_name='联系电话')),
                        ('address', models.CharField(blank=True, max_length=120, verbose_name='地址')),
                        ('staff_count', models.PositiveSmallIntegerField(default=0, verbose_name='工作人员数')),
                        ('star_rating', models.PositiveSmallIntegerField(blank=True, help_text='1至5星，未评定可留空', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='星级')),
                        ('is_red_station', models.BooleanField(default=False, verbose_name='红色服务站')),
                        ('has_honour_wall', models.BooleanField(default=False, verbose_name='设有荣誉墙')),
                        ('note', models.TextField(blank=True, verbose_name='备注')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.area', verbose_name='所属区划')),
                    ],
                    options={
                        'verbose_name': '服务站',
                        'verbose_name_plural': '服务站',
                        'db_table': 'core_servicestation',
                        'ordering': ['area_id', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalStationTraining',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                        ('date', models.DateField(verbose_name='培训日期')),
                        ('topic', models.CharField(max_length=120, verbose_name='培训主题')),
                        ('attendees', models.PositiveIntegerField(default=0, verbose_name='参训人数')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('station', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stations.servicestation', verbose_name='服务站')),
                    ],
                    options={
                        'verbose_name': 'historical 服务站培训',
                        'verbose_name_plural': 'historical 服务站培训',
                        'db_table': 'core_historicalstationtraining',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalStationInspection',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                        ('date', models.DateField(verbose_name='检查日期')),
                        ('kind', models.CharField(choices=[('onsite', '实地检查'), ('video', '视频点验')], default='onsite', max_length=10, verbose_name='方式')),
                        ('inspector', models.CharField(blank=True, max_length=60, verbose_name='检查人')),
                        ('findings', models.TextField(blank=True, verbose_name='发现问题')),
                        ('status', models.CharField(choices=[('open', '待整改'), ('rectified', '已整改'), ('closed', '已复核')], default='open', editable=False, max_length=16, verbose_name='整改状态')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('station', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stations.servicestation', verbose_name='服务站')),
                    ],
                    options={
                        'verbose_name': 'historical 服务站检查',
                        'verbose_name_plural': 'historical 服务站检查',
                        'db_table': 'core_historicalstationinspection',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='StationInspection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('date', models.DateField(verbose_name='检查日期')),
                        ('kind', models.CharField(choices=[('onsite', '实地检查'), ('video', '视频点验')], default='onsite', max_length=10, verbose_name='方式')),
                        ('inspector', models.CharField(blank=True, max_length=60, verbose_name='检查人')),
                        ('findings', models.TextField(blank=True, verbose_name='发现问题')),
                        ('status', models.CharField(choices=[('open', '待整改'), ('rectified', '已整改'), ('closed', '已复核')], default='open', editable=False, max_length=16, verbose_name='整改状态')),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='stations.servicestation', verbose_name='服务站')),
                    ],
                    options={
                        'verbose_name': '服务站检查',
                        'verbose_name_plural': '服务站检查',
                        'db_table': 'core_stationinspection',
                        'ordering': ['-date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='StationTraining',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('date', models.DateField(verbose_name='培训日期')),
                        ('topic', models.CharField(max_length=120, verbose_name='培训主题')),
                        ('attendees', models.PositiveIntegerField(default=0, verbose_name='参训人数')),
                        ('station', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='stations.servicestation', verbose_name='服务站')),
                    ],
                    options={
                        'verbose_name': '服务站培训',
                        'verbose_name_plural': '服务站培训',
                        'db_table': 'core_stationtraining',
                        'ordering': ['-date', '-id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='servicestation',
                    index=models.Index(fields=['area'], name='station_area_prefix', opclasses=['varchar_pattern_ops']),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types("core", "stations"), move_content_types("stations", "core")),
    ]
