"""Slow blog work, run as django-tasks after the transaction commits. Every task is idempotent."""

from django_tasks import task


@task()
def notify_known_issue_followers(known_issue_id: int) -> None:
    from blog import services

    services.notify_known_issue_followers(known_issue_id)


# The task's name before the rename (#12). Tasks queued before a deploy name this path (the
# database backend stores it, DBTaskResult.task_path) and the worker imports it to run them. It can
# go once no READY row names "blog.tasks.notify_notice_followers", a release after the rename.
@task()
def notify_notice_followers(notice_id: int) -> None:
    notify_known_issue_followers.call(notice_id)
