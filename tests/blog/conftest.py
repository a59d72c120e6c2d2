"""Blog fixtures: the index pages the migration makes, and helpers that publish pages as editors do."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from blog.models import (
    ArticlePage,
    ArticleThreadPick,
    BlogIndexPage,
    KnownIssueIndexPage,
    KnownIssuePage,
    KnownIssueUpdate,
)

STEPS_BODY = [
    {"type": "paragraph", "value": "<p>Routers often broadcast on 5 GHz only.</p>"},
    {"type": "step", "value": {"title": "Open the router settings", "text": "<p>Go to 192.168.1.1.</p>"}},
    {"type": "step", "value": {"title": "Turn on 2.4 GHz", "text": "<p>Give it its own name.</p>"}},
    {"type": "tip", "value": "<p>Your phone can go back to 5 GHz afterwards.</p>"},
    {"type": "warning", "value": "<p>Guest networks block devices.</p>"},
]


@pytest.fixture
def blog_index(db):
    return BlogIndexPage.objects.get(slug="blog", locale__language_code="en")


@pytest.fixture
def dutch_blog_index(db):
    """The Dutch how-to index (blog/0006): the English one's translation, at the same /blog/."""
    return BlogIndexPage.objects.get(slug="blog", locale__language_code="nl")


@pytest.fixture
def known_issue_index(db):
    return KnownIssueIndexPage.objects.get(slug="known-issues", locale__language_code="en")


@pytest.fixture
def publish_article(blog_index, dutch_blog_index):
    """An article in `language` (its page's locale: under that language's index), published by `by`;
    `translation_of` links it to an article in the other language, as "Translate" in the CMS does."""

    def make(*, title="Connect your smart lamp to 2.4 GHz wifi", slug=None, summary="Lamps need 2.4 GHz wifi.",
             body=None, categories=(), tags=(), threads=(), by=None, language="en", publish=True,
             translation_of=None):
        article = ArticlePage(title=title, slug=slug or slugify(title)[:50], summary=summary,
                              body=json.dumps(body or STEPS_BODY), author=by)
        if translation_of is not None:
            article.translation_key = translation_of.translation_key
        article.categories = list(categories)
        article.thread_picks = [ArticleThreadPick(thread=t) for t in threads]
        article.live = False  # a draft until published, as in the admin
        (dutch_blog_index if language == "nl" else blog_index).add_child(instance=article)
        if tags:
            article.tags.add(*tags)
        revision = article.save_revision(user=by)
        if publish:
            revision.publish(user=by)
        return ArticlePage.objects.get(pk=article.pk)

    return make


@pytest.fixture
def publish_known_issue(known_issue_index):
    def make(*, title="Lamps lose their connection", status=KnownIssuePage.Status.INVESTIGATING, categories=(),
             updates=(), by=None, resolved_at=None):
        known_issue = KnownIssuePage(title=title, slug=slugify(title)[:50],
                                summary="Some lamps disconnect every evening.", status=status,
                                started_at=timezone.now() - timedelta(days=1),
                                resolved_at=resolved_at or (timezone.now() if status == "resolved" else None),
                                workaround="<p>Switch the lamp off and on.</p>")
        known_issue.categories = list(categories)
        known_issue.updates = [KnownIssueUpdate(text=text, status=status) for text in updates]
        known_issue_index.add_child(instance=known_issue)
        known_issue.save_revision(user=by).publish(user=by)
        return KnownIssuePage.objects.get(pk=known_issue.pk)

    return make


def translate(page, title, editor):
    """The page translated into Dutch as "Translate" in the CMS does it, retitled and published."""
    from wagtail.models import Locale

    dutch = page.copy_for_translation(Locale.objects.get(language_code="nl"))
    dutch.give_own_slug()
    dutch = dutch.get_latest_revision_as_object()
    dutch.title = title
    dutch.save_revision(user=editor).publish(user=editor)
    return type(page).objects.get(pk=dutch.pk)


def add_update(known_issue, text, *, status=None, by=None):
    """Add a timeline entry the way the editor does: a new revision, published."""
    page = known_issue.get_latest_revision_as_object()
    page.updates.add(KnownIssueUpdate(text=text, status=status or page.status))
    if status:
        page.status = status
        if status == KnownIssuePage.Status.RESOLVED:
            page.resolved_at = timezone.now()
    page.save_revision(user=by).publish(user=by)
    return KnownIssuePage.objects.get(pk=known_issue.pk)
