"""`python manage.py load_demo`: the demo county 云溪县, one demo user of each role, then every app's
demo step (see core/demo.py)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.contrib import demo_steps
from core.demo import COUNTY, DEFAULT_PASSWORD, load_demo
from core.signals import records_changed


class Command(BaseCommand):
    help = "载入演示数据（云溪县的区划、各角色演示用户，以及各应用的演示记录），可重复运行。密码取自环境变量 DEMO_PASSWORD。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="DEBUG 关闭（生产环境）时也载入演示用户")
        parser.add_argument("--app", action="append", dest="apps", metavar="APP",
                            help="只载入该应用的演示记录（可重复；区划和演示用户总会载入），如 --app stations")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG 已关闭，疑似生产环境：演示用户使用公开的密码，确需载入请加 --force。")
        known = {step.app for step in demo_steps.all()}
        unknown = set(options["apps"] or ()) - known
        if unknown:
            raise CommandError(f"没有这些应用的演示数据：{'、'.join(sorted(unknown))}（可选：{'、'.join(sorted(known))}）")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            ctx = load_demo(password, stdout=self.stdout, only=options["apps"])
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
