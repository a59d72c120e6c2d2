"""Slow service-recovery work, run as django-tasks after the transaction commits. Every task is idempotent."""

from django_tasks import task


@task()
def forward_compliment(feedback_id: int) -> None:
    from moderation.recovery import services

    services.compliment_forward(feedback_id)


@task()
def send_follow_ups() -> int:
    from moderation.recovery import services

    return services.send_follow_ups()


@task()
def check_response_targets() -> int:
    from moderation.recovery import services

    return services.check_response_targets()
