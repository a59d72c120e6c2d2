"""Places on forum pages that other apps fill, without the forum importing them.

Apps register providers in their AppConfig.ready(). Every provider must cost a fixed number of
queries however many posts a page shows (take the whole list, answer for all of it at once),
so pages keep their pinned query counts.
"""

from collections.abc import Callable

# provider(request, thread) -> list of {"template": "app/panel.html", "context": {...},
#                                      "stylesheets": ["app/css/file.css", ...] (optional, static paths)}
# Rendered in the thread page's side column (related articles, case status, staff notes…); the
# page links each stylesheet once, in <head> (a panel's template holds no <link>).
thread_panels: list[Callable] = []

# provider(request, thread, answers) -> {("thread"|"answer", pk): [{"label", "url", "method", "style"}]}
# Extra buttons under each post (verify, report, link an article…). method is "get" or "post".
post_actions: list[Callable] = []

# provider(user_ids: set[int]) -> {user_id: safe HTML snippet}
# Shown beside an author's name on every post and list (rank, reputation…).
author_flair: list[Callable] = []

# provider(request, member) -> list of {"template": ..., "context": {...}}
# Sections on a member's public profile (badges, reputation history…).
profile_panels: list[Callable] = []

# provider(request, category_or_none) -> list of {"level": "warning", "text": ..., "url": ..., "link_text": ...}
# Banners above forum lists and thread pages (known issues in a category…).
forum_banners: list[Callable] = []


def register(hook: list[Callable], provider: Callable) -> None:
    if provider not in hook:
        hook.append(provider)
