"""The interface every search backend implements, and the shapes it answers with."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from forum.search.documents import SearchDocument

FACETS = ("category", "kind", "solved", "verified", "doc_type")
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # turned into <mark> after escaping


def mark_cuts(snippet: str, body: str) -> str:
    """Mark a snippet taken from the middle of the text with "…" where it was cut (both backends)."""
    if not snippet:
        return snippet
    plain = snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    if not body.startswith(plain[:30]):
        snippet = "… " + snippet
    if not body.rstrip().endswith(plain[-30:].rstrip()):
        snippet += " …"
    return snippet


# With match="any", a word in more documents than COMMON_ROWS selects candidates only together
# with the query's other common words (it still counts in every candidate's score): ranking every
# thread with "parcel" in it is what made the similar box slow at 100k threads (#10). An
# uncounted query (similar, related) ranks at most SCAN_CAP candidates, in index order: reached
# only when the words are all common, where they tell documents apart least and the model's half
# of the hybrid ranking decides. Both backends apply the two the same way.
COMMON_ROWS = 2000
SCAN_CAP = 2000
# On PostgreSQL a counted query (the search page) counts and facets every match but ranks at most
# RANK_CAP of them: the most helpful (rank boost: solved, verified, kudos), then the newest, or the newest when
# sorted by date. Ranking is what grows with the matches (at 200k threads, 72,780 matches for four
# common words took 1.6 s of ranking); no reader pages past MAX_PAGE × PER_PAGE = 1,000. (Whoosh
# scores inside its own collector.)
RANK_CAP = 2000


def group_of(doc_key: str, translation_group: str) -> str:
    """A document's translation group, namespaced so that no group can equal a document's own key."""
    return f"translations:{translation_group}" if translation_group else doc_key


class SearchUnavailable(Exception):
    """The index cannot be read right now (missing, corrupt, being rebuilt)."""


class SearchTimedOut(Exception):
    """The search took longer than settings.SEARCH_TIME_LIMIT_MS and was stopped (PostgreSQL): the
    words match too much to rank in time. The index is fine; the reader is asked to narrow it."""


@dataclass
class Query:
    terms: list[str]
    filters: dict = field(default_factory=dict)  # category, kind, solved, verified, doc_types
    sort: str = "relevance"  # or "date"
    page: int = 1
    per_page: int = 10
    facets: bool = True
    highlight: bool = True
    exclude: tuple[str, ...] = ()  # document keys "type:id" to leave out (the thread itself)
    match: str = "any"  # "all": every term must match; "any": at least one (ranked by how many)
    scope: str = "all"  # "titles": match titles and tags only (similar and related questions)
    count: bool = True  # False: only the hits are needed; total may then be just len(hits)
    min_match: int = 1  # with match="any": how many of the terms a document must contain
    # Of the matching translations of one document (SearchDocument.translation_group) only one is a
    # hit: the one in this language, else the one first indexed. Totals and facets count it once.
    prefer_language: str = ""


@dataclass
class Hit:
    doc_type: str
    doc_id: str
    title: str
    url: str
    snippet: str = ""  # plain text with HIGHLIGHT_START/END markers
    category: str = ""
    kind: str = ""
    status: str = ""
    language: str = "en"
    solved: bool = False
    verified: bool = False
    kudos: int = 0
    created_at: datetime | None = None
    score: float = 0.0
    translation_group: str = ""

    @property
    def key(self) -> str:
        return f"{self.doc_type}:{self.doc_id}"

    @property
    def group(self) -> str:
        """What the hit is one of: its translation group, or the document itself."""
        return group_of(self.key, self.translation_group)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchBackend:
    name = "base"

    def index(self, documents: list[SearchDocument]) -> None:
        raise NotImplementedError

    def delete(self, keys: list[tuple[str, str]]) -> None:
        raise NotImplementedError

    def search(self, query: Query) -> Results:
        raise NotImplementedError

    def suggest(self, words: list[str], language: str = "") -> dict[str, str]:
        """{misspelled word: best known word} for the words the index does not know or hardly uses."""
        raise NotImplementedError

    def fetch(self, keys: list[str], terms: list[str] = ()) -> dict[str, Hit]:
        """Hits for documents found another way (semantic search), snippets around `terms`."""
        raise NotImplementedError

    def health(self) -> tuple[bool, str]:
        raise NotImplementedError

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None) -> int:
        """Index everything anew beside the live index, then swap; returns the number indexed."""
        raise NotImplementedError

    def fingerprints(self) -> dict[str, str]:
        """{"type:id": fingerprint} of everything in the index (for search_check)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError
