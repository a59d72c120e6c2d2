"""Template helpers: `can` asks forum.permissions, so a button shown is a rule enforced."""

import difflib

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from config.templatetags.site_pages import query_with
from config.web.translated import shown_language
from forum import permissions

register = template.Library()


@register.simple_tag
def can(check_name: str, *args) -> bool:
    """{% can "accept_answer" user answer as may_accept %} -> permissions.can(check_accept_answer, ...)."""
    check = getattr(permissions, f"check_{check_name}")
    return permissions.can(check, *args)


@register.filter
def lang_of(obj, field: str = "name") -> str:
    """' lang="en"' when the company's text shows in another language than the page's (no Dutch
    name yet: the English one), so a screen reader reads it as English; else nothing.
    <a href="…"{{ category|lang_of }}>{{ category.name }}</a>"""
    language = shown_language(obj, field)
    page = (translation.get_language() or "")[:2]
    return format_html(' lang="{}"', language) if language and language != page else ""


@register.filter
def avatar_url(user) -> str:
    profile = getattr(user, "profile", None)
    if profile is not None and profile.avatar:
        return profile.avatar.url
    return reverse("forum:avatar", kwargs={"username": user.get_username()})


@register.simple_tag
def avatar(person, size: int = 32, variant: str = "") -> str:
    """The one way a member's picture is shown: their upload, else the initials drawn for them.

    `person` is a user or a row with "username" and "avatar" (a URL or empty). The picture is
    decorative (alt=""): the name beside it is what a screen reader reads.
    """
    if isinstance(person, dict):
        src = person.get("avatar") or reverse("forum:avatar", kwargs={"username": person["username"]})
    else:
        src = avatar_url(person)
    classes = f"avatar avatar--{variant}" if variant else "avatar"
    return format_html('<img class="{}" src="{}" alt="" width="{}" height="{}">', classes, src, size, size)


@register.filter
def display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.get_username()


@register.simple_tag
def flair_for(flair: dict, user_id) -> str:
    return mark_safe(" ".join(flair.get(user_id, [])))  # providers return safe HTML by contract


@register.simple_tag
def piece(page, kind: str, pk) -> str:
    """A post's part that is the same for every reader, rendered once per version (forum/fragments.py)."""
    return page.pieces[(kind, pk)]


@register.simple_tag
def footer(page, kind: str, pk) -> str:
    """A post's footer of buttons, shared by every reader in the same state (forum/fragments.py)."""
    return page.footers[(kind, pk)]


# The pages of every app share it; forum templates load it from here as before.
register.simple_tag(query_with, takes_context=True)


@register.simple_tag
def diff_html(old: str, new: str) -> str:
    """A line diff of two texts as HTML (<ins>/<del> lines)."""
    rows = []
    for line in difflib.ndiff((old or "").splitlines(), (new or "").splitlines()):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        css = {"+ ": "diff-add", "- ": "diff-del"}.get(code, "diff-same")
        rows.append((css, code.strip() or " ", text))
    if not rows:
        return ""
    return format_html(
        '<pre class="diff">{}</pre>',
        format_html_join("", '<span class="{}"><b>{}</b> {}\n</span>', rows),
    )


@register.simple_tag
def panel_stylesheets(panels) -> str:
    """<link> tags for the stylesheets the page's panels ask for, each once, for the page's <head>."""
    hrefs = list(dict.fromkeys(href for panel in panels or [] for href in panel.get("stylesheets") or []))
    return format_html_join("", '<link rel="stylesheet" href="{}">', ((static(href),) for href in hrefs))


@register.simple_tag(takes_context=True)
def render_panel(context, panel: dict) -> str:
    """Render a panel registered by another app: its template with its own context, inside the page's.

    Like {% include %}: the page's context (request, user, csrf_token, what the context processors
    gave) is there, and the processors are not run again. render_to_string(request=…) ran every one
    of them once more per panel, so the header's unread-notification count was queried twice.
    """
    template = context.template.engine.get_template(panel["template"])
    data = {**(panel.get("context") or {}), "panel": panel.get("context") or {}}
    with context.push(data):
        return template.render(context)
