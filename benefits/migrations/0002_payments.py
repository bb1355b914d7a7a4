# The bank account encrypted at rest (issue 11), like ID numbers and phones (core/crypto.py).
#
# The column widens from the 19 digits it held to the ciphertext's 100 characters.  0001 wrote the
# field without its max_length, which now reads as 100 from the field class, so the old width is
# first stated (a plain CharField of 19) and then widened: on PostgreSQL this really alters the
# column.  Then existing rows are encrypted in place (core/rekey.py: in batches, safe to run twice);
# the reverse writes the plain digits back.

import benefits.fields
from django.db import migrations, models

from core import rekey

MODELS = ["benefits.Entitlement", "benefits.HistoricalEntitlement"]


def encrypt(apps, schema_editor):
    rekey.encrypt_models(apps, MODELS)


def decrypt(apps, schema_editor):
    rekey.decrypt_models(apps, MODELS)


class Migration(migrations.Migration):

    dependencies = [
        ('benefits', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entitlement',
            name='bank_account',
            field=models.CharField(blank=True, max_length=19, verbose_name='银行账号'),
        ),
        migrations.AlterField(
            model_name='historicalentitlement',
            name='bank_account',
            field=models.CharField(blank=True, max_length=19, verbose_name='银行账号'),
        ),
        migrations.AlterField(
            model_name='entitlement',
            name='bank_account',
            field=benefits.fields.BankAccountField(blank=True, max_length=100, verbose_name='银行账号'),
        ),
        migrations.AlterField(
            model_name='historicalentitlement',
            name='bank_account',
            field=benefits.fields.BankAccountField(blank=True, max_length=100, verbose_name='银行账号'),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
