"""Blog views outside Wagtail's page serving: feedback and moderators' links from thread pages."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blog import services
from blog.models import ArticlePage, KnownIssuePage, ThreadArticleLink
from config.web import ratelimit
from config.web.decorators import signed_in
from forum import permissions
from forum import selectors as forum_selectors
from forum.models import Thread

VISITOR_COOKIE = "flawsome_visitor"
VISITOR_COOKIE_AGE = 365 * 24 * 3600
FEEDBACK_SESSION_KEY = "blog_feedback"


def visitor_key(request) -> tuple[str, str | None]:
    """(key, new cookie value or None): members are themselves; visitors carry a random cookie."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}", None
    token = request.get_signed_cookie(VISITOR_COOKIE, default="", salt="blog.visitor")
    if token:
        return f"v{token}", None
    token = secrets.token_hex(16)
    return f"v{token}", token


def _feedback_response(request, article, *, state: str, error: str = "", form_data=None, status=200):
    context = {"page": article, "feedback_state": state, "feedback_error": error, "form_data": form_data or {}}
    if request.htmx:
        return render(request, "blog/includes/feedback.html", context, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you for telling us!"))
    return redirect(f"{article.url}#feedback")


@require_POST
def feedback(request, pk):
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=pk)
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        return HttpResponseBadRequest(_("Choose yes or no."))
    key, new_token = visitor_key(request)
    comment = request.POST.get("comment", "")
    if not ratelimit.allow(request, "article_feedback"):
        response = _feedback_response(request, article, state="error", error=str(services.FEEDBACK_RATE_LIMITED),
                                      form_data=request.POST, status=200 if request.htmx else 429)
    else:
        try:
            services.feedback_record(article=article, visitor=key, helpful=answer == "yes", comment=comment,
                                     user=request.user)
        except ValidationError as exc:
            response = _feedback_response(request, article, state="done", error=exc.messages[0])
        else:
            answered = request.session.get(FEEDBACK_SESSION_KEY, [])
            request.session[FEEDBACK_SESSION_KEY] = [*answered, article.pk][-200:]
            response = _feedback_response(request, article, state="thanks")
    if new_token:
        response.set_signed_cookie(VISITOR_COOKIE, new_token, salt="blog.visitor", max_age=VISITOR_COOKIE_AGE,
                                   httponly=True, samesite="Lax")
    return response


# Visitors' POSTs get "Please sign in first."; members get 403 with the constant message.
_moderators_only = signed_in(permissions.check_moderate, refuse_anonymous_posts=True)


def _moderated_thread(request, pk) -> Thread:
    thread = forum_selectors.get_visible_thread(request.user, pk)
    if thread.is_deleted:  # moderators see deleted threads; articles link to live ones only
        raise Http404(permissions.THREAD_NOT_FOUND)
    return thread


@require_POST
@_moderators_only
def thread_link_article(request, pk):
    thread = _moderated_thread(request, pk)
    article = ArticlePage.objects.live().filter(pk=request.POST.get("article") or 0).first()
    if article is None:
        messages.error(request, _("Choose an article to link."))
    else:
        try:
            services.link_article(article=article, thread=thread, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Linked “%(title)s” to this thread.") % {"title": article.title})
    return redirect(thread.get_absolute_url())


@require_POST
@_moderators_only
def thread_unlink_article(request, pk, link_pk):
    thread = _moderated_thread(request, pk)
    link = get_object_or_404(ThreadArticleLink, pk=link_pk, thread=thread)
    services.unlink_article(link=link)
    messages.success(request, _("The article is no longer linked to this thread."))
    return redirect(thread.get_absolute_url())


@require_POST
@_moderators_only
def thread_link_known_issue(request, pk):
    thread = _moderated_thread(request, pk)
    known_issue = KnownIssuePage.objects.live().filter(pk=request.POST.get("known_issue") or 0).first()
    if known_issue is None:
        messages.error(request, _("Choose a known issue to link."))
    else:
        try:
            services.link_known_issue(known_issue=known_issue, thread=thread, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Followers of this thread will hear about updates to “%(title)s”.")
                             % {"title": known_issue.title})
    return redirect(thread.get_absolute_url())
