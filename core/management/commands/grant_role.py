"""`python manage.py grant_role USERNAME ROLE --area CODE`: set up the first administrators on the
server (after that, roles are granted by the security administrator's page).  Logged like any
change of an account (core.audit), with no acting user."""

from django.core.management.base import BaseCommand, CommandError

from core.models import Area, User
from core.roles import Role


class Command(BaseCommand):
    help = "在服务器上为账号设置角色和区划（用于初次部署时设立系统管理员、安全管理员和审计员）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[role.value for role in Role])
        parser.add_argument("--area", help="区划代码，如 330727")

    def handle(self, *args, username, role, area=None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号，请先用 createsuperuser 或系统管理员页面创建。")
        if area is not None:
            found = Area.objects.filter(code=area).first()
            if found is None:
                raise CommandError(f"区划代码“{area}”不存在。")
            user.area = found
        if not user.area_id:
            raise CommandError("该账号没有所属区划，请加 --area 区划代码。")
        user.role = role
        user.save()
        self.stdout.write(self.style.SUCCESS(f"{username}：{Role(role).label}，{user.area.full_name}"))
