"""Slow badges work, run as django-tasks after the event's transaction commits. Idempotent."""

from django_tasks import task


@task()
def evaluate_members(event: str, member_ids: list[int]) -> dict:
    """Re-check the badges `event` can affect for these members (award, and revoke where set)."""
    from badges import services

    return services.evaluate_badges(event=event, member_ids=member_ids)
