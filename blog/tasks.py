"""Slow blog work, run as django-tasks after the transaction commits. Every task is idempotent."""

from django_tasks import task


@task()
def notify_notice_followers(notice_id: int) -> None:
    from blog import services

    services.notify_notice_followers(notice_id)
