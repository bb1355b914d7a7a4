"""`python manage.py generate_scale`: a province-sized data set for the benchmarks in bench/.

Core writes the area tree of the made-up province 江川省 (core.scale), then every app's scale step
(core.contrib) adds its records, in the apps' dependency order; the steps' own options (the
veterans' `--veterans N`, say) come with them.  Same arguments and `--today`, same rows.
`--reset` deletes the generated province first; without it the command refuses to add a second
province on top of the first.
"""

import datetime
import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.contrib import scale_steps
from core.models import Area, AreaLevel
from core.scale import PROVINCE, SEED, ScaleContext, Writer, area_payload, area_tree, reset_province
from core.signals import records_changed


class Command(BaseCommand):
    help = "生成省级规模的测试数据（江川省，区划代码36）：区划树，以及各应用的记录（退役军人、家庭成员、优待证、档案……）。用于 bench/ 下的性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=SEED)
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="数据截止日期（YYYY-MM-DD），默认今天；给定同一日期和种子，结果完全相同")
        parser.add_argument("--reset", action="store_true", help="先删除已生成的省（区划36内的全部记录）")
        parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                            help="PostgreSQL：生成数据的进程数（默认为CPU核数，最多2）；0 表示在本进程内生成")
        parser.add_argument("--keep-indexes", action="store_true",
                            help="PostgreSQL：不在导入期间删除并重建索引和约束（默认在新增行多于已有行时删除重建）")
        for step in scale_steps.ordered():
            if step.arguments:
                step.arguments(parser)

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        started = time.perf_counter()
        if options["reset"]:
            self.stdout.write(f"删除已生成的{PROVINCE[1]}……")
            reset_province(log=self.stdout.write)
            self.stdout.write(f"  用时 {time.perf_counter() - started:.1f} 秒")
        elif Area.objects.filter(code=PROVINCE[0]).exists():
            raise CommandError(f"{PROVINCE[1]}（{PROVINCE[0]}）已存在；加 --reset 重新生成。")

        postgres = connection.vendor == "postgresql"
        tree = area_tree(options["seed"])
        villages = {}
        for code, _name, level, _parent in tree:
            if level == AreaLevel.VILLAGE:
                villages.setdefault(code[:6], []).append(code)
        ctx = ScaleContext(
            options=options, seed=options["seed"], today=today,
            now=str(connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))),
            tokens=("\\N", "t", "f") if postgres else (None, "1", "0"), postgres=postgres, writer=Writer(),
            tree=tree, names={code: name for code, name, _level, _parent in tree}, villages=villages,
            stdout=self.stdout,
        )
        writer = ctx.writer
        with transaction.atomic():
            ctx.write(Area, ("code", "name", "level", "parent_id"), *area_payload(ctx))
            for step in scale_steps.ordered():
                step(ctx)
            committing = time.perf_counter()
        writer.timed("COMMIT", committing)
        elapsed = time.perf_counter() - ctx.started
        records_changed.send(sender=None)  # written past save(): cached figures and counts are stale
        # What autovacuum would soon do: statistics for the planner, a visibility map for index-only scans.
        # VACUUM cannot run inside a transaction: inside a caller's atomic block (a test), ANALYZE only.
        if postgres:
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for model in writer.models:
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
        made = "，".join(f"{label} {number} {unit}" for label, number, unit in ctx.counts)
        self.stdout.write(self.style.SUCCESS(f"已生成{PROVINCE[1]}（{PROVINCE[0]}）：区划 {len(tree)} 个，{made}"))
        if options["verbosity"] > 1:
            self.stdout.write("  用时（秒）：" + "，".join(f"{k} {v:.1f}" for k, v in writer.seconds.items()))
        rate = writer.rows / max(elapsed, 1e-9)
        self.stdout.write(f"GENERATE rows={writer.rows} seconds={elapsed:.1f} rows_per_second={rate:.0f}")
