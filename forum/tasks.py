"""Slow forum work, run as django-tasks after the transaction commits. Every task is idempotent."""

from django_tasks import task


def enqueue(task_obj, *args, **kwargs):
    """Enqueue; with the in-process backend this runs now, so a failure must not break the page."""
    return task_obj.enqueue(*args, **kwargs)


@task()
def index_thread(thread_id: int) -> None:
    from forum import search

    search.index_thread(thread_id)


@task()
def recount_tags(tag_ids: list[int]) -> None:
    """Threads per tag (forum/counters.py), after the change that moved them committed."""
    from forum import counters

    counters.recount_tags(tag_ids)


@task()
def recount_categories(category_ids: list[int]) -> None:
    """Threads per category (forum/counters.py), after the change that moved them committed. The
    count shows in every list's sidebar, so the pages are fresh again once it is written: the
    version moved at the commit, which may have been before this ran (a worker's queue)."""
    from config.web import pagecache
    from forum import counters

    counters.recount_categories(category_ids)
    pagecache.content_changed()


@task()
def notify(event: str, **ids) -> None:
    from forum import notifications

    notifications.dispatch(event, **ids)


@task()
def email_notification(notification_id: int) -> None:
    from forum import notifications

    notifications.email(notification_id)


@task()
def index_document(type_name: str, pk: str) -> None:
    from forum import search

    search.index_document(type_name, pk)


@task()
def embed_document(type_name: str, pk: str) -> None:
    """The document's embedding for semantic search; a text that did not change is not embedded again."""
    from forum import search

    search.embed_document(type_name, pk)


@task()
def send_accept_reminders() -> None:
    from forum import notifications

    notifications.send_accept_reminders()


@task()
def send_digests() -> None:
    from forum import notifications

    notifications.send_digests()


@task()
def flush_view_counts() -> None:
    from forum import viewcounts

    viewcounts.flush()
