"""What moderation adds to other apps' pages. Each provider costs a fixed number of queries."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.web import prepared
from forum.models import Answer, Category, Thread
from forum.permissions import can, check_may_act, is_moderator
from moderation import selectors, services
from moderation.models import Flag

# A suspension refuses every action that changes others' content or reputation, not only posting.
SUSPENDED_MESSAGE = gettext_lazy(
    "You are suspended until %(until)s: you cannot post, give kudos, say “me too”, accept answers or report "
    "posts. Reason: %(reason)s")


def _suspension_text(suspension) -> str:
    until = date_format(timezone.localtime(suspension.until), "DATETIME_FORMAT")
    return str(SUSPENDED_MESSAGE) % {"until": until, "reason": suspension.reason}


def suspension_restriction(user):
    """forum.permissions posting restriction: why a suspended member may not post, or None."""
    if not user.is_authenticated:
        return None
    suspension = selectors.current_suspension(user)
    return _suspension_text(suspension) if suspension else None


def suspension_banner(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated or is_moderator(user):
        return []
    suspension = selectors.current_suspension(user)
    if suspension is None:
        return []
    return [{"level": "warning", "text": _suspension_text(suspension), "url": reverse("moderation:my_standing"),
             "link_text": _("Your standing")}]


def review_counter(request) -> dict:
    """Header counter for moderators: the review queue's size (one query)."""
    if not is_moderator(request.user):
        return {}
    return {"name": "review", "count": selectors.review_queue_size(), "url": reverse("moderation:review"),
            "label": _("Review queue"), "icon": "shield"}


def thread_panels(request, thread: Thread) -> list[dict]:
    user = request.user
    panels = []
    moderator = is_moderator(user)
    if thread.is_pending_review and (moderator or (user.is_authenticated and user.pk == thread.author_id)):
        panels.append({"template": "moderation/panels/pending.html",
                       "context": {"thread": thread, "is_moderator": moderator}})
    if thread.is_closed and thread.close_reason:
        original = None
        if thread.duplicate_of_id:
            original = Thread.objects.public().filter(pk=thread.duplicate_of_id).only("pk", "title", "slug").first()
        panels.append({"template": "moderation/panels/closed.html",
                       "context": {"thread": thread, "original": original}})
    if moderator:
        panels.append({"template": "moderation/panels/tools.html", "context": _tools_context(thread)})
    return panels


def _tools_context(thread: Thread) -> dict:
    from moderation.forms import CloseForm, MergeForm, MoveForm

    accepted = (Answer.objects.filter(thread=thread, is_accepted=True, deleted_at__isnull=True)
                .select_related("verified_by__profile").first())
    open_reports = Flag.objects.filter(status=Flag.Status.OPEN).filter(
        Q(thread=thread) | Q(answer__thread=thread)).count()
    categories = list(Category.objects.order_by("position", "name"))
    return {
        "thread": thread,
        "accepted": accepted,
        "open_reports": open_reports,
        "close_form": CloseForm(prefix="close"),
        "move_form": MoveForm(prefix="move", categories=categories, initial={"category": thread.category_id}),
        "merge_form": MergeForm(prefix="merge"),
    }


def post_actions(request, thread: Thread, answers) -> dict:
    """Report buttons for members; verification buttons for moderators. One query at most."""
    user = request.user
    if not user.is_authenticated:
        return {}
    answers = list(answers)
    actions: dict = {}
    if is_moderator(user):
        has_accepted = any(a.is_accepted for a in answers)
        may_accept_for_asker = (not has_accepted and thread.kind in (Thread.Kind.QUESTION, Thread.Kind.PROBLEM)
                                and timezone.now() >= services.asker_deadline(thread))
        for answer in answers:
            if answer.is_deleted or answer.is_hidden or answer.is_pending_review:
                continue
            if answer.is_accepted and not answer.is_verified:
                actions[("answer", answer.pk)] = [{
                    "label": _("Verify"), "method": "post", "style": "success",
                    "url": reverse("moderation:verify", args=[answer.pk])}]
            elif answer.is_verified:
                actions[("answer", answer.pk)] = [{
                    "label": _("Withdraw verification"), "method": "get", "style": "ghost",
                    "url": reverse("moderation:unverify", args=[answer.pk])}]
            elif may_accept_for_asker:
                actions[("answer", answer.pk)] = [{
                    "label": _("Accept and verify for the asker"), "method": "post", "style": "secondary",
                    "url": reverse("moderation:verify_for_asker", args=[answer.pk])}]
        return actions
    if not user.has_perm("forum.flag_posts") or not can(check_may_act, user):
        return {}  # the button shown and the rule enforced are the same check
    rows = prepared.values("moderation:reports-in-thread", _reports_in_thread, user.pk, thread.pk)
    reported = {("answer", a) if a else ("thread", t) for t, a in rows}
    posts = [("thread", thread)] + [("answer", a) for a in answers]
    for kind, post in posts:
        if post.author_id == user.pk or post.is_deleted:
            continue
        if (kind, post.pk) in reported:
            actions[(kind, post.pk)] = [{"label": _("Reported"), "method": "get", "style": "ghost",
                                         "url": reverse("moderation:report", args=[kind, post.pk])}]
        else:
            actions[(kind, post.pk)] = [{"label": _("Report"), "method": "get", "style": "ghost",
                                         "url": reverse("moderation:report", args=[kind, post.pk])}]
    return actions


def _reports_in_thread(user_id: int, thread_id: int):
    """The member's reports of a thread and of its answers (compiled once: config/web/prepared.py)."""
    return (Flag.objects.filter(flagger_id=user_id).filter(Q(thread_id=thread_id) | Q(answer__thread_id=thread_id))
            .values_list("thread_id", "answer_id").order_by())


def profile_panels(request, member) -> list[dict]:
    """On a member's public profile, moderators see their standing and a link to act (two queries)."""
    if not is_moderator(request.user):
        return []
    open_reports = Flag.objects.filter(post_author=member, status=Flag.Status.OPEN).count()
    return [{"template": "moderation/panels/profile.html",
             "context": {"member": member, "suspension": selectors.current_suspension(member),
                         "open_reports": open_reports}}]
