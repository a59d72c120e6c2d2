"""Tasks the ops tests schedule and break on purpose (importable, as a worker needs)."""

from django_tasks import task

calls: list[str] = []


@task()
def succeed() -> str:
    calls.append("succeed")
    return "done"


@task()
def explode() -> None:
    calls.append("explode")
    raise RuntimeError("the mail server said no")
