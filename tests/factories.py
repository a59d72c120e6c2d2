"""Factories with keyword-only options. Posts go through services, as they do on the site."""

import itertools

from django.contrib.auth.models import Group

from forum import services
from forum.models import Category

_sequence = itertools.count(1)


def make_member(*, username: str | None = None, email: str | None = None, password: str = "password-123!",
                display_name: str = "", language: str = "en", groups: tuple[str, ...] = (),
                is_staff: bool = False, is_superuser: bool = False, verified: bool = True):
    n = next(_sequence)
    username = username or f"member{n}"
    user = services.member_create(
        username=username, email=email or f"{username}@example.com", password=password,
        display_name=display_name or username.title(), language=language,
        is_staff=is_staff, is_superuser=is_superuser,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if verified:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_category(*, name: str | None = None, slug: str | None = None, **fields) -> Category:
    n = next(_sequence)
    return Category.objects.create(name=name or f"Category {n}", slug=slug or f"category-{n}", **fields)


def make_thread(*, author=None, category=None, kind: str = "question", title: str | None = None,
                body: str = "How do I reset the device to factory settings?", tags=()):
    n = next(_sequence)
    return services.thread_create(
        author=author or make_member(), kind=kind, title=title or f"A question about resets number {n}",
        body=body, category=category or make_category(), tags=tags,
    )


def make_answer(*, thread=None, author=None, body: str = "Hold the button for ten seconds."):
    return services.answer_create(author=author or make_member(), thread=thread or make_thread(), body=body)


def grant(user, codename: str):
    """Give a user a forum privilege (ranks do this in badges) and forget their cached permissions."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(content_type__app_label="forum", codename=codename))
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


def without_privileges(user):
    """Take away every group (rank or role), so the user holds no forum privilege at all."""
    user.groups.clear()
    user.user_permissions.clear()
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user
