"""Service recovery pages. One shape: fetch → check → validate → act → message → redirect."""

import secrets
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from config.ops import selectors as ops_selectors
from config.web import ratelimit
from config.web.decorators import signed_in
from config.web.redirects import local_path, safe_next
from forum import selectors as forum_selectors
from moderation.recovery import charts, forms, permissions, selectors, services
from moderation.recovery.models import Case, Feedback, StaffNote

FEEDBACK_RATE_LIMITED = _("You have sent a lot of feedback in a short time. Please try again in a few minutes.")
FEEDBACK_THANKS = _("Thank you! Your feedback has reached our team.")
FOLLOW_UP_INVALID = _("This link is not valid any more. Sign in and open your notifications instead.")
REPLY_SENT = _("Your recovery reply was posted on the thread.")
CASE_TAKEN = _("The case is yours now.")
CASE_REASSIGNED = _("The case was passed on.")
STATUS_CHANGED = _("The status of the case was changed.")
NOTE_ADDED = _("Note saved. Only moderators can see it.")
NOTE_DELETED = _("Note deleted.")
MARKED_HANDLED = _("Marked as handled.")


# Visitors are sent to sign in; signed-in members without staff rights get 403.
moderators_only = signed_in(permissions.check_moderator)


# The waiting queue


@moderators_only
def queue(request):
    form = forms.QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.waiting_queue(team=filters.get("team"), category=filters.get("category"),
                                    owner=filters.get("owner"))
    breached = sum(1 for item in items if item.breached)
    return render(request, "moderation/recovery/queue.html",
                  {"items": items, "form": form, "breached_count": breached, "section": "queue"})


# Cases


def _case_page(request, case: Case, *, reply_form=None, note_form=None, status=200):
    thread = case.thread
    answers = list(selectors.thread_answers(thread))
    reply_form = reply_form or forms.RecoveryReplyForm(initial={"submission_token": secrets.token_hex(16)})
    return render(request, "moderation/recovery/case.html", {
        "case": case,
        "thread": thread,
        "answers": answers,
        "has_reply": any(hasattr(answer, "recovery_reply") for answer in answers),
        "events": list(selectors.case_events(case)),
        "case_clock": selectors.case_clock(case),
        "notes": list(selectors.staff_notes(thread)),
        "reply_form": reply_form,
        "note_form": note_form or forms.NoteForm(),
        "reassign_form": forms.ReassignForm(),
        "next_statuses": [Case.Status(value) for value in Case.Status.values
                          if value in services.TRANSITIONS.get(case.status, set())],
        "is_owner": case.owner_id == request.user.pk,
        "section": "queue",
    }, status=status)


@moderators_only
def case_detail(request, pk):
    case = get_object_or_404(Case.objects.select_related(
        "thread__category", "thread__author__profile", "owner__profile", "team"), pk=pk)
    return _case_page(request, case)


@moderators_only
def case_for_thread(request, thread_pk):
    case = get_object_or_404(Case, thread_id=thread_pk)
    return redirect("recovery:case", pk=case.pk)


def _case_or_404(pk) -> Case:
    return get_object_or_404(Case.objects.select_related("thread__category", "thread__author__profile",
                                                         "owner__profile", "team"), pk=pk)


@require_POST
@moderators_only
def case_take(request, pk):
    case = _case_or_404(pk)
    try:
        services.case_take(case=case, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, CASE_TAKEN)
    return redirect("recovery:case", pk=case.pk)


@require_POST
@moderators_only
def case_reassign(request, pk):
    case = _case_or_404(pk)
    form = forms.ReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose who should take over the case."))
        return redirect("recovery:case", pk=case.pk)
    try:
        services.case_reassign(case=case, by=request.user, to=form.cleaned_data["to"],
                               reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, CASE_REASSIGNED)
    return redirect("recovery:case", pk=case.pk)


@require_POST
@moderators_only
def case_status(request, pk):
    case = _case_or_404(pk)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_set_status(case=case, by=request.user, status=form.cleaned_data["status"],
                                     note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, STATUS_CHANGED)
    return redirect("recovery:case", pk=case.pk)


@require_POST
@moderators_only
def recovery_reply(request, pk):
    case = _case_or_404(pk)
    form = forms.RecoveryReplyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recovery_reply_send(
                case=case, by=request.user, responsibility=data["responsibility"], regret=data["regret"],
                repair=data["repair"], cause=data["cause"], prevention=data["prevention"],
                gesture_kind=data["gesture_kind"], gesture_value=data["gesture_value"],
                gesture_currency=data["gesture_currency"] or "EUR", submission_token=data["submission_token"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, REPLY_SENT)
            return redirect("recovery:case", pk=case.pk)
    return _case_page(request, case, reply_form=form)


# Staff notes


@require_POST
@moderators_only
def note_add(request, thread_pk):
    thread = forum_selectors.get_visible_thread(request.user, thread_pk)
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(thread=thread, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, NOTE_ADDED)
    else:
        messages.error(request, services.NOTE_EMPTY)
    return _back(request, thread)


@require_POST
@moderators_only
def note_delete(request, pk):
    note = get_object_or_404(StaffNote.objects.select_related("thread"), pk=pk)
    try:
        services.note_delete(note=note, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, NOTE_DELETED)
    return _back(request, note.thread)


def _back(request, thread):
    return redirect(safe_next(request, thread.get_absolute_url()))


# Dashboard


@moderators_only
def dashboard(request):
    form = forms.PeriodForm(request.GET or None)
    today = timezone.localdate()
    start_date, end_date = today - timedelta(days=29), today
    if form.is_valid():
        start_date = form.cleaned_data["start"] or start_date
        end_date = form.cleaned_data["end"] or end_date
    if end_date < start_date:
        start_date, end_date = end_date, start_date
    zone = timezone.get_current_timezone()
    start = datetime.combine(start_date, time.min, tzinfo=zone)
    end = datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=zone)
    data = selectors.dashboard(start=start, end=end)
    if not form.is_bound:
        form = forms.PeriodForm(initial={"start": start_date, "end": end_date})
    return render(request, "moderation/recovery/dashboard.html", {
        **data, "charts": charts.dashboard_charts(data),
        "form": form, "start": start_date, "end": end_date, "section": "dashboard",
        "gesture_labels": dict(services.RecoveryReply.Gesture.choices),
        "ops": ops_selectors.dashboard_panel(),
    })


# Feedback


def feedback(request):
    """The feedback channel every page links to (?page=<path>)."""
    page = local_path(request.POST.get("page") or request.GET.get("page", ""))
    if request.method == "POST":
        form = forms.FeedbackForm(request.POST)
        if form.is_valid():
            if not ratelimit.allow(request, "feedback"):
                form.add_error(None, FEEDBACK_RATE_LIMITED)
            else:
                services.feedback_create(kind=form.cleaned_data["kind"], message=form.cleaned_data["message"],
                                         page=page, author=request.user, email=form.cleaned_data["email"])
                messages.success(request, FEEDBACK_THANKS)
                return redirect(page or reverse("forum:home"))
    else:
        initial = {"page": page}
        if request.GET.get("kind") in dict(forms.FeedbackForm.KINDS):
            initial["kind"] = request.GET["kind"]
        form = forms.FeedbackForm(initial=initial)
    return render(request, "moderation/recovery/feedback.html", {"form": form, "page": page})


@require_POST
def feedback_missing(request):
    """The 404 page's “What were you looking for?” form."""
    form = forms.MissingPageForm(request.POST)
    page = local_path(request.POST.get("page", ""))
    if form.is_valid():
        if not ratelimit.allow(request, "feedback"):
            form.add_error(None, FEEDBACK_RATE_LIMITED)
        else:
            services.feedback_create(kind=Feedback.Kind.MISSING_PAGE, message=form.cleaned_data["message"],
                                     page=page, author=request.user, email=form.cleaned_data["email"])
            messages.success(request, FEEDBACK_THANKS)
            return redirect("forum:home")
    return render(request, "moderation/recovery/missing_page.html", {"form": form, "page": page})


@moderators_only
def inbox(request):
    form = forms.InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.feedback_inbox(kind=filters.get("kind") or "", team=filters.get("team"),
                                        handled=filters.get("handled") or "open")
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(request, "moderation/recovery/inbox.html", {"form": form, "page": page, "section": "inbox"})


@require_POST
@moderators_only
def feedback_handled(request, pk):
    item = get_object_or_404(Feedback, pk=pk)
    try:
        services.feedback_mark_handled(feedback=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, MARKED_HANDLED)
    return redirect(safe_next(request, reverse("recovery:inbox")))


@moderators_only
def compliments(request):
    queryset = selectors.feedback_inbox(kind=Feedback.Kind.COMPLIMENT, handled="all")
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(request, "moderation/recovery/compliments.html", {"page": page, "section": "compliments"})


# Closing the loop


def follow_up(request, token):
    """“All good now?” — one click from the email (the signed token is the key; no sign-in needed).

    A GET only shows the question (a yes/no link from the email opens it with that answer ready to
    press): mail clients' link scanners open links, and must not answer for the customer. The POST
    records the answer; the page then offers an optional comment.
    """
    item = selectors.follow_up_from_token(token)
    if item is None:
        return render(request, "moderation/recovery/follow_up.html", {"invalid": True, "message": FOLLOW_UP_INVALID},
                      status=404)
    answer = request.POST.get("answer") if request.method == "POST" else None
    form = forms.FollowUpForm(request.POST or None)
    if answer in ("yes", "no") and item.answered_at is None:
        comment = form.data.get("comment", "")[:2000] if request.method == "POST" else ""
        try:
            services.follow_up_answer(follow_up=item, all_good=answer == "yes", comment=comment)
        except ValidationError as error:
            messages.info(request, error.messages[0])
        return redirect("recovery:follow_up", token=token)
    if request.method == "POST" and item.answered_at is not None:
        try:
            services.follow_up_comment(follow_up=item, comment=request.POST.get("comment", "")[:2000])
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, gettext("Thank you for telling us."))
        return redirect("recovery:follow_up", token=token)
    return render(request, "moderation/recovery/follow_up.html", {
        "follow_up": item, "case": item.case, "thread": item.case.thread, "form": forms.FollowUpForm(),
        "suggested": request.GET.get("answer") if request.GET.get("answer") in ("yes", "no") else "",
    })
