"""Moderation pages and actions. Shape: fetch → check → validate → act → message → redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.web import ratelimit
from config.web.decorators import signed_in
from config.web.redirects import safe_next
from forum import selectors as forum_selectors
from forum.models import Answer, Category
from moderation import conf, forms, permissions, selectors, services

User = get_user_model()
FLAG_RATE_LIMITED = gettext_lazy("You have sent many reports in a short time. Please wait an hour and try again.")


# Visitors are sent to sign in; members get 403 with the constant message.
_moderator_only = signed_in(permissions.check_moderate)


def _data(request):
    """Bind forms on POST even when nothing but the CSRF token was sent."""
    return request.POST if request.method == "POST" else None


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _get_post(request, kind: str, pk: int):
    """Posts are fetched through the forum's authorising getter: what the user may not see is a 404."""
    return forum_selectors.get_visible_post(request.user, kind, pk)


def _thread_of(post):
    return post.thread if isinstance(post, Answer) else post


# Home


@_moderator_only
def home(request):
    return render(request, "moderation/home.html", {
        "counts": selectors.queue_counts(),
        "recent": selectors.audit_lines(selectors.audit_log()[:8]),
    })


# Verification


@_moderator_only
def verification_queue(request):
    tab = "asker" if request.GET.get("tab") == "asker" else "accepted"
    rows = selectors.waiting_for_asker_queue() if tab == "asker" else selectors.verification_queue()
    page = Paginator(rows, conf.get("PAGE_SIZE")).get_page(request.GET.get("page"))
    return render(request, "moderation/verification.html", {
        "page": page, "tab": tab, "days": conf.get("VERIFY_ON_BEHALF_AFTER_DAYS"),
    })


@require_POST
@_moderator_only
def verify(request, pk):
    answer = forum_selectors.get_visible_answer(request.user, pk)
    permissions.check_verify_answer(request.user)
    try:
        services.answer_verify(answer=answer, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Verified: the answer now shows “Verified by %(site)s”.")
                         % {"site": settings.SITE_NAME})
    return redirect(safe_next(request, answer.get_absolute_url()))


@require_POST
@_moderator_only
def verify_for_asker(request, pk):
    answer = forum_selectors.get_visible_answer(request.user, pk)
    permissions.check_verify_answer(request.user)
    try:
        services.answer_verify_for_asker(answer=answer, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Accepted for the asker and verified."))
    return redirect(safe_next(request, answer.get_absolute_url()))


@require_http_methods(["GET", "POST"])
@_moderator_only
def unverify(request, pk):
    answer = forum_selectors.get_visible_answer(request.user, pk)
    permissions.check_verify_answer(request.user)
    form = forms.RequiredReasonForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_unverify(answer=answer, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The verification was withdrawn and the answerer was told why."))
            return redirect(answer.get_absolute_url())
    return render(request, "moderation/unverify.html", {"answer": answer, "form": form})


# Flags (members)


@require_http_methods(["GET", "POST"])
@signed_in()
def report(request, kind, pk):
    post = _get_post(request, kind, pk)
    permissions.check_flag_post(request.user, post)
    already = post.flags.filter(flagger=request.user).first()
    form = forms.FlagForm(_data(request))
    status = 200
    if request.method == "POST" and already is None and form.is_valid():
        try:
            ratelimit.check(request, "flag", FLAG_RATE_LIMITED)
            services.flag_create(flagger=request.user, post=post, reason=form.cleaned_data["reason"],
                                 text=form.cleaned_data["text"])
        except ratelimit.RateLimited as limited:
            form.add_error(None, str(limited))
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report; you will hear the outcome."))
            return redirect(post.get_absolute_url())
    return render(request, "moderation/report.html",
                  {"post": post, "kind": kind, "form": form, "already": already, "thread": _thread_of(post)},
                  status=status)


# Review queue


@_moderator_only
def review_queue(request):
    page = selectors.review_page(request.GET.get("page"))
    return render(request, "moderation/review.html", {
        "page": page, "pending": selectors.pending_posts(), "reason_form": forms.ReasonForm(),
    })


REVIEW_ACTIONS = {
    "dismiss": (services.review_dismiss, gettext_lazy("The reports were dismissed.")),
    "hide": (services.review_hide, gettext_lazy("The post is hidden.")),
    "unhide": (services.post_unhide, gettext_lazy("The post is visible again.")),
    "delete": (services.review_delete, gettext_lazy("The post was deleted (it can be restored).")),
    "approve": (services.review_approve, gettext_lazy("The post was approved and is visible now.")),
    "reject": (services.review_reject, gettext_lazy("The post was rejected and its author told why.")),
}


@require_POST
@_moderator_only
def review_action(request, kind, pk, action):
    if action not in REVIEW_ACTIONS:
        raise Http404
    post = _get_post(request, kind, pk)
    permissions.check_review(request.user)
    form = forms.ReasonForm(request.POST)
    form.is_valid()
    service, done = REVIEW_ACTIONS[action]
    try:
        service(post=post, by=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, str(done))
    return redirect(safe_next(request, reverse("moderation:review")))


@require_http_methods(["GET", "POST"])
@_moderator_only
def review_member_action(request, kind, pk, action):
    """Warn or suspend the author of a reported post (a form page, then back to the queue)."""
    if action not in ("warn", "suspend"):
        raise Http404
    post = _get_post(request, kind, pk)
    permissions.check_member_action(request.user)
    form_class = forms.SuspendForm if action == "suspend" else forms.RequiredReasonForm
    form = form_class(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            if action == "suspend":
                services.review_suspend(post=post, by=request.user, reason=form.cleaned_data["reason"],
                                        until=form.cleaned_data["until"])
            else:
                services.review_warn(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The author was suspended.") if action == "suspend"
                             else _("The author was warned."))
            return redirect(reverse("moderation:review"))
    return render(request, "moderation/member_action.html", {
        "form": form, "action": action, "member": post.author, "post": post, "thread": _thread_of(post),
    })


# Thread actions


THREAD_ACTIONS = ("lock", "unlock", "close", "reopen", "move", "merge", "pin", "unpin")


@require_http_methods(["GET", "POST"])
@_moderator_only
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404
    thread = forum_selectors.get_visible_thread(request.user, pk)
    permissions.check_thread_action(request.user)
    if action == "close":
        form = forms.CloseForm(_data(request), prefix="close")
    elif action == "move":
        form = forms.MoveForm(_data(request), prefix="move", categories=list(Category.objects.all()),
                              initial={"category": thread.category_id})
    elif action == "merge":
        form = forms.MergeForm(_data(request), prefix="merge")
    else:
        form = forms.ReasonForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "lock":
                services.thread_lock(thread=thread, by=request.user, reason=data["reason"])
            elif action == "unlock":
                services.thread_unlock(thread=thread, by=request.user, reason=data["reason"])
            elif action == "close":
                services.thread_close(thread=thread, by=request.user, reason=data["reason"], note=data["note"],
                                      duplicate_of=data["duplicate_of"])
            elif action == "reopen":
                services.thread_reopen(thread=thread, by=request.user, reason=data["reason"])
            elif action == "move":
                services.thread_move(thread=thread, by=request.user, category=data["category"],
                                     reason=data["reason"])
            elif action == "merge":
                services.thread_merge(source=thread, target=data["target"], by=request.user,
                                      reason=data["reason"])
            else:
                services.thread_pin(thread=thread, by=request.user, pinned=action == "pin", reason=data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(THREAD_DONE[action]))
            target = data["target"] if action == "merge" else thread
            return redirect(target.get_absolute_url())
    return render(request, "moderation/thread_action.html",
                  {"thread": thread, "form": form, "action": action, "title": THREAD_TITLES[action]},
                  status=400 if request.method == "POST" else 200)


THREAD_DONE = {
    "lock": gettext_lazy("The thread is locked."),
    "unlock": gettext_lazy("The thread is unlocked."),
    "close": gettext_lazy("The thread is closed."),
    "reopen": gettext_lazy("The thread is open again."),
    "move": gettext_lazy("The thread was moved."),
    "merge": gettext_lazy("The threads were merged."),
    "pin": gettext_lazy("The thread is pinned."),
    "unpin": gettext_lazy("The thread is no longer pinned."),
}
THREAD_TITLES = {
    "lock": gettext_lazy("Lock this thread"),
    "unlock": gettext_lazy("Unlock this thread"),
    "close": gettext_lazy("Close this thread"),
    "reopen": gettext_lazy("Reopen this thread"),
    "move": gettext_lazy("Move this thread"),
    "merge": gettext_lazy("Merge this thread into another"),
    "pin": gettext_lazy("Pin this thread"),
    "unpin": gettext_lazy("Unpin this thread"),
}


# Members


def _member(username):
    return get_object_or_404(User.objects.select_related("profile"), username=username)


@_moderator_only
def member_page(request, username):
    member = _member(username)
    return render(request, "moderation/member.html", {
        "member": member,
        "history": selectors.member_history(member),
        "suspension": selectors.current_suspension(member),
        "warn_form": forms.RequiredReasonForm(prefix="warn"),
        "suspend_form": forms.SuspendForm(prefix="suspend"),
        "lift_form": forms.ReasonForm(prefix="lift"),
    })


@require_http_methods(["GET", "POST"])
@_moderator_only
def member_action(request, username, action):
    if action not in ("warn", "suspend", "lift"):
        raise Http404
    member = _member(username)
    permissions.check_member_action(request.user)
    form_class = {"warn": forms.RequiredReasonForm, "suspend": forms.SuspendForm, "lift": forms.ReasonForm}[action]
    form = form_class(_data(request), prefix=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "warn":
                services.member_warn(member=member, by=request.user, reason=data["reason"])
            elif action == "suspend":
                services.member_suspend(member=member, by=request.user, reason=data["reason"], until=data["until"])
            else:
                services.member_lift_suspension(member=member, by=request.user, reason=data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, str(MEMBER_DONE[action]))
            return redirect("moderation:member", username=member.username)
    return render(request, "moderation/member_action.html",
                  {"form": form, "action": action, "member": member},
                  status=400 if request.method == "POST" else 200)


MEMBER_DONE = {
    "warn": gettext_lazy("The member was warned."),
    "suspend": gettext_lazy("The member is suspended."),
    "lift": gettext_lazy("The suspension was lifted."),
}


@signed_in()
def my_standing(request):
    """What a member sees of moderation about themselves: warnings and any suspension."""
    return render(request, "moderation/standing.html", {
        "suspension": selectors.current_suspension(request.user),
        "warnings": selectors.audit_log(member=request.user.username).filter(action=services.Action.WARN)[:20],
    })


# Audit log


@_moderator_only
def audit_log(request):
    moderators = list(selectors.moderators())
    form = forms.AuditFilterForm(request.GET or None, moderators=moderators)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_log(actor=filters.get("actor") or "", member=filters.get("member") or "",
                                  thread=filters.get("thread"), action=filters.get("action") or "")
    page = Paginator(entries, conf.get("PAGE_SIZE")).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_log.html", {
        "form": form, "page": page, "entries": selectors.audit_lines(page.object_list),
    })
