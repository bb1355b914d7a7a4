"""One number that every change to a case record renews.

A cache key that includes `data_version()` is never stale: the dashboard's figures and the lists'
total counts are cached under it.  Saves and deletes of case records renew it through post_save and
post_delete; writes that bypass save() (ledger imports, the demo and scale generators) send
`core.signals.records_changed`, which renews it too.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import cache as resilient
from core.models import CaseRecord
from core.signals import records_changed

VERSION_KEY = "data:version"


def _fresh_version():
    """A version no earlier one can have had: after the key was evicted, restarting at 1 would serve
    figures cached under an old version 1."""
    return time.time_ns()


def data_version():
    if resilient.version_suspect():  # writes during a cache outage could not renew the version
        fresh = _fresh_version()
        cache.set(VERSION_KEY, fresh, None)
        if cache.get(VERSION_KEY) == fresh:
            resilient.version_renewed()
        return fresh
    return cache.get_or_set(VERSION_KEY, _fresh_version, None)


def bump():
    try:
        if cache.incr(VERSION_KEY) is None:  # the cache is out of reach (core.cache): nothing to renew
            return
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), None)


@receiver(post_save)
@receiver(post_delete)
def _record_saved(sender, instance, **kwargs):
    if isinstance(instance, CaseRecord):  # not an AreaScoped job row (a summary run's progress)
        bump()
        # and again at commit: a request that read the old rows between the two, before the commit,
        # cached them under the first new version
        transaction.on_commit(bump)


@receiver(records_changed)
def _records_changed(sender, **kwargs):
    bump()
