"""`python manage.py check_id_numbers`: stored ID numbers whose GB 11643 check digit is wrong.

Every model of every app with an IDNumberField is read (history tables excepted: they keep
what was stored, right or wrong).  Each bad number is listed masked, with the record's page;
the command exits 1 when there is any, so a script or an operator can act on it.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from core import idnumber
from core.fields import IDNumberField
from core.registry import registry


def id_number_fields():
    """(model, field name) of every stored ID number outside history tables."""
    found = []
    for model in apps.get_models():
        if any(field.name == "history_id" for field in model._meta.fields):
            continue
        for field in model._meta.fields:
            if isinstance(field, IDNumberField):
                found.append((model, field.name))
    return found


def record_url(model, pk):
    viewset = registry.for_model(model)
    if viewset is None or not viewset.has_action("detail"):
        return ""
    return reverse(viewset.url_name("detail"), args=[pk])


def wrong_id_numbers():
    """[(model, field name, pk, stored number)] whose check digit is wrong, in model order."""
    bad = []
    for model, name in id_number_fields():
        rows = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
        for pk, number in rows.values_list("pk", name).order_by("pk").iterator(chunk_size=5000):
            if not idnumber.has_valid_check_digit(number):
                bad.append((model, name, pk, number))
    return bad


class Command(BaseCommand):
    help = "列出校验位错误的公民身份号码（脱敏显示，附记录链接）；有错误时退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="记录链接前缀，如 https://tyjr.example.gov.cn")

    def handle(self, *args, base_url="", **options):
        fields = id_number_fields()
        bad = wrong_id_numbers()
        base = base_url.rstrip("/")
        for model, name, pk, number in bad:
            label = f"{model._meta.verbose_name}·{model._meta.get_field(name).verbose_name}"
            url = record_url(model, pk)
            self.stdout.write(f"{label}\t{pk}\t{idnumber.mask_id(number)}\t{base + url if url else ''}")
        checked = "、".join(f"{m._meta.verbose_name}·{m._meta.get_field(n).verbose_name}" for m, n in fields)
        if bad:
            raise CommandError(f"共{len(bad)}个公民身份号码校验位错误（已检查：{checked}）。请逐条核对并在系统中更正。",
                               returncode=1)
        self.stdout.write(self.style.SUCCESS(f"全部公民身份号码校验位正确（已检查：{checked}）。"))
