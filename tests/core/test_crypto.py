"""ID numbers and phones encrypted at rest (core/crypto.py): AES-GCM, key ids and rotation, the
keyed indexes that carry uniqueness and lookups, and a database (or its dump) that tells no number."""

import base64
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from core import crypto
from tests.factories import FamilyMemberFactory, VeteranFactory
from tests.veterans.helpers import id_number
from veterans.models import FamilyMember, Veteran

KEY_A = base64.b64encode(bytes(range(32))).decode()
KEY_B = base64.b64encode(bytes(range(32, 64))).decode()


def test_aes_gcm_round_trip_with_a_known_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = f"a:{KEY_A}"
    stored = crypto.encrypt("330727198005170011")
    prefix, kid, encoded = stored.split(":")
    assert (prefix, kid) == ("v1", "a")
    raw = base64.b64decode(encoded)
    assert len(raw) == 12 + 18 + 16  # nonce, ciphertext, tag
    assert "330727198005170011" not in stored
    assert crypto.decrypt(stored) == "330727198005170011"
    assert crypto.encrypt("330727198005170011") != stored  # a fresh nonce each time
    # The same bytes decrypt with the library directly: it is plain AES-256-GCM.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    assert AESGCM(bytes(range(32))).decrypt(raw[:12], raw[12:], None) == b"330727198005170011"


def test_a_tampered_ciphertext_is_refused(settings):
    settings.FIELD_ENCRYPTION_KEYS = f"a:{KEY_A}"
    prefix, kid, encoded = crypto.encrypt("13900001234").split(":")
    raw = bytearray(base64.b64decode(encoded))
    raw[15] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}:{kid}:{base64.b64encode(bytes(raw)).decode()}")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}:unknown:{encoded}")


def raw_column(model, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_key_rotation_old_values_read_and_rotate_keys_rewrites_them(settings, tree):
    settings.FIELD_ENCRYPTION_KEYS = f"old:{KEY_A}"
    number = id_number(region="330727", start=40)
    veteran = VeteranFactory(area=tree["village11"], id_number=number, phone="13900004321")
    assert raw_column(Veteran, "id_number", veteran.pk).startswith("v1:old:")

    settings.FIELD_ENCRYPTION_KEYS = f"new:{KEY_B},old:{KEY_A}"
    assert Veteran.objects.get(pk=veteran.pk).id_number == number  # the old key still decrypts
    assert Veteran.objects.filter(id_number=number).count() == 1  # the index does not depend on the key

    call_command("rotate_keys", stdout=(out := __import__("io").StringIO()))
    assert "veterans.Veteran\t1" in out.getvalue()
    assert raw_column(Veteran, "id_number", veteran.pk).startswith("v1:new:")
    assert raw_column(Veteran, "phone", veteran.pk).startswith("v1:new:")

    settings.FIELD_ENCRYPTION_KEYS = f"new:{KEY_B}"  # the old key removed: everything still reads
    loaded = Veteran.objects.get(pk=veteran.pk)
    assert (loaded.id_number, loaded.phone) == (number, "13900004321")
    call_command("rotate_keys", stdout=(again := __import__("io").StringIO()))
    assert "veterans.Veteran\t0" in again.getvalue()  # idempotent


@pytest.mark.django_db
def test_a_duplicate_id_number_is_refused_through_the_index(tree):
    number = id_number(start=60)
    VeteranFactory(area=tree["village11"], id_number=number)
    duplicate = VeteranFactory.build(area=tree["village12"], id_number=number)
    with pytest.raises(ValidationError) as refused:
        duplicate.validate_unique()
    assert "具有 公民身份号码 的 退役军人 已存在。" in refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():  # the database's own guarantee: the unique index
        Veteran.objects.bulk_create([VeteranFactory.build(area=tree["village12"], id_number=number, birth_date="1980-01-01")])


@pytest.mark.django_db
def test_family_member_id_number_unique_per_veteran_through_the_index(tree):
    member = FamilyMemberFactory(veteran__area=tree["village11"], id_number=id_number(start=70))
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyMember.objects.bulk_create([FamilyMember(veteran=member.veteran, name="刘芳", relationship="spouse",
                                                       id_number=member.id_number)])


@pytest.mark.django_db
def test_lookups_by_value_and_tails(tree):
    number = id_number(start=80)
    veteran = VeteranFactory(area=tree["village11"], id_number=number, phone="13912345678")
    assert list(Veteran.objects.filter(id_number=number.lower())) == [veteran]
    assert list(Veteran.objects.filter(id_number__in=[number, "110101199001011237"])) == [veteran]
    assert list(Veteran.objects.filter(phone="139 1234 5678")) == [veteran]
    assert list(Veteran.objects.filter(id_number__endswith=number[-4:])) == [veteran]
    assert list(Veteran.objects.filter(id_number__endswith=number[-6:])) == [veteran]
    assert list(Veteran.objects.filter(phone__endswith="345678")) == [veteran]
    assert not Veteran.objects.filter(id_number__endswith=number[-5:]).exists()  # only the tails the rules allow
    from django.core.exceptions import FieldError
    with pytest.raises(FieldError):
        list(Veteran.objects.filter(id_number__icontains=number[6:14]))
    with pytest.raises(FieldError):
        list(Veteran.objects.filter(id_number__startswith=number[:6]))


@pytest.mark.django_db
def test_the_stored_columns_hold_no_plain_id_number_or_phone(tree):
    number = id_number(start=90)
    veteran = VeteranFactory(area=tree["village11"], id_number=number, phone="13955554444")
    member = FamilyMemberFactory(veteran=veteran, id_number=id_number(start=91, female=True), phone="13966667777")
    with connection.cursor() as cursor:
        for model in (Veteran, Veteran.history.model, FamilyMember):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            text = repr(cursor.fetchall())
            for secret in (number, "13955554444", member.id_number, "13966667777", number[-6:]):
                assert secret not in text, (model, secret)
    assert raw_column(Veteran, "id_number", veteran.pk).startswith("v1:")
    assert raw_column(Veteran, "id_number_index", veteran.pk) == crypto.blind_index(number)


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_of_the_database_reveals_no_id_number(tree):
    """On PostgreSQL the whole test database is dumped and searched; on SQLite its file is."""
    number = id_number(start=95)
    VeteranFactory(area=tree["village11"], id_number=number, phone="13988887777")
    if connection.vendor == "postgresql":
        assert shutil.which("pg_dump"), "PostgreSQL without pg_dump"
        params = connection.get_connection_params()
        env = {"PGPASSWORD": str(params.get("password") or "")}
        args = ["pg_dump", "--data-only", "-h", str(params.get("host") or "localhost"), "-p", str(params.get("port") or 5432),
                "-U", str(params.get("user") or ""), params["dbname"] if "dbname" in params else params["database"]]
        dump = subprocess.run(args, capture_output=True, text=True, check=True, env={**__import__("os").environ, **env}).stdout
    else:
        dump = "\n".join(connection.connection.iterdump())
    assert "INSERT" in dump or "COPY" in dump
    assert "v1:" in dump
    assert number not in dump
    assert "13988887777" not in dump


@pytest.mark.django_db
def test_family_members_are_found_by_whole_id_number_or_the_tails_the_role_may_search(tree, users, rf):
    from types import SimpleNamespace

    from veterans.filtersets import FamilyMemberFilterSet
    member = FamilyMemberFactory(veteran__area=tree["village11"], id_number=id_number(start=75))

    def search(value, can_reveal):
        request = rf.get("/veterans/familymember/")
        request.user = users["staff" if can_reveal else "clerk"]
        assert request.user.can_reveal == can_reveal
        holder = SimpleNamespace(request=request)
        return list(FamilyMemberFilterSet.filter_search(holder, FamilyMember.objects.all(), "q", value))

    assert search(member.id_number, False) == [member]
    assert search(member.id_number[-4:], False) == []  # tails only for roles that may reveal
    assert search(member.id_number[-4:], True) == [member]
    assert search(member.id_number[-6:], False) == []  # the last 6 only for roles that may reveal
    assert search(member.id_number[-6:], True) == [member]
    assert search(member.id_number[-5:], True) == []
