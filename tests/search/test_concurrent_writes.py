"""Several workers writing to Whoosh at once: nobody waits on the lock, nothing is lost."""

import threading
from datetime import UTC, datetime

from forum import search
from forum.search.backends import whoosh_backend
from forum.search.backends.whoosh_backend import WhooshBackend
from forum.search.documents import SearchDocument


def _document(n: int) -> SearchDocument:
    return SearchDocument(doc_type="thread", doc_id=str(n), title=f"Concurrent document number {n}",
                          body=f"word{n} shared text", url=f"/t/{n}/", created_at=datetime.now(UTC))


def _write_many(backend, numbers, errors):
    try:
        for n in numbers:
            backend.index([_document(n)])
    except Exception as exc:  # pragma: no cover - reported by the assertion below
        errors.append(exc)


def test_writers_facing_a_held_lock_return_at_once_and_commit_later(settings, db):
    backend = WhooshBackend(settings.SEARCH_INDEX_DIR)
    holder = backend.open().writer()  # another worker is in the middle of a commit
    errors: list[Exception] = []
    workers = [threading.Thread(target=_write_many, args=(backend, range(i * 10, i * 10 + 10), errors))
               for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    # Both finished while the lock was still held: a page never waits for another worker.
    assert not any(worker.is_alive() for worker in workers)
    assert errors == []
    holder.commit()
    whoosh_backend.wait_for_pending_writes()
    assert backend.count() == 20
    assert set(backend.fingerprints()) == {f"thread:{n}" for n in range(20)}


def test_two_threads_writing_at_the_same_time_lose_nothing(settings, db):
    backend = WhooshBackend(settings.SEARCH_INDEX_DIR)
    errors: list[Exception] = []
    workers = [threading.Thread(target=_write_many, args=(backend, range(i, 60, 2), errors)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    whoosh_backend.wait_for_pending_writes()
    assert errors == []
    assert backend.count() == 60
    assert search.search("word41").hits[0].doc_id == "41"
