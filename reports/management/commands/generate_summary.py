"""python manage.py generate_summary --kind half|annual --year 2025 --area 330727 --out DIR"""

import shutil
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import Area
from reports.compose import missing_parts
from reports.models import SummaryRun
from reports.services import previous_texts, summary_filename, summary_generate


class Command(BaseCommand):
    help = "生成工作总结（Word）和统计附表（Excel），写入指定目录"

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["half", "annual"], required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--area", required=True, help="区划代码")
        parser.add_argument("--out", required=True, help="输出目录")

    def handle(self, *args, kind, year, area, out, **options):
        area_obj = Area.objects.filter(code=area).first()
        if area_obj is None:
            raise CommandError(f"区划代码不存在：{area}")
        started = time.perf_counter()
        run, created = SummaryRun.objects.get_or_create(kind=kind, year=year, area=area_obj)
        if created:  # parts 二 and 三 start from the previous summary of the area, as on the page
            run.problems, run.plans = previous_texts(kind, year, area_obj)
            run.save(update_fields=["problems", "plans"])
        summary_generate(run)
        empty = missing_parts(kind, year, run.problems, run.plans)
        if empty:
            self.stderr.write(f"注意：{'、'.join(empty)} 尚未填写，文档中标注“（待填写）”。")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for field, extension in ((run.docx, "docx"), (run.xlsx, "xlsx")):
            target = folder / summary_filename(run, extension)
            with field.open("rb") as source, open(target, "wb") as handle:
                shutil.copyfileobj(source, handle)
            written.append(str(target))
        self.stdout.write(f"已生成（{time.perf_counter() - started:.2f} 秒）：\n" + "\n".join(written))
