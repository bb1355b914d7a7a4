"""`python manage.py rotate_keys`: every encrypted value re-encrypted under the current key.

After a new key is put first in FIELD_ENCRYPTION_KEYS (the old ones kept after it), this rewrites,
in batches, the values still under another key (or still plain), with their keyed indexes; run
again it finds nothing to do.  `--reindex` rewrites every row (after BLIND_INDEX_KEY changed).
Then the old key may be removed from FIELD_ENCRYPTION_KEYS.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from core import crypto, rekey


class Command(BaseCommand):
    help = "将加密存储的身份证号、电话等按当前密钥重新加密（分批，可重复运行），并报告每张表的行数。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=rekey.BATCH, help="每批行数（默认1000）")
        parser.add_argument("--reindex", action="store_true", help="重写所有行及其索引（更换 BLIND_INDEX_KEY 后使用）")

    def handle(self, *args, batch=rekey.BATCH, reindex=False, **options):
        total = 0
        for model in apps.get_models():
            if not rekey.encrypted_fields(model):
                continue
            count = rekey.reencrypt(model, all_rows=reindex, batch=batch)
            total += count
            self.stdout.write(f"{model._meta.label}\t{count}")
        self.stdout.write(f"共重新加密 {total} 行，当前密钥：{crypto.current_key_id()}")
