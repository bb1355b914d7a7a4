"""The cache is an optimisation: with it unreachable, pages work uncached and a warning is logged.

`ResilientRedisCache` is Django's Redis backend whose every call answers as a miss (get: the
default; set, add: nothing kept; delete: nothing) when Redis cannot be reached, within the short
socket timeouts settings give it, instead of raising: with the cache down the dashboard, every
case list and every create or edit answered 500.  After a failure it does not try again for
RETRY_AFTER_SECONDS, so a Redis that accepts connections and never answers costs one timeout,
not one for every call of every page.

While Redis was away, writes could not renew the data version (core.dataversion), so figures
cached before the outage would look current after it: an outage marks the version suspect, and
the next successful look-up starts a fresh one.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60
RETRY_AFTER_SECONDS = 5  # after a failure, calls answer as misses without trying for this long
_lock = threading.Lock()
_skip_until = {}  # Redis location -> monotonic time until which it is not tried
_last_warning = 0.0
_version_suspect = False


def _unreachable(exc):
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        RedisError = ()  # noqa: N806
    return isinstance(exc, (OSError, RedisError)) if RedisError else isinstance(exc, OSError)


def note_outage(exc, location=""):
    global _last_warning, _version_suspect
    _version_suspect = True
    now = time.monotonic()
    _skip_until[location] = now + RETRY_AFTER_SECONDS
    with _lock:
        if now - _last_warning < WARN_EVERY_SECONDS:
            return
        _last_warning = now
    logger.warning("cache unreachable, serving uncached: %s", exc)


def reset():
    """Forget an outage (tests)."""
    global _version_suspect, _last_warning
    _skip_until.clear()
    _version_suspect, _last_warning = False, 0.0


def version_suspect():
    return _version_suspect


def version_renewed():
    global _version_suspect
    _version_suspect = False


def _miss(default_of):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            location = str(self._servers)
            if time.monotonic() < _skip_until.get(location, 0.0):  # out of reach a moment ago: do not wait again yet
                return default_of(args, kwargs)
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:
                if not _unreachable(exc):
                    raise
                note_outage(exc, location)
                return default_of(args, kwargs)

        return call

    return wrap


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ResilientRedisCache(RedisCache):
    get = _miss(_default)(RedisCache.get)
    set = _miss(lambda a, k: None)(RedisCache.set)
    add = _miss(lambda a, k: True)(RedisCache.add)  # "added": a caller computing under a lock goes ahead
    touch = _miss(lambda a, k: False)(RedisCache.touch)
    delete = _miss(lambda a, k: False)(RedisCache.delete)
    get_many = _miss(lambda a, k: {})(RedisCache.get_many)
    set_many = _miss(lambda a, k: [])(RedisCache.set_many)
    delete_many = _miss(lambda a, k: None)(RedisCache.delete_many)
    has_key = _miss(lambda a, k: False)(RedisCache.has_key)
    clear = _miss(lambda a, k: False)(RedisCache.clear)

    @_miss(lambda a, k: None)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)
