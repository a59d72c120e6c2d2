"""Forum pages. Each view: fetch → check → validate → act → message → redirect.

Permission checks live in forum.permissions, writes in forum.services, reads in forum.selectors.
htmx requests get a partial back; the same URLs work as plain form posts without JavaScript.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from taggit.models import Tag

from config.web import ratelimit
from config.web.decorators import signed_in
from config.web.pagecache import anonymous_page_cache
from config.web.redirects import path_of, safe_next
from forum import (
    forms,
    fragments,
    markdown,
    notifications,
    permissions,
    selectors,
    seo,
    services,
    uploads,
)
from forum import share_image as share_image_module
from forum.models import Answer, Category, Profile, Revision, Thread

User = services.User

POSTED_THREAD = _("Your post is live. We’ll let you know when someone answers.")
POSTED_ANSWER = _("Thanks! Your answer is posted.")
# Held for review (a new member's first posts, a link-heavy post): only its author and the
# moderators see it yet, so "live" would be untrue.
POSTED_THREAD_FOR_REVIEW = _("Thanks! A moderator will look at your post before others can see it. "
                             "You find it on your profile meanwhile, and we’ll let you know when it is public.")
POSTED_ANSWER_FOR_REVIEW = _("Thanks! A moderator will look at your answer before others can see it.")
SAVED_EDIT = _("Your changes are saved.")
NO_CHANGES = _("Nothing changed.")
ACCEPTED = _("Marked as the solution.")
UNACCEPTED = _("No longer marked as the solution.")
DELETED = _("The post is deleted. Moderators can restore it.")
RESTORED = _("The post is restored.")
FOLLOWING = _("You are following this now.")
UNFOLLOWED = _("You no longer follow this.")
SETTINGS_SAVED = _("Your settings are saved.")
ALL_READ = _("All notifications are marked as read.")
UNSUBSCRIBED = _("You will get no more notification emails. You can switch them back on in your settings.")
BAD_LINK = _("This unsubscribe link is not valid.")
FIX_BELOW = _("Please fix the problems below; what you typed is kept.")
UPLOADED = _("Image uploaded.")
PREVIEW_PAUSED = _("The preview is paused for a minute because it was asked for very often. Your text is safe.")


# Visitors' GETs go to the sign-in page; their POSTs (buttons, htmx) get "Please sign in first."
_member_required = signed_in(refuse_anonymous_posts=True)


def _refuse(request, error, fallback: str, status: int = 403):
    """Show a refusal as a message (and for htmx, as a status the page can show)."""
    text = error.messages[0] if isinstance(error, ValidationError) else str(error.args[0] if error.args else error)
    messages.error(request, text)
    if request.htmx:
        # htmx swaps nothing on 4xx; it reloads the page, which shows the message (and the true state).
        response = HttpResponse(f'<p class="inline-error" role="alert">{escape(text)}</p>', status=status)
        response["HX-Refresh"] = "true"
        return response
    return redirect(fallback)


# Lists

LIST_TITLES = {
    "all": _("Latest activity"),
    "unanswered": _("Unanswered"),
    "solved": _("Solved"),
    "mine": _("My threads"),
}


def _thread_list(request, *, view: str = "all", category=None, tag=None):
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "activity")
    threads = selectors.thread_list(category=category, tag=tag, kind=kind, status=status, sort=sort, view=view,
                                    user=request.user)
    listing = fragments.thread_rows(request, threads, view=view, shared=view != "mine")
    follows = selectors.followed_ids(request.user, categories=[category] if category else [],
                                     tags=[tag] if tag else [])
    context = {
        "listing": listing,
        "category": category,
        "tag": tag,
        "view": view,
        "list_title": LIST_TITLES[view],
        "kind": kind,
        "status": status,
        "sort": sort,
        "kinds": Thread.Kind.choices,
        "statuses": Thread.Status.choices,
        "sorts": [("activity", _("Activity")), ("newest", _("Newest")), ("kudos", _("Most kudos"))],
        "categories": selectors.categories_for_sidebar(),
        "banners": selectors.forum_banners(request, category),
        "follows_category": bool(category and category.pk in follows["categories"]),
        "follows_tag": bool(tag and tag.pk in follows["tags"]),
        "seo": seo.list_seo(view=view, category=category, tag=tag,
                            title=category.name if category else (f"#{tag.name}" if tag else LIST_TITLES[view])),
    }
    return render(request, "forum/list.html", context)


@require_GET
@anonymous_page_cache()
def home(request):
    return _thread_list(request)


@require_GET
@anonymous_page_cache()
def unanswered(request):
    return _thread_list(request, view="unanswered")


@require_GET
@anonymous_page_cache()
def solved(request):
    return _thread_list(request, view="solved")


@_member_required
@require_GET
def mine(request):
    return _thread_list(request, view="mine")


@require_GET
@anonymous_page_cache()
def category(request, slug):
    current = get_object_or_404(Category, slug=slug)
    return _thread_list(request, category=current)


@require_GET
@anonymous_page_cache()
def tag(request, slug):
    current = get_object_or_404(Tag, slug=slug)
    return _thread_list(request, tag=current)


# Asking


def _form_error_message(request, form):
    messages.error(request, FIX_BELOW)


@_member_required
def ask(request):
    try:
        permissions.check_start_thread(request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        if request.method == "GET":
            return redirect("forum:home")
        form = forms.ThreadForm(request.POST)
        form.is_valid()
        return render(request, "forum/ask.html", {"form": form}, status=403)
    if request.method == "POST":
        form = forms.ThreadForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                permissions.check_links_allowed(request.user, data["body"])
                ratelimit.check(request, "post")
                thread = services.thread_create(
                    author=request.user, kind=data["kind"], title=data["title"], body=data["body"],
                    category=data["category"], tags=data["tags"], submission_token=data["submission_token"],
                )
            except (PermissionDenied, ValidationError) as error:
                text = error.messages[0] if isinstance(error, ValidationError) else str(error)
                form.add_error(None, text)
            else:
                thread.refresh_from_db(fields=["is_pending_review"])  # a receiver may have held it
                messages.success(request, POSTED_THREAD_FOR_REVIEW if thread.is_pending_review else POSTED_THREAD)
                return redirect(thread.get_absolute_url())
        return render(request, "forum/ask.html", {"form": form}, status=400)
    initial = {"submission_token": forms.new_submission_token()}
    if request.GET.get("category"):
        initial["category"] = Category.objects.filter(slug=request.GET["category"]).first()
    if request.GET.get("title"):
        initial["title"] = request.GET["title"][:200]
    return render(request, "forum/ask.html", {"form": forms.ThreadForm(initial=initial)})


# The thread page


def _thread_context(request, thread, *, answer_form=None):
    page = selectors.thread_page(request, thread, page_number=request.GET.get("page"),
                                 answer_id=request.GET.get("answer"))
    may_answer = permissions.can(permissions.check_answer_thread, request.user, thread)
    return {
        "thread": thread,
        "tp": page,
        "answers": page.answers,
        "answer_form_html": fragments.answer_form(request, thread, answer_form) if may_answer else "",
        "may_answer": may_answer,
        "is_moderator": permissions.is_moderator(request.user),
    }


def _count_cached_view(request, pk, slug):
    services.thread_record_view_by_id(thread_id=pk)


@require_GET
@anonymous_page_cache(on_hit=_count_cached_view)
def thread(request, pk, slug):
    current = selectors.get_visible_thread(request.user, pk, shared=True)
    if slug != current.slug:
        query = request.GET.urlencode()  # the answer's page (?page, ?answer) survives the redirect
        return redirect(current.get_absolute_url() + (f"?{query}" if query else ""), permanent=True)
    services.thread_record_view(thread=current)
    return render(request, "forum/thread.html", _thread_context(request, current))


@require_GET
def thread_redirect(request, pk):
    """A thread's URL without its slug (or an older form): 301 to the canonical one."""
    return redirect(selectors.get_visible_thread(request.user, pk).get_absolute_url(), permanent=True)


@require_GET
def share_image(request, pk, key):
    """The thread's link-preview picture (forum/share_image.py): public threads only. An outdated
    key (the title or state changed since) redirects to the current picture."""
    current = selectors.get_visible_thread(None, pk)
    verified = selectors.thread_has_verified_answer(current)
    if key != share_image_module.fingerprint(current, verified=verified):
        return redirect(share_image_module.url_for(current, verified=verified))
    response = HttpResponse(share_image_module.image_for(current, verified=verified), content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"  # the key changes with the picture
    return response


@_member_required
@require_POST
def answer_create(request, pk):
    current = selectors.get_visible_thread(request.user, pk)
    form = forms.AnswerForm(request.POST)
    try:
        permissions.check_answer_thread(request.user, current)
    except PermissionDenied as error:
        messages.error(request, str(error))
        form.is_valid()
        return render(request, "forum/thread.html", _thread_context(request, current, answer_form=form), status=403)
    if form.is_valid():
        try:
            permissions.check_links_allowed(request.user, form.cleaned_data["body"])
            ratelimit.check(request, "post")
            answer = services.answer_create(author=request.user, thread=current, body=form.cleaned_data["body"],
                                            submission_token=form.cleaned_data["submission_token"])
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            answer.refresh_from_db(fields=["is_pending_review"])  # a receiver may have held it
            messages.success(request, POSTED_ANSWER_FOR_REVIEW if answer.is_pending_review else POSTED_ANSWER)
            return redirect(answer.get_absolute_url())
    return render(request, "forum/thread.html", _thread_context(request, current, answer_form=form), status=400)


def _post_for(request, kind: str, pk: int):
    return selectors.get_visible_post(request.user, kind, pk)


def _thread_of(post) -> Thread:
    return post.thread if isinstance(post, Answer) else post


@_member_required
@require_POST
def kudo(request, kind, pk):
    post = _post_for(request, kind, pk)
    fallback = post.get_absolute_url()
    try:
        permissions.check_give_kudo(request.user, post)
        ratelimit.check(request, "kudo")
        if request.POST.get("action") == "withdraw":
            services.kudo_withdraw(user=request.user, post=post)
            given = False
        else:
            services.kudo_give(user=request.user, post=post)
            given = True
    except (PermissionDenied, ValidationError) as error:
        return _refuse(request, error, fallback, status=400 if isinstance(error, ValidationError) else 403)
    post.refresh_from_db(fields=["kudos_count"])
    if request.htmx:
        return render(request, "forum/partials/kudo_button.html", {"post": post, "kind": kind, "given": given,
                                                                   "may": True})
    return redirect(fallback)


@_member_required
@require_POST
def me_too(request, pk):
    current = selectors.get_visible_thread(request.user, pk)
    try:
        permissions.check_me_too(request.user, current)
        if request.POST.get("action") == "withdraw":
            services.me_too_withdraw(user=request.user, thread=current)
            said = False
        else:
            services.me_too_add(user=request.user, thread=current)
            said = True
    except (PermissionDenied, ValidationError) as error:
        return _refuse(request, error, current.get_absolute_url(),
                       status=400 if isinstance(error, ValidationError) else 403)
    current.refresh_from_db(fields=["me_too_count"])
    if request.htmx:
        return render(request, "forum/partials/me_too_button.html", {"thread": current, "said": said, "may": True})
    return redirect(current.get_absolute_url())


@_member_required
@require_POST
def accept(request, pk):
    answer = selectors.get_visible_answer(request.user, pk)
    thread_pk = request.POST.get("thread")
    fallback = answer.thread.get_absolute_url()
    try:
        claimed = None
        if thread_pk:
            claimed = selectors.get_visible_thread(request.user, int(thread_pk)) if thread_pk.isdigit() else None
            if claimed is None:
                raise Http404
            fallback = claimed.get_absolute_url()
        permissions.check_accept_answer(request.user, answer)
        if request.POST.get("action") == "unaccept":
            services.answer_unaccept(answer=answer, by=request.user)
            messages.success(request, UNACCEPTED)
        else:
            services.answer_accept(answer=answer, by=request.user, thread=claimed)
            messages.success(request, ACCEPTED)
    except (PermissionDenied, ValidationError) as error:
        return _refuse(request, error, fallback, status=400 if isinstance(error, ValidationError) else 403)
    return redirect(answer.get_absolute_url())


@_member_required
def edit(request, kind, pk):
    post = _post_for(request, kind, pk)
    thread = _thread_of(post)
    try:
        permissions.check_edit_post(request.user, post)
    except PermissionDenied as error:
        return _refuse(request, error, post.get_absolute_url())
    is_thread = isinstance(post, Thread)
    if request.method == "POST":
        form = forms.EditForm(request.POST, is_thread=is_thread)
        if form.is_valid():
            data = form.cleaned_data
            try:
                permissions.check_links_allowed(request.user, data["body"])
                revision = services.post_edit(
                    post=post, by=request.user, body=data["body"], title=data.get("title") if is_thread else None,
                    tags=data.get("tags") if is_thread else None, note=data["note"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(request, SAVED_EDIT if revision else NO_CHANGES)
                return redirect(post.get_absolute_url())
        status = 400
    else:
        initial = {"body": post.body}
        if is_thread:
            initial.update(title=post.title, tags=", ".join(t.name for t in post.tags.all()))
        form = forms.EditForm(initial=initial, is_thread=is_thread)
        status = 200
    return render(request, "forum/edit.html", {"form": form, "post": post, "thread": thread, "kind": kind},
                  status=status)


@require_GET
def history(request, kind, pk):
    post = _post_for(request, kind, pk)
    owner = {"thread": post} if kind == "thread" else {"answer": post}
    revisions = list(Revision.objects.filter(**owner).select_related("editor__profile").order_by("number"))
    previous = None
    for revision in revisions:
        revision.previous = previous
        previous = revision
    revisions.reverse()
    return render(request, "forum/history.html", {"post": post, "thread": _thread_of(post), "kind": kind,
                                                  "revisions": revisions})


@_member_required
@require_POST
def delete(request, kind, pk):
    post = _post_for(request, kind, pk)  # moderators reach deleted posts too, to restore them
    try:
        if request.POST.get("action") == "restore":
            permissions.check_moderate(request.user)
            services.post_restore(post=post, by=request.user)
            messages.success(request, RESTORED)
        else:
            permissions.check_delete_post(request.user, post)
            services.post_delete(post=post, by=request.user)
            messages.success(request, DELETED)
    except (PermissionDenied, ValidationError) as error:
        return _refuse(request, error, _safe_url_after_delete(request, post))
    return redirect(_safe_url_after_delete(request, post))


def _safe_url_after_delete(request, post):
    if isinstance(post, Thread) and post.is_deleted and not permissions.is_moderator(request.user):
        return reverse("forum:home")
    return post.get_absolute_url()


# Follows


@_member_required
@require_POST
def follow(request, kind, key):
    permissions.check_follow(request.user)
    if kind == "thread":
        target = {"thread": selectors.get_visible_thread(request.user, int(key))}
        url = target["thread"].get_absolute_url()
    elif kind == "category":
        target = {"category": get_object_or_404(Category, slug=key)}
        url = target["category"].get_absolute_url()
    elif kind == "tag":
        target = {"tag": get_object_or_404(Tag, slug=key)}
        url = reverse("forum:tag", kwargs={"slug": key})
    else:
        raise Http404
    following = request.POST.get("action") != "unfollow"
    if following:
        services.follow(user=request.user, **target)
    else:
        services.unfollow(user=request.user, **target)
    if request.htmx:
        return render(request, "forum/partials/follow_button.html",
                      {"kind": kind, "key": key, "following": following})
    messages.success(request, FOLLOWING if following else UNFOLLOWED)
    return redirect(safe_next(request, url))


# Markdown preview and uploads


@require_POST
def preview(request):
    if not ratelimit.allow(request, "preview"):
        # The editor swaps this in place of the preview (htmx swaps 200s only); the text is untouched.
        return render(request, "forum/partials/preview.html", {"error": PREVIEW_PAUSED},
                      status=200 if request.htmx else 429)
    form = forms.PreviewForm(request.POST)
    body = form.data.get("body", "")[: settings.FORUM["MAX_BODY_LENGTH"]]
    return render(request, "forum/partials/preview.html", {"html": markdown.render(body)})


@_member_required
@require_POST
def upload(request):
    try:
        permissions.check_upload_image(request.user)
        ratelimit.check(request, "upload")
        attachment = uploads.attachment_create(uploader=request.user, upload=request.FILES.get("image"))
    except (PermissionDenied, ValidationError) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else str(error)
        status = 400 if isinstance(error, ValidationError) else 403
        return JsonResponse({"error": text}, status=status)
    except uploads.StorageUnavailable as error:
        # The editor shows `error` for any refusal; 503 + Retry-After says "the server, not you".
        return JsonResponse({"error": str(error.message)}, status=503, headers={"Retry-After": "60"})
    url = attachment.image.url
    alt = attachment.original_name.rsplit(".", 1)[0][:60].replace("]", "")
    return JsonResponse({"url": url, "markdown": f"![{alt}]({url})", "message": UPLOADED})


# Notifications and email


@_member_required
def notification_list(request):
    if request.method == "POST":
        raw = request.POST.get("notification")
        notifications.mark_read(user=request.user, notification_id=int(raw) if raw and raw.isdigit() else None)
        if not raw:
            messages.success(request, ALL_READ)
        return redirect(safe_next(request, reverse("forum:notifications")))
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "forum/notifications.html", {"page": page, "items": list(page.object_list)})


MENU_SIZE = 8  # notifications in the bell's panel; the rest are on the full list


@_member_required
@require_GET
def notification_menu(request):
    """The bell's panel: the latest notifications, loaded by htmx when the bell is first opened."""
    items = list(selectors.notifications_for(request.user).order_by("-created_at")[:MENU_SIZE])
    return render(request, "forum/partials/notification_menu.html", {
        "items": items, "unread": any(item.read_at is None for item in items),
        # Back to the page the bell was opened on (htmx names it; the POST checks it is ours).
        "next": path_of(request.headers.get("HX-Current-URL", "")) or reverse("forum:notifications"),
    })


@_member_required
@require_GET
def notification_open(request, pk):
    """Open a notification: mark it read and go where it points."""
    item = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    notifications.mark_read(user=request.user, notification_id=item.pk)
    return redirect(item.url or reverse("forum:notifications"))


@csrf_exempt  # the signed token is the credential; mail clients POST it for one-click unsubscribe
def unsubscribe(request, token):
    user = notifications.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "forum/unsubscribe.html", {"error": BAD_LINK}, status=400)
    if request.method == "POST":
        notifications.unsubscribe(user)
        return render(request, "forum/unsubscribe.html", {"done": True, "message": UNSUBSCRIBED})
    return render(request, "forum/unsubscribe.html", {"member": user, "token": token})


# Profiles


@require_GET
@anonymous_page_cache()
def profile(request, username):
    current = get_object_or_404(Profile.objects.select_related("user"), user__username=username)
    member = current.user
    is_self = request.user.is_authenticated and request.user.pk == member.pk
    shown = selectors.profile_page(member, viewer=request.user,
                                   shared=not (is_self or permissions.is_moderator(request.user)))
    return render(request, "forum/profile.html", {
        **shown,
        "profile": current,
        "member": member,
        "panels": selectors.profile_panels(request, member),
        "seo": {**seo.profile_seo(member, shown["stats"]), "title": current.name, "type": "profile"},
        "is_self": is_self,
    })


AVATAR_COLOURS = ["#5b3fd6", "#0f9d76", "#b45309", "#c2283a", "#2563eb", "#a2246f", "#0e7490", "#4d7c0f"]


@require_GET
def avatar(request, username):
    """A generated initials avatar (SVG) for members without an uploaded picture."""
    current = Profile.objects.select_related("user").filter(user__username=username).first()
    name = current.name if current else username
    words = [w for w in name.replace("_", " ").replace(".", " ").split() if w]
    initials = "".join(w[0] for w in words[:2]).upper() or "?"
    colour = AVATAR_COLOURS[int(hashlib.md5(username.encode()).hexdigest(), 16) % len(AVATAR_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="32" fill="{colour}"/>'
        '<text x="32" y="33" dy=".35em" text-anchor="middle" font-family="Inter,system-ui,sans-serif" '
        f'font-size="26" font-weight="700" fill="#fff">{escape(initials)}</text></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@_member_required
def settings_view(request):
    current = services.profile_for(request.user)
    if request.method == "POST":
        form = forms.ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.profile_update(user=request.user, display_name=data["display_name"], bio=data["bio"],
                                            language=data["language"], email_mode=data["email_mode"])
                    if data["remove_avatar"]:
                        services.profile_set_avatar(user=request.user, upload=None)
                    elif data["avatar"]:
                        services.profile_set_avatar(user=request.user, upload=data["avatar"])
            except ValidationError as error:
                form.add_error("avatar" if data.get("avatar") else None, error.messages[0])
            except uploads.StorageUnavailable as error:
                # The whole save rolled back: nothing typed is lost (the form shows it again).
                form.add_error("avatar", str(error.message))
            else:
                response = redirect("forum:settings")
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, data["language"],
                                    max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax")
                from django.utils import translation

                with translation.override(data["language"]):
                    messages.success(request, str(SETTINGS_SAVED))
                return response
        messages.error(request, FIX_BELOW)
        return render(request, "forum/settings.html", {"form": form, "profile": current}, status=400)
    form = forms.ProfileForm(initial={
        "display_name": current.display_name, "bio": current.bio, "language": current.language,
        "email_mode": current.email_mode,
    })
    return render(request, "forum/settings.html", {"form": form, "profile": current})


