"""What search indexes: document types register here; backends index SearchDocuments.

The forum registers "thread"; the blog registers its pages (the search module never imports
the blog). To keep the index fresh, call schedule_index(type_name, pk) after a change commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass
class SearchDocument:
    doc_type: str  # "thread", "article", "known_issue"
    doc_id: str  # unique within its type
    title: str
    body: str  # plain text (no markup): question, answers, article text
    url: str
    language: str = "en"  # "en" or "nl": picks the stemmer
    category: str = ""  # category slug(s), space-separated
    kind: str = ""  # thread kind, "article" or "known_issue"
    status: str = ""
    tags: list[str] = field(default_factory=list)
    solved: bool = False
    verified: bool = False
    kudos: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # For the document's embedding (forum.search.semantic): the question alone and the answer
    # that helped; empty where the body is all there is (articles).
    question: str = ""
    answer: str = ""
    # Documents that are translations of one another (a blog article in English and in Dutch) share
    # it, and a result list shows one of them: the one in the reader's language (see collapse in the
    # backends and forum.search.hybrid). Empty: a document of its own (a thread).
    translation_group: str = ""


class DocumentType(Protocol):
    name: str

    def document(self, pk) -> SearchDocument | None:
        """The document for this object, or None when it should not be searchable (deleted, draft)."""

    def all_documents(self) -> Iterable[SearchDocument]:
        """Every searchable document of this type, for rebuilds and drift checks."""


_types: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> None:
    _types[document_type.name] = document_type


def document_types() -> dict[str, DocumentType]:
    return dict(_types)


def schedule_index(type_name: str, pk) -> None:
    """Re-index one object after the current transaction commits (deletes it when it is gone)."""
    from django.db import transaction

    from forum import tasks

    transaction.on_commit(lambda: tasks.enqueue(tasks.index_document, type_name, str(pk)))


def fingerprint(document: SearchDocument) -> str:
    """A short digest of everything indexed, so search_check can tell a stale entry from a fresh one."""
    import hashlib

    parts = [
        document.doc_type, document.doc_id, document.title, document.body, document.url,
        document.language, document.category, document.kind, document.status, " ".join(document.tags),
        str(int(document.solved)), str(int(document.verified)), str(document.kudos),
        document.created_at.isoformat() if document.created_at else "",
    ]
    if document.translation_group:
        # Only where there is one, so the fingerprints of documents without a group (every thread)
        # stayed what they were when the field came; an article indexed before it reads as stale.
        parts.append(document.translation_group)
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def rank_boost(document: SearchDocument) -> float:
    """Multiplier on text relevance: verified above solved above open; kudos a small tie-breaker."""
    import math

    boost = 1.0
    if document.verified:
        boost += 0.6
    if document.solved:
        boost += 0.3
    return round(boost + 0.05 * math.log1p(max(document.kudos, 0)), 4)


def key(doc_type: str, doc_id) -> str:
    return f"{doc_type}:{doc_id}"
