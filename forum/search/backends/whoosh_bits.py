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

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.idsets import DocIdSet
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from forum.search.backends.base import FACETS

GROUP_FIELD = "translation_group"
TERM_CACHE_SIZE = 2048  # terms kept per segment; one costs (documents in it / 8) + 12 bytes a posting
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


def _bits_of(numbers, size: int) -> int:
    return _bits_of_array(np.fromiter(numbers, dtype=np.int64), size)


class SegmentBits:
    """The bitsets of one Whoosh segment, in the segment's own document numbers.

    A segment never changes once written (deletions are kept apart, see DocBits.live), so these
    outlive searchers: after a post is indexed, only the new small segment has to be read.
    """

    def __init__(self, reader):
        self.size = reader.doc_count_all()
        self._terms: OrderedDict = OrderedDict()  # (field, text) -> (bits, ids, weights)
        self._lengths: dict[str, np.ndarray] = {}
        self._facets: dict | None = None
        self._newest_first: list | None = None
        self._groups: tuple[int, dict[int, str]] | None = None
        self._lock = threading.Lock()

    def _term(self, reader, fieldname: str, text) -> tuple[int, np.ndarray, np.ndarray]:
        cache_key = (fieldname, text)
        with self._lock:
            found = self._terms.get(cache_key)
            if found is not None:
                self._terms.move_to_end(cache_key)
                return found
        bits, ids, weights = 0, _NO_IDS, _NO_WEIGHTS
        if (fieldname, text) in reader:
            ids, weights = _postings_arrays(reader.postings(fieldname, text))
            bits = _bits_of_array(ids, self.size)
        found = (bits, ids, weights)
        with self._lock:
            self._terms[cache_key] = found
            if len(self._terms) > TERM_CACHE_SIZE:
                self._terms.popitem(last=False)
        return found

    def term(self, reader, fieldname: str, text) -> int:
        return self._term(reader, fieldname, text)[0]

    def postings(self, reader, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """The term's document numbers (ascending, deleted ones included) and weights."""
        return self._term(reader, fieldname, text)[1:]

    def lengths(self, reader, fieldname: str) -> np.ndarray:
        """Every document's length in the field, as Whoosh stores it (one byte, decoded)."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = self._lengths[fieldname] = _field_lengths(reader, fieldname, self.size)
        return found

    def facets(self, reader) -> dict[str, list[tuple[str, int]]]:
        if self._facets is None:
            self._facets = {
                name: [(value.decode() if isinstance(value, bytes) else value, self.term(reader, name, value))
                       for value in reader.lexicon(name)]
                for name in FACETS
            }
        return self._facets

    def groups(self, reader) -> tuple[int, dict[int, str]]:
        """The documents that have a translation group, and each one's group (few: blog pages).
        A segment of an index from before the field has none."""
        if self._groups is None:
            grouped, group_of = 0, {}
            if GROUP_FIELD in reader.schema:
                for value in reader.lexicon(GROUP_FIELD):
                    ids, _weights = _postings_arrays(reader.postings(GROUP_FIELD, value))
                    group = value.decode() if isinstance(value, bytes) else value
                    group_of.update(dict.fromkeys(ids.tolist(), group))
                grouped = _bits_of_array(np.fromiter(group_of, dtype=np.int64, count=len(group_of)), self.size)
            self._groups = (grouped, group_of)
        return self._groups

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
        self._postings: dict = {}
        self._lengths: dict = {}
        self.scores: dict = {}  # whoosh_scoring's per-term contributions, valid for this searcher
        self._live: int | None = None
        self._facets: dict | None = None
        self._groups: tuple[int, dict[int, str]] | None = None

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

    def postings(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings over the whole searcher: document numbers (ascending) and weights."""
        cache_key = (fieldname, text)
        found = self._postings.get(cache_key)
        if found is None:
            parts = [segment.postings(reader, fieldname, text) for reader, _offset, segment in self._leaves]
            if len(parts) == 1:
                found = parts[0]
            else:
                found = (np.concatenate([ids + offset for (ids, _w), (_r, offset, _s) in zip(parts, self._leaves, strict=True)]),
                         np.concatenate([weights for _ids, weights in parts]))
            self._postings[cache_key] = found
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        found = self._lengths.get(fieldname)
        if found is None:
            parts = [segment.lengths(reader, fieldname) for reader, _offset, segment in self._leaves]
            found = self._lengths[fieldname] = parts[0] if len(parts) == 1 else np.concatenate(parts)
        return found

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

    def groups(self) -> tuple[int, dict[int, str]]:
        """(the documents with a translation group, {document: its group}) over the whole searcher."""
        if self._groups is None:
            grouped, group_of = 0, {}
            for reader, offset, segment in self._leaves:
                segment_grouped, segment_groups = segment.groups(reader)
                grouped |= segment_grouped << offset
                group_of.update({offset + number: group for number, group in segment_groups.items()})
            self._groups = (grouped, group_of)
        return self._groups

    def newest_first(self, bits: int, limit: int) -> list[int]:
        """Up to `limit` documents of `bits`, newest first (each segment's order is built once)."""
        allowed = BitFilter(bits)
        # One generator per segment, each with its own offset: a generator expression inside this
        # one would read `offset` when merged, after the loop, and number every segment as the last.
        ordered = heapq.merge(
            *(_shifted(segment.newest_first(reader), offset) for reader, offset, segment in self._leaves),
            reverse=True,
        )
        found = []
        for _created, number in ordered:
            if number in allowed:
                found.append(number)
                if len(found) >= limit:
                    break
        return found


def _shifted(pairs, offset: int):
    """(created, document) pairs of one segment, numbered in the whole searcher."""
    for created, number in pairs:
        yield created, offset + number


_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS = np.zeros(0, dtype=np.float32)
# Whoosh keeps a field's length in one byte per document; this decodes it (whoosh.util.numeric).
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def _bits_of_array(ids: np.ndarray, size: int) -> int:
    mask = np.zeros(size, dtype=bool)
    mask[ids] = True
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def numbers_of(bits: int) -> np.ndarray:
    """The document numbers in a bitset, ascending (numpy: a Python loop over 100k bits is ~1 ms)."""
    if not bits:
        return _NO_IDS
    raw = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little"))


def _reads_blocks(matcher) -> bool:
    """A whoosh3 postings reader with integer ids (byteids=None or False): its blocks are read here."""
    return all(hasattr(matcher, name) for name in ("_read_data", "_next_block", "_data")) and \
        not getattr(matcher, "_byteids", True)


def _postings_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one term's postings, a block at a time where the codec allows.

    Whoosh's own all_ids() makes several Python calls per document, and even its block reader
    undoes the delta coding of the ids one Python step at a time; a block holds ~128 postings, and
    a common word at 100k threads has hundreds of blocks. Here a block is one cumulative sum."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # deleted documents: removed later with `live`
    if _reads_blocks(matcher):
        matcher.reset()  # FilterMatcher has already stepped past the first deleted documents
        ids, weights = [], []
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            block_ids = np.cumsum(np.array(deltas, dtype=np.int64))
            ids.append(block_ids)
            if block_weights is None:  # every weight 1.0 (whoosh3's W3LeafMatcher._read_weights)
                weights.append(np.ones(len(block_ids), dtype=np.float32))
            elif isinstance(block_weights, float):
                weights.append(np.full(len(block_ids), block_weights, dtype=np.float32))
            else:
                weights.append(np.array(block_weights, dtype=np.float32))
            matcher._next_block()
        if ids:
            return np.concatenate(ids), np.concatenate(weights)
        return _NO_IDS, _NO_WEIGHTS
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32)


def _field_lengths(reader, fieldname: str, size: int) -> np.ndarray:
    """Every document's stored length in `fieldname` (1 where the segment has none, as BM25FScorer asks)."""
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if perdoc is not None and column is None:
        return np.ones(size)
    if column is not None and all(hasattr(column, name) for name in ("_dbfile", "_basepos", "_count")):
        raw = np.zeros(size, dtype=np.uint8)
        stored = min(column._count, size)
        raw[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
        return _BYTE_TO_LENGTH[raw]
    return np.array([reader.doc_field_length(n, fieldname, 1) or 0 for n in range(size)], dtype=np.float64)
