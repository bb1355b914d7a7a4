"""Thin Celery tasks of 年度确认 (beat: daily)."""

from celery import shared_task

from benefits.services_batches import close_due_campaigns


@shared_task
def close_due_campaigns_task():
    """Every day: campaigns past their deadline suspend the beneficiaries still unconfirmed."""
    return close_due_campaigns()


__all__ = ["close_due_campaigns_task"]
