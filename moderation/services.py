"""Moderation writes. Every staff action goes through a service here and is written to the audit log.

Callers check permissions first (moderation.permissions); services enforce the data rules, change
forum data only through forum.services, write the audit entry in the same transaction, send
moderation's domain signals and tell the members concerned (forum.services.notify_member).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from forum import markdown
from forum import services as forum
from forum.models import Answer, Category, Thread
from forum.permissions import is_moderator
from moderation import conf, signals
from moderation.models import AuditEntry, Flag, Suspension

User = get_user_model()

NOT_ACCEPTED = _("Only an accepted answer can be verified.")
ALREADY_VERIFIED = _("This answer is already verified.")
NOT_VERIFIED = _("This answer is not verified.")
REASON_REQUIRED = _("Please give a reason.")
ASKER_HAS_ACCEPTED = _("The asker has already accepted an answer.")
TOO_EARLY_FOR_ASKER = _("The asker still has time to accept an answer themselves (%(days)s days).")
POST_NOT_AVAILABLE = _("This post is deleted.")
FLAG_TWICE = _("You have already reported this post.")
FLAG_TEXT_REQUIRED = _("Please tell us what is wrong.")
NOTHING_TO_REVIEW = _("This post has no open reports and is not waiting for review.")
NOT_PENDING = _("This post is not waiting for review.")
DUPLICATE_NEEDS_ORIGINAL = _("Choose the original thread this one duplicates.")
ORIGINAL_NOT_AVAILABLE = _("The original thread does not exist or is not public.")
ALREADY_LOCKED = _("This thread is already locked.")
NOT_LOCKED = _("This thread is not locked.")
ALREADY_CLOSED = _("This thread is already closed.")
NOT_CLOSED = _("This thread is neither closed nor locked.")
SAME_CATEGORY = _("The thread is already in that category.")
UNTIL_IN_PAST = _("The end of a suspension must lie in the future.")
NOT_SUSPENDED = _("This member is not suspended.")
CANNOT_SUSPEND_MODERATOR = _("Moderators cannot be suspended here; change their role in the admin.")


class Action:
    """The action codes written to the audit log (and offered as a filter)."""

    VERIFY = "answer.verify"
    VERIFY_FOR_ASKER = "answer.verify_for_asker"
    UNVERIFY = "answer.unverify"
    DISMISS = "flags.dismiss"
    AUTO_HIDE = "post.auto_hide"
    HIDE = "post.hide"
    UNHIDE = "post.unhide"
    DELETE = "post.delete"
    HOLD = "post.hold"
    APPROVE = "post.approve"
    REJECT = "post.reject"
    LOCK = "thread.lock"
    UNLOCK = "thread.unlock"
    CLOSE = "thread.close"
    REOPEN = "thread.reopen"
    MOVE = "thread.move"
    MERGE = "thread.merge"
    PIN = "thread.pin"
    UNPIN = "thread.unpin"
    WARN = "member.warn"
    SUSPEND = "member.suspend"
    LIFT = "member.lift_suspension"

    LABELS = {
        VERIFY: _("verified an answer"),
        VERIFY_FOR_ASKER: _("accepted and verified for the asker"),
        UNVERIFY: _("withdrew a verification"),
        DISMISS: _("dismissed reports"),
        AUTO_HIDE: _("hid a post after reports"),
        HIDE: _("hid a post"),
        UNHIDE: _("showed a hidden post again"),
        DELETE: _("deleted a post"),
        HOLD: _("held a post for review"),
        APPROVE: _("approved a post"),
        REJECT: _("rejected a post"),
        LOCK: _("locked a thread"),
        UNLOCK: _("unlocked a thread"),
        CLOSE: _("closed a thread"),
        REOPEN: _("reopened a thread"),
        MOVE: _("moved a thread"),
        MERGE: _("merged threads"),
        PIN: _("pinned a thread"),
        UNPIN: _("unpinned a thread"),
        WARN: _("warned a member"),
        SUSPEND: _("suspended a member"),
        LIFT: _("lifted a suspension"),
    }


def register_action_labels(labels: dict) -> None:
    """Another app's audit actions and what the log calls them (from its AppConfig.ready()): an
    action without a label showed as a blank pill in the audit log."""
    Action.LABELS.update(labels)


def audit(*, actor, action: str, member=None, thread=None, answer=None, reason: str = "",
          before: dict | None = None, after: dict | None = None) -> AuditEntry:
    """Record a staff action. Call inside the action's transaction so both commit together."""
    return AuditEntry.objects.create(
        actor=actor, action=action, member=member, thread=thread, answer=answer, reason=reason,
        before=_jsonable(before or {}), after=_jsonable(after or {}),
    )


def _jsonable(values: dict) -> dict:
    result = {}
    for key, value in values.items():
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        result[key] = value
    return result


def _language_of(user) -> str:
    return forum.profile_for(user).language or "en"


def _tell(recipient, verb: str, message, *, url: str = "", actor=None, thread=None, answer=None, **params):
    """Notify in the recipient's own language. `message` is a lazy string with %(name)s params."""
    with override(_language_of(recipient)):
        text = str(message) % {key: str(value) for key, value in params.items()} if params else str(message)
    return forum.notify_member(recipient=recipient, verb=verb, text=text, url=url, actor=actor, thread=thread,
                               answer=answer)


def _thread_of(post) -> Thread:
    return post.thread if isinstance(post, Answer) else post


def _post_fields(post) -> dict:
    return {"answer": post} if isinstance(post, Answer) else {"thread": post}


def _post_audit(post) -> dict:
    """Audit foreign keys for a post: the thread always, the answer when it is one."""
    if isinstance(post, Answer):
        return {"thread": post.thread, "answer": post, "member": post.author}
    return {"thread": post, "member": post.author}


def _post_state(post) -> dict:
    return {"hidden": post.is_hidden, "pending_review": post.is_pending_review, "deleted": post.is_deleted}


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    return reason


# Verification

VERIFIED_TEXT = _("A moderator verified your answer to “%(title)s” as correct.")
UNVERIFIED_TEXT = _("A moderator withdrew the verification of your answer to “%(title)s”: %(reason)s")


def answer_verify(*, answer: Answer, by) -> None:
    """Mark an accepted answer as checked by staff; badges reacts to answer_verified."""
    with transaction.atomic():
        answer.refresh_from_db()
        if answer.is_deleted:
            raise ValidationError(POST_NOT_AVAILABLE)
        if not answer.is_accepted:
            raise ValidationError(NOT_ACCEPTED)
        if answer.is_verified:
            raise ValidationError(ALREADY_VERIFIED)
        # Accepted before and after: the log says only what the verification changed.
        _verify(answer=answer, by=by, action=Action.VERIFY, before={"accepted": True, "verified": False})


def _verify(*, answer: Answer, by, action: str, before: dict) -> None:
    forum.answer_set_verified(answer=answer, by=by, verified=True)
    audit(actor=by, action=action, member=answer.author, thread=answer.thread, answer=answer,
          before=before, after={"accepted": True, "verified": True, "verified_by": by.pk})
    signals.answer_verified.send(sender=Answer, answer=answer, by=by)
    _tell(answer.author, "answer_verified", VERIFIED_TEXT, url=answer.get_absolute_url(), actor=by,
          thread=answer.thread, answer=answer, title=answer.thread.title)


def asker_deadline(thread: Thread):
    """When a moderator may accept for the asker: the thread's age in days (setting)."""
    return thread.created_at + timedelta(days=conf.get("VERIFY_ON_BEHALF_AFTER_DAYS"))


def answer_verify_for_asker(*, answer: Answer, by) -> None:
    """Accept (for the asker, who has not accepted anything in N days) and verify in one step."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=answer.thread_id)
        answer.refresh_from_db()
        if answer.is_deleted or answer.is_hidden or answer.is_pending_review:
            raise ValidationError(POST_NOT_AVAILABLE)
        if Answer.objects.filter(thread=thread, is_accepted=True).exists():
            raise ValidationError(ASKER_HAS_ACCEPTED)
        if timezone.now() < asker_deadline(thread):
            raise ValidationError(TOO_EARLY_FOR_ASKER % {"days": conf.get("VERIFY_ON_BEHALF_AFTER_DAYS")})
        forum.answer_accept(answer=answer, by=by, thread=thread)
        _verify(answer=answer, by=by, action=Action.VERIFY_FOR_ASKER,
                before={"accepted": False, "verified": False})


def answer_unverify(*, answer: Answer, by, reason: str) -> None:
    """Send a verified answer back; the answerer is told why."""
    reason = _require_reason(reason)
    with transaction.atomic():
        answer.refresh_from_db()
        if not answer.is_verified:
            raise ValidationError(NOT_VERIFIED)
        before = {"verified": True, "verified_by": answer.verified_by_id, "verified_at": answer.verified_at}
        forum.answer_set_verified(answer=answer, by=by, verified=False)
        audit(actor=by, action=Action.UNVERIFY, member=answer.author, thread=answer.thread, answer=answer,
              reason=reason, before=before, after={"verified": False})
        signals.answer_unverified.send(sender=Answer, answer=answer, by=by, reason=reason)
        _tell(answer.author, "answer_unverified", UNVERIFIED_TEXT, url=answer.get_absolute_url(), actor=by,
              thread=answer.thread, answer=answer, title=answer.thread.title, reason=reason)


# Flags


def flag_weight(user) -> int:
    """How much a member's report counts: the first privilege they hold in FLAG_WEIGHTS, else 1."""
    for permission, weight in conf.get("FLAG_WEIGHTS"):
        if user.has_perm(permission):
            return int(weight)
    return 1


def flag_create(*, flagger, post, reason: str, text: str = "") -> Flag:
    """Report a post. One report per member per post (a unique constraint). Enough weight hides it."""
    text = (text or "").strip()
    if reason == Flag.Reason.OTHER and not text:
        raise ValidationError(FLAG_TEXT_REQUIRED)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(flagger=flagger, reason=reason, text=text, weight=flag_weight(flagger),
                                       post_author_id=post.author_id, **_post_fields(post))
            _auto_hide_if_needed(post)
    except IntegrityError:
        raise ValidationError(FLAG_TWICE) from None
    return flag


AUTO_HIDDEN_TEXT = _("Your post in “%(title)s” was hidden after reports from other members. A moderator will review it.")


def _auto_hide_if_needed(post) -> None:
    if post.is_hidden:
        return
    total = Flag.objects.filter(status=Flag.Status.OPEN, **_post_fields(post)).aggregate(total=Sum("weight"))
    if (total["total"] or 0) < conf.get("AUTO_HIDE_WEIGHT"):
        return
    before = _post_state(post)
    forum.post_set_moderation_state(post=post, by=None, hidden=True)
    reason = str(_("Reports from members reached the limit."))
    audit(actor=None, action=Action.AUTO_HIDE, reason=reason, before=before, after=_post_state(post),
          **_post_audit(post))
    thread = _thread_of(post)
    _tell(post.author, "post_hidden", AUTO_HIDDEN_TEXT, url=thread.get_absolute_url(), thread=thread,
          title=thread.title)


OUTCOME_HELPFUL_TEXT = _("Thanks for your report on “%(title)s”: a moderator acted on it.")
OUTCOME_DISMISSED_TEXT = _("A moderator looked at your report on “%(title)s” and left the post as it is.")


def _resolve_flags(*, post, by, status: str, outcome: str) -> int:
    flags = list(Flag.objects.filter(status=Flag.Status.OPEN, **_post_fields(post)).select_related("flagger"))
    if not flags:
        return 0
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(
        status=status, outcome=outcome, resolved_at=timezone.now(), resolved_by=by
    )
    thread = _thread_of(post)
    message = OUTCOME_HELPFUL_TEXT if status == Flag.Status.HELPFUL else OUTCOME_DISMISSED_TEXT
    for flag in flags:
        _tell(flag.flagger, "flag_outcome", message, url=thread.get_absolute_url() if not thread.is_deleted else "",
              actor=by, thread=thread, title=thread.title)
    return len(flags)


def _has_open_flags(post) -> bool:
    return Flag.objects.filter(status=Flag.Status.OPEN, **_post_fields(post)).exists()


def review_dismiss(*, post, by, reason: str = "") -> None:
    """The reports were wrong: close them; a post hidden by them shows again."""
    with transaction.atomic():
        if not _has_open_flags(post):
            raise ValidationError(NOTHING_TO_REVIEW)
        before = _post_state(post)
        if post.is_hidden:
            forum.post_set_moderation_state(post=post, by=by, hidden=False)
        count = _resolve_flags(post=post, by=by, status=Flag.Status.DISMISSED, outcome="dismissed")
        audit(actor=by, action=Action.DISMISS, reason=reason, before={**before, "open_reports": count},
              after={**_post_state(post), "open_reports": 0}, **_post_audit(post))


HIDDEN_TEXT = _("A moderator hid your post in “%(title)s”: %(reason)s")
DELETED_TEXT = _("A moderator removed your post in “%(title)s”: %(reason)s")


def review_hide(*, post, by, reason: str = "") -> None:
    with transaction.atomic():
        before = _post_state(post)
        if not post.is_hidden:
            forum.post_set_moderation_state(post=post, by=by, hidden=True)
        count = _resolve_flags(post=post, by=by, status=Flag.Status.HELPFUL, outcome="hidden")
        audit(actor=by, action=Action.HIDE, reason=reason, before={**before, "open_reports": count},
              after={**_post_state(post), "open_reports": 0}, **_post_audit(post))
        thread = _thread_of(post)
        _tell(post.author, "post_hidden", HIDDEN_TEXT, actor=by, thread=thread, title=thread.title,
              reason=reason or "—")


def post_unhide(*, post, by, reason: str = "") -> None:
    with transaction.atomic():
        before = _post_state(post)
        forum.post_set_moderation_state(post=post, by=by, hidden=False)
        audit(actor=by, action=Action.UNHIDE, reason=reason, before=before, after=_post_state(post),
              **_post_audit(post))


def review_delete(*, post, by, reason: str = "") -> None:
    """Soft-delete a reported post (forum.services.post_delete); the reports were right."""
    with transaction.atomic():
        before = _post_state(post)
        if not post.is_deleted:
            forum.post_delete(post=post, by=by)
        count = _resolve_flags(post=post, by=by, status=Flag.Status.HELPFUL, outcome="deleted")
        audit(actor=by, action=Action.DELETE, reason=reason, before={**before, "open_reports": count},
              after={**_post_state(post), "open_reports": 0}, **_post_audit(post))
        thread = _thread_of(post)
        _tell(post.author, "post_deleted", DELETED_TEXT, actor=by, thread=thread, title=thread.title,
              reason=reason or "—")


def review_warn(*, post, by, reason: str) -> None:
    """Warn the author of a reported post; the reports were right."""
    with transaction.atomic():
        member_warn(member=post.author, by=by, reason=reason, post=post)
        _resolve_flags(post=post, by=by, status=Flag.Status.HELPFUL, outcome="warned")


def review_suspend(*, post, by, reason: str, until) -> Suspension:
    with transaction.atomic():
        suspension = member_suspend(member=post.author, by=by, reason=reason, until=until, post=post)
        _resolve_flags(post=post, by=by, status=Flag.Status.HELPFUL, outcome="suspended")
    return suspension


# Pre-moderation


def needs_review(*, author, body: str) -> bool:
    """Posts with links from members who may not post links yet wait for a moderator."""
    if author.has_perm("forum.post_links") or is_moderator(author):
        return False
    return markdown.count_links(body) > 0


def post_hold_for_review(*, post, reason: str = "") -> None:
    with transaction.atomic():
        before = _post_state(post)
        forum.post_set_moderation_state(post=post, by=None, pending_review=True)
        audit(actor=None, action=Action.HOLD, reason=reason or str(_("It contains links from a new member.")),
              before=before, after=_post_state(post), **_post_audit(post))


APPROVED_TEXT = _("Your post in “%(title)s” was approved and is now visible to everyone.")
REJECTED_TEXT = _("Your post in “%(title)s” was not approved: %(reason)s")


def review_approve(*, post, by, reason: str = "") -> None:
    with transaction.atomic():
        if not post.is_pending_review:
            raise ValidationError(NOT_PENDING)
        before = _post_state(post)
        forum.post_set_moderation_state(post=post, by=by, pending_review=False)
        audit(actor=by, action=Action.APPROVE, reason=reason, before=before, after=_post_state(post),
              **_post_audit(post))
        thread = _thread_of(post)
        _tell(post.author, "post_approved", APPROVED_TEXT, url=post.get_absolute_url(), actor=by, thread=thread,
              title=thread.title)


def review_reject(*, post, by, reason: str) -> None:
    """Refuse a held post: it is soft-deleted (restorable) and the author is told why."""
    reason = _require_reason(reason)
    with transaction.atomic():
        if not post.is_pending_review:
            raise ValidationError(NOT_PENDING)
        before = _post_state(post)
        forum.post_delete(post=post, by=by)
        forum.post_set_moderation_state(post=post, by=by, pending_review=False)
        _resolve_flags(post=post, by=by, status=Flag.Status.HELPFUL, outcome="rejected")
        audit(actor=by, action=Action.REJECT, reason=reason, before=before, after=_post_state(post),
              **_post_audit(post))
        thread = _thread_of(post)
        _tell(post.author, "post_rejected", REJECTED_TEXT, actor=by, thread=thread, title=thread.title,
              reason=reason)


# Thread actions


def _thread_state(thread: Thread) -> dict:
    return {
        "status": thread.status, "close_reason": thread.close_reason, "close_note": thread.close_note,
        "duplicate_of": thread.duplicate_of_id, "category": thread.category_id, "pinned": thread.is_pinned,
    }


def thread_lock(*, thread: Thread, by, reason: str = "") -> None:
    if thread.is_locked:
        raise ValidationError(ALREADY_LOCKED)
    with transaction.atomic():
        before = _thread_state(thread)
        forum.thread_lock(thread=thread, by=by)
        audit(actor=by, action=Action.LOCK, thread=thread, member=thread.author, reason=reason, before=before,
              after=_thread_state(thread))


def thread_unlock(*, thread: Thread, by, reason: str = "") -> None:
    if not thread.is_locked:
        raise ValidationError(NOT_LOCKED)
    with transaction.atomic():
        before = _thread_state(thread)
        forum.thread_reopen(thread=thread, by=by)
        audit(actor=by, action=Action.UNLOCK, thread=thread, member=thread.author, reason=reason, before=before,
              after=_thread_state(thread))


DUPLICATE_TEXT = _("“%(title)s”, which you follow, was closed as a duplicate. Continue in “%(original)s”.")
MERGED_TEXT = _("“%(title)s”, which you follow, was merged into “%(original)s”.")


def _point_followers(*, source: Thread, original: Thread, by, message) -> None:
    followers = User.objects.filter(follows__thread=source).exclude(pk=by.pk).select_related("profile")
    for follower in followers:
        _tell(follower, "thread_duplicate", message, url=original.get_absolute_url(), actor=by, thread=original,
              title=source.title, original=original.title)


def thread_close(*, thread: Thread, by, reason: str, note: str = "", duplicate_of: Thread | None = None) -> None:
    """Close with a reason; a duplicate links to its original and its followers are pointed there."""
    if thread.is_closed:
        raise ValidationError(ALREADY_CLOSED)
    if reason == Thread.CloseReason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError(DUPLICATE_NEEDS_ORIGINAL)
        if duplicate_of.is_deleted or duplicate_of.is_hidden or duplicate_of.is_pending_review:
            raise ValidationError(ORIGINAL_NOT_AVAILABLE)
    else:
        duplicate_of = None
    with transaction.atomic():
        before = _thread_state(thread)
        forum.thread_close(thread=thread, by=by, reason=reason, note=note.strip(), duplicate_of=duplicate_of)
        audit(actor=by, action=Action.CLOSE, thread=thread, member=thread.author, reason=note.strip(),
              before=before, after=_thread_state(thread))
        if duplicate_of is not None:
            _point_followers(source=thread, original=duplicate_of, by=by, message=DUPLICATE_TEXT)


def thread_reopen(*, thread: Thread, by, reason: str = "") -> None:
    if not (thread.is_closed or thread.is_locked):
        raise ValidationError(NOT_CLOSED)
    with transaction.atomic():
        before = _thread_state(thread)
        forum.thread_reopen(thread=thread, by=by)
        audit(actor=by, action=Action.REOPEN, thread=thread, member=thread.author, reason=reason, before=before,
              after=_thread_state(thread))


def thread_move(*, thread: Thread, by, category: Category, reason: str = "") -> None:
    if thread.category_id == category.pk:
        raise ValidationError(SAME_CATEGORY)
    with transaction.atomic():
        before = _thread_state(thread)
        forum.thread_move(thread=thread, by=by, category=category)
        thread.category = category
        audit(actor=by, action=Action.MOVE, thread=thread, member=thread.author, reason=reason, before=before,
              after=_thread_state(thread))


def thread_merge(*, source: Thread, target: Thread, by, reason: str = "") -> None:
    """Answers of `source` move to `target` (authors and kudos kept); source closes as its duplicate."""
    if target.is_deleted or target.is_hidden or target.is_pending_review:
        raise ValidationError(ORIGINAL_NOT_AVAILABLE)
    with transaction.atomic():
        before = {**_thread_state(source), "answers": source.answer_count, "target_answers": target.answer_count}
        followers = list(User.objects.filter(follows__thread=source).exclude(pk=by.pk).values_list("pk", flat=True))
        forum.thread_merge(source=source, target=target, by=by)
        source.refresh_from_db()
        target.refresh_from_db()
        audit(actor=by, action=Action.MERGE, thread=source, member=source.author, reason=reason, before=before,
              after={**_thread_state(source), "merged_into": target.pk, "target_answers": target.answer_count})
        for follower in User.objects.filter(pk__in=followers).select_related("profile"):
            _tell(follower, "thread_duplicate", MERGED_TEXT, url=target.get_absolute_url(), actor=by, thread=target,
                  title=source.title, original=target.title)


def thread_pin(*, thread: Thread, by, pinned: bool, reason: str = "") -> None:
    with transaction.atomic():
        before = _thread_state(thread)
        forum.thread_pin(thread=thread, by=by, pinned=pinned)
        audit(actor=by, action=Action.PIN if pinned else Action.UNPIN, thread=thread, member=thread.author,
              reason=reason, before=before, after=_thread_state(thread))


# Member actions

WARNING_TEXT = _("A warning from the moderators: %(reason)s")
SUSPENDED_TEXT = _("You cannot post until %(until)s. Reason: %(reason)s")
LIFTED_TEXT = _("Your suspension was lifted: you can post again.")


def member_warn(*, member, by, reason: str, post=None) -> None:
    """A private message from the moderators; kept in the audit log as the member's warning history."""
    reason = _require_reason(reason)
    with transaction.atomic():
        thread = _thread_of(post) if post is not None else None
        answer = post if isinstance(post, Answer) else None
        audit(actor=by, action=Action.WARN, member=member, thread=thread, answer=answer, reason=reason)
        _tell(member, "warning", WARNING_TEXT, url=reverse("moderation:my_standing"), actor=by, thread=thread,
              answer=answer, reason=reason)


def member_suspend(*, member, by, reason: str, until, post=None) -> Suspension:
    reason = _require_reason(reason)
    if until <= timezone.now():
        raise ValidationError(UNTIL_IN_PAST)
    if is_moderator(member):
        raise ValidationError(CANNOT_SUSPEND_MODERATOR)
    # Not at the top: moderation.selectors imports Action from this module.
    from moderation.selectors import current_suspension

    with transaction.atomic():
        _forget_suspension(member)  # look again inside the transaction
        current = current_suspension(member)
        suspension = Suspension.objects.create(member=member, by=by, reason=reason, until=until)
        thread = _thread_of(post) if post is not None else None
        audit(actor=by, action=Action.SUSPEND, member=member, thread=thread,
              answer=post if isinstance(post, Answer) else None, reason=reason,
              before={"suspended_until": current.until if current else None}, after={"suspended_until": until})
        with override(_language_of(member)):
            until_text = date_format(timezone.localtime(until), "DATETIME_FORMAT")
        _tell(member, "suspended", SUSPENDED_TEXT, url=reverse("moderation:my_standing"), actor=by,
              until=until_text, reason=reason)
    _forget_suspension(member)
    return suspension


def member_lift_suspension(*, member, by, reason: str = "") -> int:
    with transaction.atomic():
        current = list(Suspension.objects.select_for_update().filter(
            member=member, lifted_at__isnull=True, until__gt=timezone.now()))
        if not current:
            raise ValidationError(NOT_SUSPENDED)
        Suspension.objects.filter(pk__in=[s.pk for s in current]).update(
            lifted_at=timezone.now(), lifted_by=by, lift_reason=reason.strip())
        audit(actor=by, action=Action.LIFT, member=member, reason=reason.strip(),
              before={"suspended_until": max(s.until for s in current)}, after={"suspended_until": None})
        _tell(member, "suspension_lifted", LIFTED_TEXT, url=reverse("moderation:my_standing"), actor=by)
    _forget_suspension(member)
    return len(current)


def _forget_suspension(member) -> None:
    member.__dict__.pop("_moderation_suspension", None)
