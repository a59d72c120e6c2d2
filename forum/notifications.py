"""Who hears about what. dispatch() is called by the `notify` task after a forum event commits.

In-app notifications are written here; email goes out per event (email()) or as a daily digest
(send_digests), as each member chooses. Every email carries a signed one-click unsubscribe link.
Everything is idempotent: a retried task creates no second notification and sends no second email.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.web.text import one_line
from forum.models import Answer, Follow, Kudo, Notification, Profile, Thread

logger = logging.getLogger(__name__)
User = get_user_model()
UNSUBSCRIBE_SALT = "forum.unsubscribe"


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.get_username()


def _language_of(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.language if profile is not None else settings.LANGUAGE_CODE


def _notify(recipients, *, verb: str, actor, thread=None, answer=None, url: str, text_for) -> int:
    """One notification per recipient (never the actor), skipping any already made for this event."""
    from forum.services import notify_member

    recipients = {user.pk: user for user in recipients if user is not None and user.pk != getattr(actor, "pk", None)}
    if not recipients:
        return 0
    already = set(
        Notification.objects.filter(
            recipient_id__in=recipients, verb=verb, thread=thread, answer=answer, actor=actor
        ).values_list("recipient_id", flat=True)
    )
    made = 0
    for user_id, user in recipients.items():
        if user_id in already or not user.is_active:
            continue
        with translation.override(_language_of(user)):
            text = text_for()
        notify_member(recipient=user, verb=verb, text=text, url=url, actor=actor, thread=thread, answer=answer)
        made += 1
    return made


def _users(ids) -> list:
    return list(User.objects.filter(pk__in=set(ids)).select_related("profile"))


def dispatch(event: str, **ids) -> None:
    """Create in-app notifications (and emails) for a forum event."""
    handler = _HANDLERS.get(event)
    if handler is not None:
        with transaction.atomic():
            handler(**ids)


def _thread_created(*, thread_id: int) -> None:
    thread = Thread.objects.public().select_related("author__profile", "category").filter(pk=thread_id).first()
    if thread is None:
        return
    tag_ids = list(thread.tags.values_list("pk", flat=True))
    follower_ids = Follow.objects.filter(Q(category=thread.category) | Q(tag_id__in=tag_ids)).values_list(
        "user_id", flat=True
    )
    _notify(
        _users(follower_ids), verb="thread_created", actor=thread.author, thread=thread,
        url=thread.get_absolute_url(),
        text_for=lambda: _("%(name)s posted in %(category)s: %(title)s") % {
            "name": _name(thread.author), "category": thread.category.name, "title": thread.title},
    )


def _answer_posted(*, answer_id: int) -> None:
    answer = Answer.objects.public().select_related("author__profile", "thread__author__profile").filter(
        pk=answer_id).first()
    if answer is None:
        return
    thread = answer.thread
    # The asker hears first (and only once), then everyone else following the thread.
    _notify(
        [thread.author], verb="answer_posted", actor=answer.author, thread=thread, answer=answer,
        url=answer.get_absolute_url(),
        text_for=lambda: _("%(name)s answered your question “%(title)s”") % {
            "name": _name(answer.author), "title": thread.title},
    )
    followers = Follow.objects.filter(thread=thread).exclude(user_id=thread.author_id).values_list("user_id", flat=True)
    _notify(
        _users(followers), verb="answer_posted", actor=answer.author, thread=thread, answer=answer,
        url=answer.get_absolute_url(),
        text_for=lambda: _("%(name)s answered “%(title)s”") % {"name": _name(answer.author), "title": thread.title},
    )


def _answer_accepted(*, answer_id: int) -> None:
    answer = Answer.objects.select_related("author__profile", "thread", "accepted_by__profile").filter(
        pk=answer_id, is_accepted=True).first()
    if answer is None:
        return
    thread = answer.thread
    _notify(
        [answer.author], verb="answer_accepted", actor=answer.accepted_by, thread=thread, answer=answer,
        url=answer.get_absolute_url(),
        text_for=lambda: _("Your answer to “%(title)s” was accepted as the solution") % {"title": thread.title},
    )


def _kudo_given(*, kudo_id: int) -> None:
    kudo = Kudo.objects.select_related("user__profile", "thread__author", "answer__author", "answer__thread").filter(
        pk=kudo_id).first()
    if kudo is None:
        return
    post = kudo.post
    thread = post if isinstance(post, Thread) else post.thread
    _notify(
        [post.author], verb="kudo_given", actor=kudo.user, thread=thread,
        answer=post if isinstance(post, Answer) else None, url=post.get_absolute_url(),
        text_for=lambda: _("%(name)s gave kudos to your post in “%(title)s”") % {
            "name": _name(kudo.user), "title": thread.title},
    )


_HANDLERS = {
    "thread_created": _thread_created,
    "answer_posted": _answer_posted,
    "answer_accepted": _answer_accepted,
    "kudo_given": _kudo_given,
}


# Accept reminders

def send_accept_reminders(*, now=None) -> int:
    """Remind each asker once whose question has answers but none accepted after N days."""
    from forum.services import notify_member

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.FORUM["ACCEPT_REMINDER_DAYS"])
    due = (
        Thread.objects.public()
        .filter(kind=Thread.Kind.QUESTION, status=Thread.Status.ANSWERED, created_at__lte=cutoff,
                accept_reminder_sent_at__isnull=True)
        .select_related("author__profile")
    )
    sent = 0
    for thread in due:
        with transaction.atomic():
            claimed = Thread.objects.filter(pk=thread.pk, accept_reminder_sent_at__isnull=True).update(
                accept_reminder_sent_at=now)
            if not claimed:
                continue
            with translation.override(_language_of(thread.author)):
                text = _("Did an answer to “%(title)s” solve it? Accept it so others find the solution.") % {
                    "title": thread.title}
            notify_member(recipient=thread.author, verb="accept_reminder", text=text,
                          url=thread.get_absolute_url(), thread=thread)
            sent += 1
    return sent


# Email

def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe_token(token: str):
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u")).first()


def unsubscribe_url(user) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(user)})


def _absolute(url: str) -> str:
    return url if url.startswith("http") else settings.SITE_URL.rstrip("/") + url


def _send(user, *, subject: str, template: str, context: dict, event: str = "digest") -> None:
    link = unsubscribe_url(user)
    language = _language_of(user)
    context = {**context, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL,
               "unsubscribe_url": link, "member": user, "LANGUAGE_CODE": language}
    with translation.override(language):
        text = render_to_string(f"forum/email/{template}.txt", context)
        html = render_to_string(f"forum/email/{template}.html", context)
    message = EmailMultiAlternatives(
        # one_line: a header from stored text (a display name from before names were checked) must
        # never fail the email with BadHeaderError.
        subject=one_line(f"[{settings.SITE_NAME}] {subject}"), body=text, to=[user.email],
        # X-Flawsome-Event lets mail rules (and tests) tell a badge email from an answer email.
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "X-Flawsome-Event": event},
    )
    message.attach_alternative(html, "text/html")
    message.send()


def email(notification_id: int) -> None:
    """Email one notification if the member wants an email per event (once)."""
    notification = Notification.objects.select_related("recipient__profile").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or notification.read_at:
        return
    user = notification.recipient
    profile = getattr(user, "profile", None)
    if not user.email or not user.is_active or profile is None or profile.email_mode != Profile.EmailMode.EACH:
        return
    # The claim commits with the send: a send that fails releases it, so the worker's retry sends
    # the email (and a second run at the same time waits for the row, then finds it claimed).
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now())
        if not claimed:
            return
        notification.url = _absolute(notification.url) if notification.url else ""
        _send(user, subject=notification.text, template="notification", context={"notification": notification},
              event=notification.verb)


def send_digests(*, now=None, progress=None) -> int:
    """One email per digest member with what they have not read or been emailed yet (daily)."""
    now = now or timezone.now()
    profiles = Profile.objects.filter(email_mode=Profile.EmailMode.DIGEST, user__is_active=True).select_related("user")
    profiles = profiles.filter(Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lte=now - timedelta(hours=23)))
    sent = 0
    failed = 0
    for profile in (progress(profiles) if progress else profiles):
        # Marks and send commit together: a send that fails leaves the digest due for the next run,
        # and one member's failing email never stops the others'.
        try:
            with transaction.atomic():
                sent += _send_digest(profile, now=now)
        except Exception:
            failed += 1
            logger.exception("The digest for member %s could not be sent; it stays due", profile.user_id)
    if failed:
        logger.error("%d of the digests could not be sent this time", failed)
    return sent


def _send_digest(profile, *, now) -> int:
    user = profile.user
    pending = list(
        Notification.objects.filter(recipient=user, emailed_at__isnull=True, read_at__isnull=True).order_by(
            "created_at")[:50]
    )
    Profile.objects.filter(pk=profile.pk).update(digest_sent_at=now)
    if not pending or not user.email:
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
    for item in pending:
        item.url = _absolute(item.url) if item.url else ""
    with translation.override(profile.language):
        subject = _("Your daily summary: %(count)s new notifications") % {"count": len(pending)}
    _send(user, subject=subject, template="digest", context={"notifications": pending})
    return 1


def unsubscribe(user) -> None:
    Profile.objects.filter(user=user).update(email_mode=Profile.EmailMode.OFF)


UNREAD = "unread_notifications"  # the member annotation (config.registry) the header reads


def unread_annotation():
    """The member's unread notifications, read with the member (config/web/auth.py): no query of its own."""
    rows = (Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True).order_by()
            .values("recipient").annotate(n=Count("pk")).values("n")[:1])
    return Coalesce(Subquery(rows), Value(0))


def mark_read(*, user, notification_id: int | None = None) -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    if hasattr(user, UNREAD):  # counted when the request began: stale now (delattr reaches through request.user)
        delattr(user, UNREAD)
    return rows.update(read_at=timezone.now())


def header_counter(request) -> dict:
    """Unread notifications in the header: read with the member when signed in through
    config.web.auth.MemberBackend, else one query."""
    if not request.user.is_authenticated:
        return {}
    count = getattr(request.user, UNREAD, None)
    if count is None:
        count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return {"name": "notifications", "count": count, "url": reverse("forum:notifications"), "icon": "bell",
            "label": _("Unread notifications")}
