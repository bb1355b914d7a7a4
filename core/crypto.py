"""Personal data encrypted at rest (GB/T 22239-2019 level 3, 8.1.4.8 保密性; PIPL art. 51).

ID numbers and phones (and, later, bank account numbers) are stored encrypted; Python sees the
plain value, the database and its dumps see only

    v1:<key id>:<base64 of nonce (12 bytes) + AES-256-GCM ciphertext + tag (16 bytes)>

A blank value stays "" (a dump tells only that the box was empty).

Keys come from the environment (config/settings.py):

- ``FIELD_ENCRYPTION_KEYS``: ``id:base64key,id:base64key`` (32-byte keys); the first encrypts,
  all decrypt.  Rotation: put a new key first, keep the old ones, restart, run
  ``python manage.py rotate_keys`` (re-encrypts under the first key in batches), then drop the
  old key.  A value under a key id that is not configured is refused (``DecryptionError``).
- ``BLIND_INDEX_KEY``: base64 key of the keyed index (HMAC-SHA256).  A random nonce makes the
  ciphertext differ each time, so what is searched and kept unique is a separate column: the
  field's *index* (``<name>_index``, HMAC of the normalised value, 32 hex) carries exact lookups
  and uniqueness, and its *tails* (``<name>_tails``: HMAC of the last 4 characters, then HMAC of
  the last 6, 16 hex each) carry the tail searches core/search.py allows (last 4 and 6, for
  the roles that may reveal only).  This key never rotates with the encryption keys (changing it
  means recomputing every index: ``rotate_keys --reindex``).

With DJANGO_DEBUG true (development, tests) a fixed development key is used when the settings
are missing, with a warning; with DJANGO_DEBUG false the settings refuse to load without them.

A field declares its index columns (``EncryptedIndexField``) beside it; the ``exact``, ``in`` and
``endswith`` lookups of an encrypted field are rewritten to them (core/fields.py), so
``Veteran.objects.filter(id_number=...)`` keeps working.  Other lookups (contains, ordering) are
refused: a ciphertext has no order and no substrings.
"""

import base64
import binascii
import hashlib
import hmac
import os
import warnings

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
INDEX_HEX = 32
TAIL_HEX = 16
TAIL_LENGTHS = (4, 6)

# Development only: DEBUG settings fall back to these (with a warning), production refuses them.
DEV_ENCRYPTION_KEYS = "dev:" + base64.b64encode(b"development-only-key-0123456789!").decode()
DEV_BLIND_INDEX_KEY = base64.b64encode(b"development-only-blind-index-key").decode()


class DecryptionError(ValueError):
    """A stored value that cannot be decrypted: tampered, truncated or under an unknown key."""


def parse_keys(text):
    """{key id: 32-byte key}, in the declared order (the first is current), from `id:base64,...`."""
    keys = {}
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, encoded = part.partition(":")
        kid = kid.strip()
        if not sep or not kid or ":" in kid:
            raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS: '{kid}' is not 'key id:base64 key' (加密密钥格式错误)")
        keys[kid] = decode_key(encoded, f"FIELD_ENCRYPTION_KEYS[{kid}]")
    return keys


def decode_key(encoded, name):
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not base64 (密钥不是 base64 编码)") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, is {len(key)} (密钥应为32字节)")
    return key


def settings_keys(env, debug):
    """(FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY) for config/settings.py: from the environment, the
    development keys when DEBUG allows them, else ImproperlyConfigured."""
    keys, index = env.str("FIELD_ENCRYPTION_KEYS", default=""), env.str("BLIND_INDEX_KEY", default="")
    if not keys or not index:
        if not debug:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set when DJANGO_DEBUG is false "
                "(生产环境必须设置个人信息加密密钥 FIELD_ENCRYPTION_KEYS 和 BLIND_INDEX_KEY；生成方法见 README)."
            )
        warnings.warn("FIELD_ENCRYPTION_KEYS/BLIND_INDEX_KEY not set: using the development keys", stacklevel=2)
        keys, index = keys or DEV_ENCRYPTION_KEYS, index or DEV_BLIND_INDEX_KEY
    parsed = parse_keys(keys)
    if not parsed:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS holds no key (未配置加密密钥)")
    decode_key(index, "BLIND_INDEX_KEY")
    return keys, index


def generate_key():
    return base64.b64encode(os.urandom(32)).decode()


_cache = {}


def _keys():
    """(current key id, {id: AESGCM}, index key), rebuilt when the settings change (tests override them)."""
    source = (settings.FIELD_ENCRYPTION_KEYS, settings.BLIND_INDEX_KEY)
    if _cache.get("source") != source:
        keys = parse_keys(source[0])
        _cache.update(source=source, current=next(iter(keys)), ciphers={k: AESGCM(v) for k, v in keys.items()},
                      index=decode_key(source[1], "BLIND_INDEX_KEY"))
    return _cache["current"], _cache["ciphers"], _cache["index"]


def current_key_id():
    return _keys()[0]


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(PREFIX + ":")


def key_id(value):
    """The key id a stored value was encrypted under ("" for a blank or a plain legacy value)."""
    return value.split(":", 2)[1] if is_encrypted(value) else ""


def encrypt(plain):
    """The stored form of `plain` under the current key ("" stays "")."""
    if plain in (None, ""):
        return plain
    current, ciphers, _index = _keys()
    nonce = os.urandom(12)
    sealed = ciphers[current].encrypt(nonce, str(plain).encode(), None)
    return f"{PREFIX}:{current}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(stored):
    """The plain value of a stored one.  A value not in the v1 form is a legacy plain value (rows
    the data migration has not reached yet) and is returned as it is."""
    if not is_encrypted(stored):
        return stored
    try:
        _prefix, kid, encoded = stored.split(":", 2)
    except ValueError:
        raise DecryptionError("malformed encrypted value") from None
    cipher = _keys()[1].get(kid)
    if cipher is None:
        raise DecryptionError(f"unknown encryption key id '{kid}' (未配置此密钥)")
    try:
        raw = base64.b64decode(encoded, validate=True)
        return cipher.decrypt(raw[:12], raw[12:], None).decode()
    except (binascii.Error, ValueError, InvalidTag):
        raise DecryptionError("encrypted value fails its integrity check (密文校验失败)") from None


def _mac(purpose, value, length):
    digest = hmac.new(_keys()[2], f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:length]


def blind_index(value):
    """The keyed index of a (normalised) value: equal values, equal indexes; "" stays ""."""
    return _mac("full", value, INDEX_HEX) if value else ""


def tail_index(tail):
    """The keyed index of a tail of 4 or 6 characters."""
    return _mac(f"tail{len(tail)}", tail, TAIL_HEX)


def tails_index(value):
    """The tails column of a value: tail_index(last 4) + tail_index(last 6); "" when shorter than 6."""
    if not value or len(value) < max(TAIL_LENGTHS):
        return ""
    return "".join(tail_index(value[-n:]) for n in TAIL_LENGTHS)
