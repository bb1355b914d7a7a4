"""`python manage.py load_demo`: the demo county 云溪县 and one demo user of each role (see core/demo.py)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.demo import COUNTY, DEFAULT_PASSWORD, load_demo
from core.signals import records_changed


class Command(BaseCommand):
    help = "载入演示数据（云溪县的区划、服务站、检查与培训记录、各角色演示用户），可重复运行。密码取自环境变量 DEMO_PASSWORD。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭（生产环境）时也载入演示用户")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG 已关闭，疑似生产环境：演示用户使用公开的密码，确需载入请加 --force。")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            ctx = load_demo(password, stdout=self.stdout)
        except ValidationError as e:
            raise CommandError("DEMO_PASSWORD 不符合密码规则：" + "".join(e.messages))

        records_changed.send(sender=None)  # bulk writes send no post_save: cached figures and counts are stale
        self.stdout.write(self.style.SUCCESS(f"演示数据已载入：{COUNTY[1]}（{COUNTY[0]}）"))
        for label, number, unit in ctx.counts:
            self.stdout.write(f"  {label}：{number} {unit}")
        self.stdout.write(f"  本次新建 {ctx.created} 条、更新 {ctx.updated} 条记录（演示用户的密码每次重设）。")
        self.stdout.write(f"  用户名：{'、'.join(ctx.users)}")
        if "DEMO_PASSWORD" in os.environ and os.environ["DEMO_PASSWORD"]:
            self.stdout.write("  密码：取自环境变量 DEMO_PASSWORD")
        else:
            self.stdout.write(f"  密码：{DEFAULT_PASSWORD}（可用环境变量 DEMO_PASSWORD 修改）")
