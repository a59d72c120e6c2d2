"""Parts of pages every reader sees alike, rendered once per content version and shared by all.

A signed-in page cannot come whole from the anonymous page cache (config/web/pagecache.py): its
buttons, counters and forms are the member's own. What is the same for every reader (a post's
marks, byline and body; a list's rows) is rendered once per content version and language and
kept in the cache; the page puts the member's own parts around it. The content version is the
page cache's: it changes with every change that shows (answer, edit, kudo, accept, verify, hide,
banner, rank, article link…), so a piece is never older than the page around it. What a piece
alone needs (its authors' flair, the thread's tags) is read only when it is rendered, so a warm
page does not query it.

The pieces are rendered with their own small context, not the page's: no context processor runs
for them, and nothing of the reader (user, CSRF token) can leak into what other readers get.
With the page cache off (settings.PAGE_CACHE, off in most tests) every piece is rendered anew.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config.web import pagecache
from config.web.pagination import BoundedPaginator

THREAD_ROWS = "forum/partials/thread_rows.html"
POST_FOOTER = "forum/partials/post_footer.html"
ANSWER_FORM = "forum/partials/answer_form.html"
SUBMISSION_PLACEHOLDER = "submission-token-placeholder-5b2e81"
THREAD_BODY = "forum/partials/thread_body.html"
ANSWER_BODY = "forum/partials/answer_body.html"


def cached(name: str, keys: Iterable, render: Callable[[list], dict]) -> dict:
    """{key: HTML} for every key: from the cache where it holds the piece for the current version
    (this process's copy, else the shared cache), else from render(missing keys) -> {key: HTML},
    which is then stored. At most one round trip to read (get_many), one to store."""
    keys = list(keys)
    if not pagecache.usable():
        return render(keys)
    version = pagecache.current_version()
    prefix = f"piece:{version}:{get_language()}:{name}:"
    found = pagecache.versioned_get_many([f"{prefix}{key}" for key in keys], version)
    pieces = {key: found[f"{prefix}{key}"] for key in keys if f"{prefix}{key}" in found}
    missing = [key for key in keys if key not in pieces]
    if missing:
        rendered = render(missing)
        pagecache.versioned_set_many({f"{prefix}{key}": html for key, html in rendered.items()}, version)
        pieces.update(rendered)
    return pieces


def thread_posts(thread, answers) -> dict:
    """{("thread" | "answer", pk): HTML} of the thread's and each answer's shared part: marks,
    byline with flair, body, the thread's tags (forum/partials/thread_body.html, answer_body.html)."""
    from forum import selectors

    by_key = {f"thread-{thread.pk}": thread, **{f"answer-{a.pk}": a for a in answers}}

    def render(missing: list) -> dict:
        posts = [by_key[key] for key in missing]
        flair = selectors.author_flair({post.author_id for post in posts})
        html = {}
        for key, post in zip(missing, posts, strict=True):
            if post is thread:
                html[key] = get_template(THREAD_BODY).render(
                    {"thread": thread, "tags": list(thread.tags.all()), "flair": flair})
            else:
                html[key] = get_template(ANSWER_BODY).render(
                    {"answer": post, "thread": thread, "flair": flair, "SITE_NAME": settings.SITE_NAME})
        return html

    pieces = cached("post", by_key, render)
    return {(key.split("-")[0], int(key.split("-")[1])): mark_safe(html) for key, html in pieces.items()}


def thread_rows(request, threads, *, view: str, shared: bool = True) -> dict:
    """{"html", "number"}: a list page's rows and pagination (forum/partials/thread_rows.html) for
    this URL, once per content version and language. The lists show every reader the same public
    threads; `shared=False` (a member's own list) renders them each time."""
    from forum import selectors

    def render() -> dict:
        page = BoundedPaginator(threads, settings.FORUM["PAGE_SIZE"], max_pages=settings.FORUM["LIST_MAX_PAGES"]
                                ).get_page_after(request.GET.get("page"), request.GET.get("after"))
        rows = list(page.object_list)
        html = get_template(THREAD_ROWS).render({
            "threads": rows, "flair": selectors.author_flair({t.author_id for t in rows}), "page": page,
            "view": view, "request": request})
        return {"html": mark_safe(html), "number": page.number}

    if not shared:
        return render()
    return pagecache.versioned(f"forum:rows:{request.get_full_path()}", render)


def footer_state(user, page, kind: str, post, *, moderator: bool) -> dict:
    """What a post's footer shows of this reader (forum/partials/post_footer.html reads only this):
    which buttons they may use and which marks they have set. The same checks the actions enforce."""
    from forum import permissions

    state = {
        "may_kudo": permissions.can(permissions.check_give_kudo, user, post),
        "given": post.pk in (page.kudoed_answers if kind == "answer" else page.kudoed_threads),
        "may_edit": permissions.can(permissions.check_edit_post, user, post),
        "may_restore": post.is_deleted and moderator,
        "may_delete": not post.is_deleted and permissions.can(permissions.check_delete_post, user, post),
    }
    if kind == "thread":
        state["may_me_too"] = permissions.can(permissions.check_me_too, user, post)
        state["said_me_too"] = page.said_me_too
    else:
        state["may_accept"] = permissions.can(permissions.check_accept_answer, user, post)
    return state


def post_footers(request, page, thread, answers) -> dict:
    """{(kind, pk): HTML} of each post's footer of buttons (kudos, me too, accept, the apps' actions,
    edit, history, delete), rendered once per content version, language and reader state, and shared
    by every reader in that state: most readers of a post see the same buttons (kudos not given yet,
    report, no edit). The state is computed here, per reader, from the same permission checks the
    actions enforce (footer_state); the template sees nothing else of the reader, so nothing of one
    member can reach another's page. The CSRF token is a placeholder in the piece, this reader's in
    the page."""
    from forum import permissions

    user = request.user
    moderator = permissions.is_moderator(user)
    wanted = {}
    for kind, post in [("thread", thread), *(("answer", answer) for answer in answers)]:
        state = footer_state(user, page, kind, post, moderator=moderator)
        actions = [{name: str(value) for name, value in action.items()}
                   for action in page.actions.get((kind, post.pk), [])]
        digest = hashlib.sha256(repr((sorted(state.items()), actions)).encode()).hexdigest()[:20]
        wanted[f"{kind}-{post.pk}-{digest}"] = (kind, post, state, actions)

    def render(missing: list) -> dict:
        template = get_template(POST_FOOTER)
        return {key: template.render({"post": post, "kind": kind, "thread": thread, "s": state, "actions": actions,
                                      "csrf_token": pagecache.CSRF_PLACEHOLDER})
                for key in missing for kind, post, state, actions in [wanted[key]]}

    pieces, token = cached("footer", wanted, render), get_token(request)
    return {(kind, post.pk): mark_safe(pieces[key].replace(pagecache.CSRF_PLACEHOLDER, token))
            for key, (kind, post, _state, _actions) in wanted.items()}


def answer_form(request, thread, form) -> str:
    """The thread page's answer form. An empty form is the same for every member who may answer the
    thread, but for the upload button: rendered once per language, thread and "may upload" (the
    editor and the form's widgets were a tenth of a signed-in thread page), with placeholders for
    the CSRF token and the form's one-time submission token, put in here. A form sent back with its
    errors (what the member typed) is rendered as it is."""
    from forum import forms, permissions

    may_upload = permissions.can(permissions.check_upload_image, request.user)

    def render(answer_form) -> str:
        return get_template(ANSWER_FORM).render({
            "answer_form": answer_form, "thread": thread, "may_upload": may_upload,
            "csrf_token": pagecache.CSRF_PLACEHOLDER})

    if form is not None:
        html = render(form)
        token = None
    else:
        key = f"{thread.pk}-{int(may_upload)}"
        html = cached("answer-form", [key], lambda _missing: {key: render(
            forms.AnswerForm(initial={"submission_token": SUBMISSION_PLACEHOLDER}))})[key]
        token = forms.new_submission_token()
    html = html.replace(pagecache.CSRF_PLACEHOLDER, get_token(request))
    if token:
        html = html.replace(SUBMISSION_PLACEHOLDER, token)
    return mark_safe(html)
