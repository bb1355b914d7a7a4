"""The bank account encrypted at rest (issue 11, 个人信息加密存储), as ID numbers and phones are: the
column holds `v1:<key id>:<ciphertext>`, never the digits; pages keep masking it; the data migration
(benefits.0002_payments) encrypts rows stored before it and its reverse gives the digits back."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from benefits.models import Category, Entitlement
from core import crypto, services
from tests.factories import VeteranFactory

pytestmark = pytest.mark.django_db

ACCOUNT = "6222021234567890123"
MIGRATION = importlib.import_module("benefits.migrations.0002_payments")


def entitlement(users, tree, account=ACCOUNT):
    veteran = VeteranFactory(area=tree["village11"])
    return services.record_create(model=Entitlement, user=users["staff"], data={
        "veteran": veteran, "category": Category.DEMOBILISED, "approved_on": datetime.date(2025, 3, 10),
        "bank_name": "农业银行", "bank_account": account})


def raw(table, pk, column="bank_account", key="id"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {key} = %s", [pk])
        return [row[0] for row in cursor.fetchall()]


def all_rows_text(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table}")
        return repr(cursor.fetchall())


def test_the_column_holds_no_digits_of_the_account(users, tree):
    record = entitlement(users, tree, account="6222 0212 3456 7890 123")
    (stored,) = raw(Entitlement._meta.db_table, record.pk)
    assert stored.startswith(f"v1:{crypto.current_key_id()}:")
    assert crypto.decrypt(stored) == ACCOUNT
    for model in (Entitlement, Entitlement.history.model):  # the history rows too
        text = all_rows_text(model)
        assert ACCOUNT not in text and ACCOUNT[-8:] not in text and "6222 0212" not in text, model
    assert Entitlement.objects.get(pk=record.pk).bank_account == ACCOUNT  # Python reads the digits
    assert crypto.encrypt(ACCOUNT) != stored  # a fresh nonce: two equal accounts do not look equal


def test_a_dump_of_the_database_holds_no_account(users, tree):
    entitlement(users, tree)
    dump = "\n".join(connection.connection.iterdump()) if connection.vendor == "sqlite" else ""
    if connection.vendor != "sqlite":  # PostgreSQL: every text column of the benefits tables read instead
        dump = all_rows_text(Entitlement) + all_rows_text(Entitlement.history.model)
    assert "v1:" in dump
    assert ACCOUNT not in dump


def test_pages_still_mask_and_an_edit_keeps_the_account(users, tree, client_for):
    record = entitlement(users, tree)
    client = client_for(users["staff"])
    page = client.get(reverse("benefits:entitlement_detail", args=[record.pk])).content.decode()
    assert "6222***********0123" in page and ACCOUNT not in page
    record.refresh_from_db()
    services.record_update(instance=record, data={"note": "核对账号"}, user=users["staff"])
    assert Entitlement.objects.get(pk=record.pk).bank_account == ACCOUNT
    assert raw(Entitlement._meta.db_table, record.pk)[0].startswith("v1:")


def test_blank_accounts_stay_blank_and_are_found_as_blank(users, tree):
    record = entitlement(users, tree, account="")
    assert raw(Entitlement._meta.db_table, record.pk) == [""]
    assert list(Entitlement.objects.filter(bank_account="")) == [record]


def test_the_data_migration_encrypts_plain_rows_and_its_reverse_restores_them(users, tree):
    record = entitlement(users, tree)
    history = Entitlement.history.model
    with connection.cursor() as cursor:  # as a row written before 0002 was: the digits themselves
        cursor.execute(f"UPDATE {Entitlement._meta.db_table} SET bank_account = %s", [ACCOUNT])
        cursor.execute(f"UPDATE {history._meta.db_table} SET bank_account = %s", [ACCOUNT])
    assert raw(Entitlement._meta.db_table, record.pk) == [ACCOUNT]
    assert Entitlement.objects.get(pk=record.pk).bank_account == ACCOUNT  # a legacy value still reads

    MIGRATION.encrypt(apps, None)
    (stored,) = raw(Entitlement._meta.db_table, record.pk)
    assert stored.startswith("v1:") and crypto.decrypt(stored) == ACCOUNT
    assert all(value.startswith("v1:") for value in raw(history._meta.db_table, record.pk))
    MIGRATION.encrypt(apps, None)  # run twice: still one ciphertext of the same digits
    assert crypto.decrypt(raw(Entitlement._meta.db_table, record.pk)[0]) == ACCOUNT

    MIGRATION.decrypt(apps, None)
    assert raw(Entitlement._meta.db_table, record.pk) == [ACCOUNT]
    assert set(raw(history._meta.db_table, record.pk)) == {ACCOUNT}


def test_rotate_keys_covers_the_bank_account(users, tree, settings):
    from core import rekey

    record = entitlement(users, tree)
    assert Entitlement in [m for m in apps.get_models() if rekey.encrypted_fields(m)]
    assert rekey.reencrypt(Entitlement, all_rows=True) == 1
    assert Entitlement.objects.get(pk=record.pk).bank_account == ACCOUNT


# ---------------------------------------------------------------- the whole account found by search


def listed(client, term):
    page = client.get(reverse("benefits:entitlement_list"), {"q": term}).content.decode()
    return page


def test_a_whole_account_number_finds_its_entitlement_and_a_part_of_it_nothing(users, tree, client_for):
    record = entitlement(users, tree)
    other = entitlement(users, tree, account="6217001234500009876")
    index = raw(Entitlement._meta.db_table, record.pk, column="bank_account_index")[0]
    assert index == crypto.blind_index(ACCOUNT) and ACCOUNT[-4:] not in index  # a keyed hash, not the digits
    assert list(Entitlement.objects.filter(bank_account=ACCOUNT)) == [record]
    client = client_for(users["staff"])
    detail, other_detail = (reverse("benefits:entitlement_detail", args=[e.pk]) for e in (record, other))
    for term in (ACCOUNT, "6222 0212 3456 7890 123", " 6222-0212-3456-7890-123 "):  # as a card is written
        page = listed(client, term)
        assert detail in page and other_detail not in page, term
    for term in (ACCOUNT[:-1], ACCOUNT[-6:], ACCOUNT[-4:], "62220212345678901234"):  # a part, or one digit too many
        page = listed(client, term)
        assert detail not in page and other_detail not in page, term


def test_an_account_search_is_logged_masked_and_scoped_to_the_area(users, tree, client_for):
    from core.models import AccessKind, AccessLog

    record = entitlement(users, tree)  # at village11, inside township1
    detail = reverse("benefits:entitlement_detail", args=[record.pk])
    assert detail in listed(client_for(users["clerk"]), ACCOUNT)
    assert detail not in listed(client_for(users["other_clerk"]), ACCOUNT)  # township2 learns nothing
    logs = list(AccessLog.objects.filter(kind=AccessKind.SEARCH).order_by("pk").values_list("username", "detail"))
    assert logs == [("clerk", {"q": "6222***********0123", "kind": "account"}),
                    ("other_clerk", {"q": "6222***********0123", "kind": "account"})]
    assert ACCOUNT not in repr(list(AccessLog.objects.values_list("detail", "target")))


def test_account_searches_count_toward_the_hours_number_searches(users, tree, client_for, settings):
    settings.NUMBER_SEARCH_LIMIT_PER_HOUR = 2
    record = entitlement(users, tree)
    detail = reverse("benefits:entitlement_detail", args=[record.pk])
    client = client_for(users["clerk"])
    assert detail in listed(client, ACCOUNT) and detail in listed(client, ACCOUNT)
    page = listed(client, ACCOUNT)
    assert detail not in page and "一小时内按完整证件号或电话查询已达2次" in page
    assert detail in listed(client_for(users["staff"]), ACCOUNT)  # revealing roles are not limited


def test_log_text_masks_a_bank_card_and_keeps_an_area_code():
    from core.idnumber import mask_text

    assert mask_text("q=6222021234567890123&within=330727101201") == "q=6222***********0123&within=330727101201"
    assert mask_text("6222021234567890") == "6222********7890"  # 16 digits
    assert mask_text("330727199001011234") == "3307**********1234"  # an ID number keeps its own mask


def test_the_index_migration_fills_the_index_of_rows_stored_before_it(users, tree):
    record = entitlement(users, tree)
    with connection.cursor() as cursor:  # as a row stored before 0005: no index
        cursor.execute(f"UPDATE {Entitlement._meta.db_table} SET bank_account_index = ''")
    assert not Entitlement.objects.filter(bank_account=ACCOUNT).exists()
    importlib.import_module("benefits.migrations.0005_bank_account_index").fill(apps, None)
    assert list(Entitlement.objects.filter(bank_account=ACCOUNT)) == [record]
