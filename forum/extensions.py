"""Places on forum pages that other apps fill, without the forum importing them.

Apps register providers in their AppConfig.ready(). Every provider must cost a fixed number of
queries however many posts a page shows (take the whole list, answer for all of it at once),
so pages keep their pinned query counts.
"""

from collections.abc import Callable
from typing import Literal, NotRequired, TypedDict

from config.registry import Banner  # noqa: F401 - forum_banners have the site banners' shape


class Panel(TypedDict):
    """A section another app renders on a forum page: its template and that template's context."""

    template: str  # "<app>/panels/<name>.html"
    context: dict
    # Static paths the panel needs, linked once in the page's <head> (a panel's template holds no <link>).
    stylesheets: NotRequired[list[str]]


class PostAction(TypedDict):
    """A button under a post."""

    label: str
    url: str
    method: Literal["get", "post"]  # "post" is a small form with the CSRF token
    style: str  # a button modifier: "ghost", "secondary", "success"…


# provider(request, thread) -> list[Panel]
# Rendered in the thread page's side column (related articles, case status, staff notes…).
thread_panels: list[Callable] = []

# provider(request, thread, answers) -> {("thread"|"answer", pk): list[PostAction]}
# Extra buttons under each post (verify, report, link an article…).
post_actions: list[Callable] = []

# provider(user_ids: set[int]) -> {user_id: safe HTML snippet}
# Shown beside an author's name on every post and list (rank, reputation…).
author_flair: list[Callable] = []

# provider(request, member) -> list[Panel]
# Sections on a member's public profile (badges, reputation history…).
profile_panels: list[Callable] = []

# provider(language) -> list[{"title", "url", "language"}]
# What to read when a search finds nothing: how-to articles others found helpful (the blog).
search_fallbacks: list[Callable] = []

# provider(request, category_or_none) -> list[Banner] (config.registry.Banner)
# Banners above forum lists and thread pages (known issues in a category…).
forum_banners: list[Callable] = []


def register(hook: list[Callable], provider: Callable) -> None:
    if provider not in hook:
        hook.append(provider)
