"""Re-encrypting stored rows in batches: the data migrations that encrypt existing plain values,
`python manage.py rotate_keys`, and the way back (a migration's reverse).

A row is read through the ORM (a plain legacy value reads as it is, an encrypted one is decrypted),
its index columns are recomputed from the plain values and it is written back under the current
key: running it twice changes nothing but the nonces.
"""

from django.db import connections, router, transaction

from core import crypto
from core.fields import EncryptedIndexField, EncryptedMixin

BATCH = 1000


def encrypted_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]


def index_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedIndexField)]


def _stale_pks(model, fields, *, all_rows, using):
    """Primary keys of rows with a value not under the current key (every row with a value when all_rows)."""
    connection = connections[using]
    q = connection.ops.quote_name
    current = f"{crypto.PREFIX}:{crypto.current_key_id()}:%"
    conditions, params = [], []
    for field in fields:
        if all_rows:
            conditions.append(f"{q(field.column)} <> ''")
        else:
            conditions.append(f"({q(field.column)} <> '' AND {q(field.column)} NOT LIKE %s)")
            params.append(current)
    sql = f"SELECT {q(model._meta.pk.column)} FROM {q(model._meta.db_table)} WHERE {' OR '.join(conditions)} ORDER BY 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def reencrypt(model, *, all_rows=False, batch=BATCH, using=None):
    """Rewrite `model`'s encrypted values under the current key (only those under another key or
    still plain, unless all_rows) and its index columns; the number of rows rewritten."""
    fields = encrypted_fields(model)
    if not fields:
        return 0
    using = using or router.db_for_write(model)
    pks = _stale_pks(model, fields, all_rows=all_rows, using=using)
    names = [f.name for f in fields] + [f.name for f in index_fields(model)]
    manager = model._base_manager.using(using)
    for start in range(0, len(pks), batch):
        with transaction.atomic(using=using):
            rows = list(manager.filter(pk__in=pks[start:start + batch]).only("pk", *names))
            for row in rows:
                for field in index_fields(model):
                    field.pre_save(row, False)
            manager.bulk_update(rows, names)
    return len(pks)


def encrypt_models(apps, labels):
    """A data migration's forward step over `app_label.Model` names (historical models included)."""
    return {label: reencrypt(apps.get_model(label), all_rows=True) for label in labels}


def decrypt_models(apps, labels, batch=BATCH):
    """A data migration's reverse: the plain values written back over the ciphertexts, indexes emptied."""
    for label in labels:
        model = apps.get_model(label)
        fields, indexes = encrypted_fields(model), index_fields(model)
        connection = connections[router.db_for_write(model)]
        q = connection.ops.quote_name
        pks = _stale_pks(model, fields, all_rows=True, using=connection.alias)
        sets = ", ".join([f"{q(f.column)} = %s" for f in fields] + [f"{q(f.column)} = ''" for f in indexes])
        sql = f"UPDATE {q(model._meta.db_table)} SET {sets} WHERE {q(model._meta.pk.column)} = %s"
        for start in range(0, len(pks), batch):
            rows = model._base_manager.filter(pk__in=pks[start:start + batch]).only("pk", *[f.name for f in fields])
            with connection.cursor() as cursor:
                cursor.executemany(sql, [[getattr(row, f.attname) for f in fields] + [row.pk] for row in rows])
