"""Domain events → webhooks. Each receiver runs inside the service's transaction and only writes
delivery rows (integrations.webhooks.emit); the sending happens after commit, in a task.

| webhook event | from |
|---|---|
| question.asked / problem_report.filed | forum.signals.question_asked (by the thread's kind) |
| answer.accepted | forum.signals.answer_accepted |
| answer.verified | moderation.signals.answer_verified |
| response_target.breached, case.resolved, follow_up.answered | moderation.recovery.signals |
| feedback.received / compliment.received | moderation.recovery.signals.feedback_received (by kind) |
| known_issue.updated | wagtail.signals.page_published for blog.KnownIssuePage |
"""

from django.conf import settings

from config.integrations import webhooks


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _member(user) -> dict | None:
    if user is None:
        return None
    return {"username": user.get_username(), "email": user.email}


def _thread(thread) -> dict:
    return {"id": thread.pk, "kind": thread.kind, "title": thread.title, "status": thread.status,
            "category": thread.category.slug, "url": _url(thread.get_absolute_url()), "author": _member(thread.author),
            "created_at": thread.created_at, "is_public": not (thread.is_hidden or thread.is_pending_review)}


def _answer(answer) -> dict:
    return {"id": answer.pk, "url": _url(answer.get_absolute_url()), "author": _member(answer.author),
            "body": answer.body, "created_at": answer.created_at, "thread": _thread(answer.thread)}


def _case(case) -> dict:
    return {"id": case.pk, "status": case.status, "owner": _member(case.owner), "due_at": case.due_at,
            "breached_at": case.breached_at, "resolved_at": case.resolved_at, "thread": _thread(case.thread)}


def question_asked(sender, thread, by, **kwargs):
    from forum.models import Thread

    event = {Thread.Kind.QUESTION: "question.asked", Thread.Kind.PROBLEM: "problem_report.filed"}.get(thread.kind)
    if event:  # a compliment thread arrives as compliment.received, through the feedback inbox
        webhooks.emit(event, {"thread": {**_thread(thread), "body": thread.body}})


def answer_accepted(sender, answer, by, **kwargs):
    webhooks.emit("answer.accepted", {"answer": _answer(answer), "accepted_by": _member(by)})


def answer_verified(sender, answer, by, **kwargs):
    webhooks.emit("answer.verified", {"answer": _answer(answer), "verified_by": _member(by)})


def response_target_breached(sender, case, **kwargs):
    webhooks.emit("response_target.breached", {"case": _case(case)})


def case_resolved(sender, case, by, **kwargs):
    webhooks.emit("case.resolved", {"case": _case(case), "resolved_by": _member(by)})


def follow_up_answered(sender, follow_up, case, **kwargs):
    webhooks.emit("follow_up.answered", {"all_good": follow_up.all_good, "comment": follow_up.comment,
                                         "answered_at": follow_up.answered_at, "case": _case(case)})


def feedback_received(sender, feedback, **kwargs):
    event = "compliment.received" if feedback.kind == "compliment" else "feedback.received"
    webhooks.emit(event, {"feedback": {
        "id": feedback.pk, "kind": feedback.kind, "message": feedback.message, "page": feedback.page,
        "from": _member(feedback.author), "email": feedback.email or (feedback.author.email if feedback.author else ""),
        "thread": _thread(feedback.thread) if feedback.thread_id else None,
        "team": feedback.team.name if feedback.team_id else None, "created_at": feedback.created_at}})


def known_issue_published(sender, instance, **kwargs):
    known_issue = instance.specific
    latest = max(known_issue.updates.all(), key=lambda u: (u.posted_at, u.pk), default=None)
    webhooks.emit("known_issue.updated", {"known_issue": {
        "id": known_issue.pk, "title": known_issue.title, "summary": known_issue.summary,
        "status": known_issue.status, "started_at": known_issue.started_at,
        "resolved_at": known_issue.resolved_at, "url": _url(known_issue.url or "/"),
        "latest_update": {"posted_at": latest.posted_at, "status": latest.status, "text": latest.text}
        if latest else None}})


def connect() -> None:
    from wagtail.signals import page_published

    from blog.models import KnownIssuePage
    from forum import signals as forum_signals
    from moderation import signals as moderation_signals
    from moderation.recovery import signals as recovery_signals

    for signal, receiver in [
        (forum_signals.question_asked, question_asked),
        (forum_signals.answer_accepted, answer_accepted),
        (moderation_signals.answer_verified, answer_verified),
        (recovery_signals.response_target_breached, response_target_breached),
        (recovery_signals.case_resolved, case_resolved),
        (recovery_signals.follow_up_answered, follow_up_answered),
        (recovery_signals.feedback_received, feedback_received),
    ]:
        signal.connect(receiver, dispatch_uid=f"config.integrations.webhooks.{receiver.__name__}")
    page_published.connect(known_issue_published, sender=KnownIssuePage,
                           dispatch_uid="config.integrations.webhooks.known_issue_published")
