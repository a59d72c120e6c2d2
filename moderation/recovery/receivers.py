"""Service recovery's reactions to forum events (connected in moderation's AppConfig.ready)."""

from django.dispatch import receiver

from forum import signals
from forum.models import Thread
from forum.roles import is_moderator
from moderation.recovery import services


@receiver(signals.question_asked, dispatch_uid="recovery.open_case_or_collect_compliment")
def open_case_or_collect_compliment(sender, thread, by, **kwargs):
    if thread.kind == Thread.Kind.PROBLEM:
        services.case_open(thread=thread)
    elif thread.kind == Thread.Kind.COMPLIMENT:
        services.compliment_from_thread(thread=thread)


@receiver(signals.answer_posted, dispatch_uid="recovery.record_first_response")
def record_first_response(sender, answer, by, **kwargs):
    if not is_moderator(by):
        return
    from moderation.recovery.models import Case

    case = Case.objects.filter(thread_id=answer.thread_id).first()
    if case is not None and case.first_response_at is None:
        services.record_first_response(case=case, by=by, at=answer.created_at)


@receiver(signals.answer_accepted, dispatch_uid="recovery.resolve_case_when_solved")
def resolve_case_when_solved(sender, answer, by, **kwargs):
    if answer.thread.kind == Thread.Kind.PROBLEM:
        services.case_resolve_when_solved(thread_id=answer.thread_id, by=by)


def waiting_counter(request) -> dict:
    """Header counter for staff: problem threads and cases still waiting for a first staff answer."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from moderation.recovery.models import Case

    user = request.user
    if not is_moderator(user):
        return {}
    count = (Case.objects.filter(first_response_at__isnull=True)
             .exclude(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED]).count())
    return {"name": "recovery-waiting", "count": count, "url": reverse("recovery:waiting"), "icon": "inbox",
            "label": gettext("Problems waiting for a first answer")}

