"""Forum writes. Views, admin actions, commands and tasks all call these.

Callers check permissions first (forum.permissions); services enforce data rules, apply the
change atomically, send the domain signal inside the transaction and schedule slow work
(notifications, search indexing) on commit.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from forum import counters, markdown, signals, tasks, visibility
from forum.models import Answer, Category, Follow, Kudo, MeToo, Profile, Revision, TagUsage, Thread

User = get_user_model()

KUDO_TWICE = _("You have already given kudos to this post.")
KUDO_NOT_GIVEN = _("You have not given kudos to this post.")
ME_TOO_TWICE = _("You already said you have this too.")
ANSWER_OF_OTHER_THREAD = _("That answer belongs to another thread.")
ALREADY_ACCEPTED = _("This answer is already accepted.")
NOT_ACCEPTED = _("This answer is not accepted.")
ALREADY_DELETED = _("This post is already deleted.")
NOT_DELETED = _("This post is not deleted.")
VERIFY_NEEDS_ACCEPTED = _("Only an accepted answer can be verified.")
MERGE_INTO_ITSELF = _("A thread cannot be merged into itself.")


def _on_commit_index(thread_id: int) -> None:
    transaction.on_commit(lambda: tasks.enqueue(tasks.index_thread, thread_id))


def _on_commit_notify(event: str, **ids) -> None:
    transaction.on_commit(lambda: tasks.enqueue(tasks.notify, event, **ids))


def _thread_of(post) -> Thread:
    return post.thread if isinstance(post, Answer) else post


def _keep_revision(*, post, by, note: str = "") -> Revision:
    owner = {"answer": post} if isinstance(post, Answer) else {"thread": post}
    last = Revision.objects.filter(**owner).order_by("-number").values_list("number", flat=True).first()
    return Revision.objects.create(
        **owner,
        number=(last or 0) + 1,
        title=getattr(post, "title", ""),
        body=post.body,
        editor=by,
        note=note,
    )


def _recount_answers(thread_id: int) -> None:
    """answer_count counts what readers see (forum/counters.py: one definition, also for the rebuild)."""
    counters.recount(Thread, thread_id, "answer_count")


def _recount_threads(*category_ids: int) -> None:
    """Threads per category (forum/counters.py), recounted by a task after commit: counting a
    category's public threads took 0.3 s at a million threads (PostgreSQL), in the request of every
    new, hidden, deleted or moved thread. The lists read the stored number."""
    ids = sorted(set(category_ids))
    transaction.on_commit(lambda: tasks.enqueue(tasks.recount_categories, ids))


def _tag_ids(thread: Thread):
    """The thread's tag ids, as a query. From TaggedItem itself, not through thread.tags: that join
    casts object_id and PostgreSQL scans every tagging (124 ms at a million threads)."""
    return TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Thread),
                                     object_id=thread.pk).values_list("tag_id", flat=True)


def _recount_tags(thread: Thread, *also: int) -> None:
    """Threads per tag (forum/counters.py) for the thread's tags and any it just lost (`also`),
    recounted by a task after commit: counting a tag on 100,000 threads takes 0.4 s (PostgreSQL, a
    million threads), too long to keep a page waiting; the sitemap, its one reader, is cached anyway."""
    tag_ids = sorted({*_tag_ids(thread), *also})
    if tag_ids:
        transaction.on_commit(lambda: tasks.enqueue(tasks.recount_tags, tag_ids))


def _mark_activity(thread: Thread, at) -> None:
    """The thread moved: its last activity, and, if it is public, its tags' (the lastmod of a tag's
    page in the sitemap). Two small UPDATEs, the second through the taggings' index."""
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=at)
    if visibility.thread_visible(None, thread):  # what anyone may see
        TagUsage.objects.filter(pk__in=_tag_ids(thread)).update(last_activity_at=at)


def _refresh_thread_status(thread: Thread) -> None:
    """Derive open/answered/solved from the answers; closed and locked are set by moderators."""
    if thread.status in (Thread.Status.CLOSED, Thread.Status.LOCKED):
        return
    answers = Answer.objects.public().filter(thread=thread)
    if answers.filter(is_accepted=True).exists():
        status = Thread.Status.SOLVED
    elif answers.exists():
        status = Thread.Status.ANSWERED
    else:
        status = Thread.Status.OPEN
    # Compare with the stored status, not this instance's: another instance of the same thread
    # (say, the previously accepted answer's `.thread`) may have changed it in this transaction,
    # and trusting the stale copy skipped the update every other time the acceptance moved.
    Thread.objects.filter(pk=thread.pk).exclude(
        status__in=(Thread.Status.CLOSED, Thread.Status.LOCKED, status)
    ).update(status=status)
    thread.status = status


# Members and profiles


def profile_for(user) -> Profile:
    """The member's profile, created on first need (covers users made by createsuperuser)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        return profile


def member_create(*, username: str, email: str, password: str | None = None, display_name: str = "",
                  language: str = "en", **user_fields) -> User:
    with transaction.atomic():
        user = User.objects.create_user(username=username, email=email, password=password, **user_fields)
        Profile.objects.create(user=user, display_name=display_name, language=language)
    return user


def profile_update(*, user, display_name: str, bio: str, language: str, email_mode: str) -> Profile:
    profile = profile_for(user)
    profile.display_name = display_name.strip()
    profile.bio = bio.strip()
    profile.language = language
    profile.email_mode = email_mode
    profile.full_clean()
    profile.save()
    return profile


def profile_set_avatar(*, user, upload) -> Profile:
    """Store a resized, metadata-free avatar (upload=None: back to the generated one). Raises
    ValidationError for a bad picture, uploads.StorageUnavailable when it cannot be stored."""
    from forum import uploads

    profile = profile_for(user)
    uploads.avatar_replace(profile, upload)  # new file first, then the row, then the old file goes
    return profile


# Threads and answers


def _unique_token_hit(model, *, author, submission_token: str):
    if not submission_token:
        return None
    return model.objects.filter(author=author, submission_token=submission_token).first()


def thread_create(*, author, kind: str, title: str, body: str, category: Category,
                  tags: Iterable[str] = (), submission_token: str = "", language: str | None = None) -> Thread:
    """Post a thread. A repeated submission_token returns the thread already made (double click)."""
    existing = _unique_token_hit(Thread, author=author, submission_token=submission_token)
    if existing:
        return existing
    try:
        with transaction.atomic():
            thread = Thread(
                author=author,
                kind=kind,
                title=title.strip(),
                slug=slugify(title)[:200] or "thread",
                body=body,
                body_html=markdown.render(body),
                category=category,
                language=language or profile_for(author).language,
                submission_token=submission_token,
            )
            thread.full_clean(exclude=["tags"])
            thread.save()
            if tags:
                thread.tags.set(list(tags))
                _recount_tags(thread)
            _keep_revision(post=thread, by=author)
            _recount_threads(category.pk)
            Follow.objects.get_or_create(user=author, thread=thread)
            signals.question_asked.send(sender=Thread, thread=thread, by=author)
            _on_commit_index(thread.pk)
            _on_commit_notify("thread_created", thread_id=thread.pk)
    except IntegrityError:
        existing = _unique_token_hit(Thread, author=author, submission_token=submission_token)
        if existing:
            return existing
        raise
    return thread


def answer_create(*, author, thread: Thread, body: str, submission_token: str = "") -> Answer:
    existing = _unique_token_hit(Answer, author=author, submission_token=submission_token)
    if existing:
        return existing
    try:
        with transaction.atomic():
            answer = Answer(
                author=author, thread=thread, body=body, body_html=markdown.render(body),
                submission_token=submission_token,
            )
            answer.full_clean()
            answer.save()
            _keep_revision(post=answer, by=author)
            _mark_activity(thread, timezone.now())
            _recount_answers(thread.pk)
            _refresh_thread_status(thread)
            Follow.objects.get_or_create(user=author, thread=thread)
            signals.answer_posted.send(sender=Answer, answer=answer, by=author)
            _on_commit_index(thread.pk)
            _on_commit_notify("answer_posted", answer_id=answer.pk)
    except IntegrityError:
        existing = _unique_token_hit(Answer, author=author, submission_token=submission_token)
        if existing:
            return existing
        raise
    return answer


def post_edit(*, post, by, body: str, title: str | None = None, tags: Iterable[str] | None = None,
              note: str = "") -> Revision | None:
    """Edit a thread or an answer, keeping the new version as a revision. No change, no revision."""
    changed = body != post.body or (title is not None and title.strip() != getattr(post, "title", None))
    with transaction.atomic():
        if tags is not None and isinstance(post, Thread):
            before = list(_tag_ids(post))
            post.tags.set(list(tags))
            _recount_tags(post, *before)
        if not changed:
            if tags is not None:
                _on_commit_index(post.pk)
            return None
        post.body = body
        post.body_html = markdown.render(body)
        if title is not None and isinstance(post, Thread):
            post.title = title.strip()
            post.slug = slugify(title)[:200] or "thread"
        post.edited_at = timezone.now()
        post.full_clean(exclude=["tags"])
        post.save()
        revision = _keep_revision(post=post, by=by, note=note)
        signals.post_edited.send(sender=type(post), post=post, revision=revision, by=by)
        _on_commit_index(_thread_of(post).pk)
    return revision


def post_delete(*, post, by) -> None:
    """Soft delete: the post disappears for members, stays for moderators and can be restored."""
    if post.is_deleted:
        raise ValidationError(ALREADY_DELETED)
    with transaction.atomic():
        now = timezone.now()
        type(post).objects.filter(pk=post.pk).update(deleted_at=now, deleted_by=by)
        post.deleted_at, post.deleted_by = now, by
        if isinstance(post, Answer):
            if post.is_accepted:
                answer_unaccept(answer=post, by=by)
            _recount_answers(post.thread_id)
            _refresh_thread_status(post.thread)
        else:
            _recount_threads(post.category_id)
            _recount_tags(post)
        signals.post_deleted.send(sender=type(post), post=post, by=by)
        _on_commit_index(_thread_of(post).pk)


def post_restore(*, post, by) -> None:
    if not post.is_deleted:
        raise ValidationError(NOT_DELETED)
    with transaction.atomic():
        type(post).objects.filter(pk=post.pk).update(deleted_at=None, deleted_by=None)
        post.deleted_at = post.deleted_by = None
        if isinstance(post, Answer):
            _recount_answers(post.thread_id)
            _refresh_thread_status(post.thread)
        else:
            _recount_threads(post.category_id)
            _recount_tags(post)
        signals.post_restored.send(sender=type(post), post=post, by=by)
        _on_commit_index(_thread_of(post).pk)


def thread_record_view(*, thread: Thread) -> None:
    """Count a view; no write per view (forum/viewcounts.py adds them up in batches)."""
    from forum import viewcounts

    viewcounts.record(thread.pk)


def thread_record_view_by_id(*, thread_id: int) -> None:
    """A view of a thread page served from the page cache (the thread was visible when cached)."""
    from forum import viewcounts

    viewcounts.record(thread_id)


# Kudos and me too


def kudo_give(*, user, post) -> Kudo:
    """Thank a post. One kudo per member per post, enforced by a unique constraint."""
    target = {"answer": post} if isinstance(post, Answer) else {"thread": post}
    try:
        with transaction.atomic():
            kudo = Kudo.objects.create(user=user, **target)
            counters.recount(type(post), post.pk, "kudos_count")
            signals.kudo_given.send(sender=Kudo, kudo=kudo, post=post, by=user)
            _on_commit_index(_thread_of(post).pk)
            _on_commit_notify("kudo_given", kudo_id=kudo.pk)
    except IntegrityError:
        raise ValidationError(KUDO_TWICE) from None
    return kudo


def kudo_withdraw(*, user, post) -> None:
    target = {"answer": post} if isinstance(post, Answer) else {"thread": post}
    with transaction.atomic():
        kudo = Kudo.objects.select_for_update().filter(user=user, **target).first()
        if kudo is None:
            raise ValidationError(KUDO_NOT_GIVEN)
        kudo_id = kudo.pk
        kudo.delete()
        kudo.pk = kudo_id  # receivers key their reversals on the kudo's id
        counters.recount(type(post), post.pk, "kudos_count")
        signals.kudo_withdrawn.send(sender=Kudo, kudo=kudo, post=post, by=user)
        _on_commit_index(_thread_of(post).pk)


def me_too_add(*, user, thread: Thread) -> MeToo:
    try:
        with transaction.atomic():
            me_too = MeToo.objects.create(user=user, thread=thread)
            counters.recount(Thread, thread.pk, "me_too_count")
            Follow.objects.get_or_create(user=user, thread=thread)
            signals.me_too_added.send(sender=MeToo, thread=thread, by=user)
    except IntegrityError:
        raise ValidationError(ME_TOO_TWICE) from None
    return me_too


def me_too_withdraw(*, user, thread: Thread) -> None:
    with transaction.atomic():
        deleted, _rows = MeToo.objects.filter(user=user, thread=thread).delete()
        if deleted:
            counters.recount(Thread, thread.pk, "me_too_count")
            signals.me_too_withdrawn.send(sender=MeToo, thread=thread, by=user)


# Acceptance and verification


def answer_accept(*, answer: Answer, by, thread: Thread | None = None) -> None:
    """Mark the answer that solved the thread; any earlier acceptance is undone first.

    Takes a row lock on the thread so two concurrent accepts serialise.
    """
    if thread is not None and answer.thread_id != thread.pk:
        raise ValidationError(ANSWER_OF_OTHER_THREAD)
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=answer.thread_id)
        answer.refresh_from_db()
        if answer.is_accepted:
            raise ValidationError(ALREADY_ACCEPTED)
        previous = Answer.objects.filter(thread=locked, is_accepted=True).first()
        if previous is not None:
            previous.thread = locked  # one instance of the thread, so its status stays true in memory
            answer_unaccept(answer=previous, by=by)
        now = timezone.now()
        Answer.objects.filter(pk=answer.pk).update(is_accepted=True, accepted_at=now, accepted_by=by)
        answer.is_accepted, answer.accepted_at, answer.accepted_by = True, now, by
        answer.thread = locked
        _mark_activity(locked, now)
        _refresh_thread_status(locked)
        signals.answer_accepted.send(sender=Answer, answer=answer, by=by)
        _on_commit_index(locked.pk)
        _on_commit_notify("answer_accepted", answer_id=answer.pk)


def answer_unaccept(*, answer: Answer, by) -> None:
    with transaction.atomic():
        updated = Answer.objects.filter(pk=answer.pk, is_accepted=True).update(
            is_accepted=False, accepted_at=None, accepted_by=None, verified_at=None, verified_by=None
        )
        if not updated:
            raise ValidationError(NOT_ACCEPTED)
        answer.is_accepted, answer.accepted_at, answer.accepted_by = False, None, None
        answer.verified_at = answer.verified_by = None
        _refresh_thread_status(answer.thread)
        signals.answer_unaccepted.send(sender=Answer, answer=answer, by=by)
        _on_commit_index(answer.thread_id)


def answer_set_verified(*, answer: Answer, by, verified: bool) -> None:
    """Record (or clear) a staff check of an accepted answer. Moderation calls this and audits it."""
    with transaction.atomic():
        if verified:
            if not answer.is_accepted:
                raise ValidationError(VERIFY_NEEDS_ACCEPTED)
            now = timezone.now()
            Answer.objects.filter(pk=answer.pk).update(verified_at=now, verified_by=by)
            answer.verified_at, answer.verified_by = now, by
        else:
            Answer.objects.filter(pk=answer.pk).update(verified_at=None, verified_by=None)
            answer.verified_at = answer.verified_by = None
        _on_commit_index(answer.thread_id)


# Notifications


def notify_member(*, recipient, verb: str, text: str, url: str = "", actor=None, thread: Thread | None = None,
                  answer: Answer | None = None):
    """Tell a member something: an in-app notification now, an email after commit as they prefer.

    Other apps (badges, moderation, blog) call this too; `verb` is their own short code.
    """
    from forum.models import Notification

    notification = Notification.objects.create(
        recipient=recipient, verb=verb, text=str(text)[:300], url=url, actor=actor, thread=thread,
        answer=answer,
    )
    transaction.on_commit(lambda: tasks.enqueue(tasks.email_notification, notification.pk))
    return notification


# Follows


def follow(*, user, thread: Thread | None = None, category: Category | None = None, tag=None) -> Follow:
    follow_row, _created = Follow.objects.get_or_create(user=user, thread=thread, category=category, tag=tag)
    return follow_row


def unfollow(*, user, thread: Thread | None = None, category: Category | None = None, tag=None) -> None:
    Follow.objects.filter(user=user, thread=thread, category=category, tag=tag).delete()


# Thread state, changed by moderators (moderation calls these and writes the audit log)


def _change_thread(*, thread: Thread, by, change: str, **fields) -> dict:
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        before = {name: getattr(locked, name) for name in fields}
        for name, value in fields.items():
            setattr(thread, name, value)
        Thread.objects.filter(pk=thread.pk).update(**fields)
        signals.thread_changed.send(sender=Thread, thread=thread, by=by, change=change, before=before)
        _on_commit_index(thread.pk)
    return before


def thread_lock(*, thread: Thread, by) -> dict:
    return _change_thread(thread=thread, by=by, change="locked", status=Thread.Status.LOCKED)


def thread_reopen(*, thread: Thread, by) -> dict:
    """Undo a lock or a close; the status is derived again from the answers."""
    before = _change_thread(
        thread=thread, by=by, change="reopened", status=Thread.Status.OPEN, close_reason="",
        close_note="", duplicate_of=None,
    )
    _refresh_thread_status(thread)
    return before


def thread_close(*, thread: Thread, by, reason: str, note: str = "", duplicate_of: Thread | None = None) -> dict:
    if duplicate_of is not None and duplicate_of.pk == thread.pk:
        raise ValidationError(MERGE_INTO_ITSELF)
    return _change_thread(
        thread=thread, by=by, change="closed", status=Thread.Status.CLOSED, close_reason=reason,
        close_note=note, duplicate_of=duplicate_of,
    )


def thread_move(*, thread: Thread, by, category: Category) -> dict:
    old = thread.category_id
    before = _change_thread(thread=thread, by=by, change="moved", category=category)
    _recount_threads(old, category.pk)
    return before


def thread_pin(*, thread: Thread, by, pinned: bool) -> dict:
    return _change_thread(thread=thread, by=by, change="pinned" if pinned else "unpinned", is_pinned=pinned)


def thread_merge(*, source: Thread, target: Thread, by) -> None:
    """Move every answer of `source` into `target` (authors and kudos kept), close source as duplicate."""
    if source.pk == target.pk:
        raise ValidationError(MERGE_INTO_ITSELF)
    with transaction.atomic():
        accepted = Answer.objects.filter(thread=source, is_accepted=True).first()
        if accepted is not None:
            answer_unaccept(answer=accepted, by=by)
        Answer.objects.filter(thread=source).update(thread=target)
        _mark_activity(target, timezone.now())
        _recount_answers(source.pk)
        _recount_answers(target.pk)
        for follower_id in Follow.objects.filter(thread=source).values_list("user_id", flat=True):
            Follow.objects.get_or_create(user_id=follower_id, thread=target)
        _refresh_thread_status(target)
        thread_close(thread=source, by=by, reason=Thread.CloseReason.DUPLICATE, duplicate_of=target)
        signals.thread_changed.send(sender=Thread, thread=target, by=by, change="merged",
                                    before={"merged_from": source.pk})
        _on_commit_index(target.pk)


def post_set_moderation_state(*, post, by, hidden: bool | None = None, pending_review: bool | None = None) -> None:
    """Hide/unhide a post or hold/release it for review. Moderation calls this."""
    fields = {}
    if hidden is not None:
        fields["is_hidden"] = hidden
    if pending_review is not None:
        fields["is_pending_review"] = pending_review
    with transaction.atomic():
        type(post).objects.filter(pk=post.pk).update(**fields)
        for name, value in fields.items():
            setattr(post, name, value)
        if isinstance(post, Answer):
            _recount_answers(post.thread_id)
            _refresh_thread_status(post.thread)
        else:
            _recount_threads(post.category_id)
            _recount_tags(post)
        signals.post_hidden_changed.send(sender=type(post), post=post, by=by)
        _on_commit_index(_thread_of(post).pk)
