"""gunicorn's settings: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Each worker process serves several requests at once in threads (gthread): a request that mostly
waits for the database -- a province's dashboard before it is cached, a large export -- then
holds one thread, not a whole worker, and the pages queued behind it go on being served.

The dashboard's figures and the lists' totals are cached until a record changes; that works across
worker processes only with a shared cache (CACHE_URL redis:// or memcached).  With the default
in-process cache one worker is started, unless GUNICORN_WORKERS says otherwise.
"""

import os
from pathlib import Path

import environ

environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")  # the .env Django reads; the environment wins

SHARED_CACHE = os.environ.get("CACHE_URL", "").startswith(("redis", "rediss", "pymemcache", "memcache"))

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2" if SHARED_CACHE else "1"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# Idle keep-alive connections wait in the worker's poller, not in a thread.  Kept longer than a user
# pauses between pages: a server closing a connection just as the client reuses it resets that request.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
