"""Document sets as bitsets, for counting and faceting Whoosh results in bounded time.

A broad query ("parcel") can match most of the index. Whoosh can find its ten best documents
without scoring them all (block-quality skipping), but the total and the facet counts would
still need a Python step per matching document. Here a set of documents is one Python int, bit n
standing for document n: the set of a term is built once per segment from its postings and kept
while the segment lives, and AND, OR, NOT and counting are then big-integer operations that run
in C, a few microseconds each at 100k documents.
"""

import heapq
import threading
from collections import OrderedDict
from functools import reduce

from whoosh import query as wq
from whoosh.idsets import DocIdSet
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher

from forum.search.backends.base import FACETS

TERM_CACHE_SIZE = 2048  # terms kept per segment; one costs (documents in it / 8) bytes
SEGMENT_CACHE_SIZE = 64  # segments whose bitsets are kept (an index has a handful at a time)


class BitFilter(DocIdSet):
    """A bitset in the shape Whoosh's collector takes as `filter` (it only asks `docnum in`)."""

    def __init__(self, bits: int):
        self.bits = bits
        self._bytes = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")

    def __contains__(self, docnum) -> bool:
        byte = docnum >> 3
        return byte < len(self._bytes) and bool(self._bytes[byte] >> (docnum & 7) & 1)

    def __len__(self) -> int:
        return self.bits.bit_count()

    def __iter__(self):
        data = self._bytes
        for byte_index, byte in enumerate(data):
            while byte:
                low = byte & -byte
                yield byte_index * 8 + low.bit_length() - 1
                byte ^= low


class DocsQuery(wq.Query):
    """Exactly the documents of a bitset, unscored. `Require(query, DocsQuery(searcher, bits))`
    scores `query` on those documents only, so Whoosh walks them instead of every match."""

    def __init__(self, top_searcher, bits: int):
        numbers = list(BitFilter(bits))  # ascending
        self._local = {}
        for searcher, offset in top_searcher.leaf_searchers():
            end = offset + searcher.doc_count_all()
            self._local[id(searcher)] = [n - offset for n in numbers if offset <= n < end]

    def matcher(self, searcher, context=None):
        ids = self._local.get(id(searcher))
        return ListMatcher(ids, weights=[1.0] * len(ids)) if ids else NullMatcher()


def _bits_of(numbers, size: int) -> int:
    buffer = bytearray((size >> 3) + 1)
    for number in numbers:
        buffer[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(buffer, "little")


class SegmentBits:
    """The bitsets of one Whoosh segment, in the segment's own document numbers.

    A segment never changes once written (deletions are kept apart, see DocBits.live), so these
    outlive searchers: after a post is indexed, only the new small segment has to be read.
    """

    def __init__(self, reader):
        self.size = reader.doc_count_all()
        self._terms: OrderedDict = OrderedDict()
        self._facets: dict | None = None
        self._newest_first: list | None = None
        self._lock = threading.Lock()

    def term(self, reader, fieldname: str, text) -> int:
        cache_key = (fieldname, text)
        with self._lock:
            bits = self._terms.get(cache_key)
            if bits is not None:
                self._terms.move_to_end(cache_key)
                return bits
        bits = 0
        if (fieldname, text) in reader:
            bits = _bits_of(_postings_ids(reader.postings(fieldname, text)), self.size)
        with self._lock:
            self._terms[cache_key] = bits
            if len(self._terms) > TERM_CACHE_SIZE:
                self._terms.popitem(last=False)
        return bits

    def facets(self, reader) -> dict[str, list[tuple[str, int]]]:
        if self._facets is None:
            self._facets = {
                name: [(value.decode() if isinstance(value, bytes) else value, self.term(reader, name, value))
                       for value in reader.lexicon(name)]
                for name in FACETS
            }
        return self._facets

    def newest_first(self, reader) -> list[tuple]:
        """(created, document) pairs, newest first."""
        if self._newest_first is None:
            created = reader.column_reader("created")
            self._newest_first = sorted(((created[n] or 0, n) for n in range(self.size)), reverse=True)
        return self._newest_first


_segments: OrderedDict = OrderedDict()
_segments_lock = threading.Lock()


def _segment_bits(reader) -> SegmentBits:
    segment = reader.segment()
    if segment is None:  # not a segment of an index on disk: nothing to share
        return SegmentBits(reader)
    cache_key = (segment.segment_id(), reader.doc_count_all())
    with _segments_lock:
        found = _segments.get(cache_key)
        if found is None:
            found = _segments[cache_key] = SegmentBits(reader)
            if len(_segments) > SEGMENT_CACHE_SIZE:
                _segments.popitem(last=False)
        else:
            _segments.move_to_end(cache_key)
        return found


class DocBits:
    """The bitsets of one searcher, composed from its segments' (shifted to their offsets)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.reader().doc_count_all()
        self._leaves = [(reader, offset, _segment_bits(reader)) for reader, offset in searcher.reader().leaf_readers()]
        self._terms: dict = {}
        self._live: int | None = None
        self._facets: dict | None = None

    @classmethod
    def of(cls, searcher) -> "DocBits":
        bits = getattr(searcher, "_flawsome_bits", None)
        if bits is None:
            bits = cls(searcher)
            searcher._flawsome_bits = bits
        return bits

    @property
    def live(self) -> int:
        """Every document that is not deleted (deletions change without a new segment: per searcher)."""
        if self._live is None:
            deleted = []
            for reader, offset, _segment in self._leaves:
                if reader.has_deletions():
                    numbers = getattr(reader, "deleted_docs_set", None)
                    if numbers is None:
                        numbers = (n for n in range(reader.doc_count_all()) if reader.is_deleted(n))
                    deleted.extend(offset + n for n in numbers)
            self._live = ((1 << self.size) - 1) & ~_bits_of(deleted, self.size)
        return self._live

    def term(self, fieldname: str, text) -> int:
        cache_key = (fieldname, text)
        bits = self._terms.get(cache_key)
        if bits is None:
            bits = 0
            for reader, offset, segment in self._leaves:
                bits |= segment.term(reader, fieldname, text) << offset
            self._terms[cache_key] = bits
        return bits

    def matching(self, q) -> int:
        """The documents a parsed query matches (deleted ones included; AND with `live`)."""
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.And):
            return reduce(lambda a, b: a & b, (self.matching(c) for c in q.subqueries), self.live)
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            return reduce(lambda a, b: a | b, (self.matching(c) for c in q.subqueries), 0)
        if isinstance(q, wq.AndNot):
            return self.matching(q.a) & ~self.matching(q.b)
        if q is wq.NullQuery:
            return 0
        # Anything else (none is produced by our parser today): ask Whoosh, one step per document.
        return _bits_of(q.docs(self.searcher), self.size)

    def facet_counts(self, bits: int) -> dict[str, dict[str, int]]:
        """How many of `bits` have each value of each facet field."""
        if self._facets is None:
            merged: dict[str, dict[str, int]] = {name: {} for name in FACETS}
            for reader, offset, segment in self._leaves:
                for name, values in segment.facets(reader).items():
                    for value, value_bits in values:
                        merged[name][value] = merged[name].get(value, 0) | value_bits << offset
            self._facets = merged
        return {
            name: {value: count for value, value_bits in values.items() if (count := (bits & value_bits).bit_count())}
            for name, values in self._facets.items()
        }

    def newest_first(self, bits: int, limit: int) -> list[int]:
        """Up to `limit` documents of `bits`, newest first (each segment's order is built once)."""
        allowed = BitFilter(bits)
        ordered = heapq.merge(
            *(((created, offset + n) for created, n in segment.newest_first(reader))
              for reader, offset, segment in self._leaves),
            reverse=True,
        )
        found = []
        for _created, number in ordered:
            if number in allowed:
                found.append(number)
                if len(found) >= limit:
                    break
        return found


def _postings_ids(matcher):
    """Document numbers of one term's postings, a block at a time where the codec allows it."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted documents: removed later with `live`
    read_block = getattr(matcher, "_read_ids", None)
    next_block = getattr(matcher, "_next_block", None)
    if read_block is None or next_block is None:
        yield from matcher.all_ids()
        return
    # Whoosh's own all_ids() makes several Python calls per document; a block holds ~128 ids.
    while matcher.is_active():
        if matcher._ids is None:
            read_block()
        yield from matcher._ids[matcher._i:]
        next_block()
