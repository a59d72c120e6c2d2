"""Search document types "article" and "known_issue", registered with the forum's search module.

Each translation of a page is a document in its own language; all of them share the page's Wagtail
translation key as their translation group, so a result list shows the article once."""

from forum.search.documents import SearchDocument


def _primary_category(page) -> str:
    """The first related category by position: search facets treat the field as one category."""
    categories = sorted(page.categories.all(), key=lambda c: (c.position, c.name))
    return categories[0].slug if categories else ""


def _article_document(page) -> SearchDocument:
    return SearchDocument(
        doc_type="article", doc_id=str(page.pk), title=page.title,
        body=f"{page.summary} {page.plain_text()}".strip(), url=page.url or "",
        language=page.language, category=_primary_category(page),
        kind="article", status="published", tags=[t.name for t in page.tags.all()],
        created_at=page.first_published_at, updated_at=page.last_published_at,
        translation_group=str(page.translation_key),
    )


def _known_issue_document(page) -> SearchDocument:
    return SearchDocument(
        doc_type="known_issue", doc_id=str(page.pk), title=page.title, body=page.plain_text(),
        url=page.url or "", language=page.language, category=_primary_category(page),
        kind="known_issue", status=page.status, solved=not page.is_open,
        created_at=page.first_published_at, updated_at=page.last_published_at,
        translation_group=str(page.translation_key),
    )


class ArticleDocuments:
    name = "article"

    def _pages(self):
        from blog.models import ArticlePage

        # Each translation is its own document, in its page's language (the locale picks the stemmer).
        return ArticlePage.objects.live().public().select_related("locale").prefetch_related("categories", "tags")

    def document(self, pk):
        page = self._pages().filter(pk=pk).first()
        return _article_document(page) if page else None

    def all_documents(self):
        for page in self._pages().iterator(chunk_size=200):
            yield _article_document(page)

    def count(self) -> int:  # /healthz compares it with the index on every call: one COUNT
        return self._pages().count()


class KnownIssueDocuments:
    name = "known_issue"

    def _pages(self):
        from blog.models import KnownIssuePage

        return (KnownIssuePage.objects.live().public().select_related("locale")
                .prefetch_related("categories", "updates"))

    def document(self, pk):
        page = self._pages().filter(pk=pk).first()
        return _known_issue_document(page) if page else None

    def all_documents(self):
        for page in self._pages().iterator(chunk_size=200):
            yield _known_issue_document(page)

    def count(self) -> int:  # /healthz compares it with the index on every call: one COUNT
        return self._pages().count()
