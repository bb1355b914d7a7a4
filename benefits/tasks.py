"""Celery tasks of the 优抚 app, one module a topic."""

from benefits.tasks_batches import *  # noqa: F401,F403
