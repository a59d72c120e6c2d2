"""Turning what someone typed into safe search terms.

Nothing typed reaches a backend's query language: words are extracted with a regular expression,
lower-cased and capped, so quotes, `*`, `AND`, brackets or SQL fragments are just text.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh.lang import stopwords_for_language

MAX_QUERY_LENGTH = 200  # characters kept of what was typed (and logged)
MAX_TERMS = 12  # words sent to a backend
MAX_TERM_LENGTH = 40

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOP_WORDS = frozenset(stopwords_for_language("en")) | frozenset(stopwords_for_language("nl"))


@dataclass
class ParsedQuery:
    raw: str  # what was typed, capped
    normalized: str  # lower-case words joined by single spaces (the search log groups on this)
    words: list[str] = field(default_factory=list)  # every word, stop words included
    terms: list[str] = field(default_factory=list)  # the words that carry meaning

    @property
    def is_empty(self) -> bool:
        return not self.words

    @property
    def only_stop_words(self) -> bool:
        return bool(self.words) and not self.terms

    @property
    def was_capped(self) -> bool:
        return len(self.words) > MAX_TERMS


def _fold(text: str) -> str:
    """Lower-case and compose; keeps accents (Dutch "één" stays a word)."""
    return unicodedata.normalize("NFKC", text).casefold()


def parse(raw: str | None) -> ParsedQuery:
    raw = (raw or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    words = [word[:MAX_TERM_LENGTH] for word in _WORD.findall(_fold(raw))]
    terms = []
    for word in words:
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return ParsedQuery(
        raw=raw, normalized=" ".join(words)[:MAX_QUERY_LENGTH], words=words, terms=terms[:MAX_TERMS]
    )


def words_of(text: str) -> list[str]:
    """The plain words of a text, for spelling vocabularies."""
    return _WORD.findall(_fold(text))
