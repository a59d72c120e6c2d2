"""Integrations' slow work, run after commit. Every task is idempotent: a delivered message is not
sent again, and receivers de-duplicate retries on `webhook-id`."""

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from config.integrations import webhooks

    return webhooks.deliver(delivery_id)
