"""Embeddings: computed after each change and by search_rebuild (resumable), shared through the
database, brought into each process's memory incrementally; a failing model never breaks a page."""

from io import StringIO

import pytest
from django.core.management import call_command

from forum import search, services
from forum.search import semantic
from forum.search.models import SearchVector
from tests import factories
from tests.search.fake_embedder import HashingEmbedder


@pytest.fixture
def embedder(settings):
    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_EMBEDDER = "tests.search.fake_embedder.HashingEmbedder"
    HashingEmbedder.calls, HashingEmbedder.fail_after = 0, None
    semantic.reset()
    yield HashingEmbedder
    semantic.reset()


def _vector_of(thread):
    return SearchVector.objects.filter(key=f"thread:{thread.pk}").first()


def test_a_new_thread_gets_its_vector_after_commit_and_an_unchanged_one_is_not_embedded_again(
        embedder, make_indexed_thread, indexed):
    thread = make_indexed_thread(title="Router keeps dropping the wifi", body="Every evening at nine.")
    row = _vector_of(thread)
    assert row is not None and row.vector is not None and embedder.calls == 1
    search.embed_document("thread", thread.pk)  # the task again: the same effect as once
    assert embedder.calls == 1 and SearchVector.objects.filter(key=f"thread:{thread.pk}").count() == 1
    indexed(services.post_edit, post=thread, by=thread.author, title="Router drops wifi every evening",
            body=thread.body)
    assert embedder.calls == 2 and _vector_of(thread).id > row.id


def test_a_deleted_thread_leaves_a_row_that_tells_every_server_to_forget_it(embedder, make_indexed_thread, indexed):
    thread = make_indexed_thread(title="Modem light blinks orange", body="Since the storm.")
    assert [n.key for n in semantic.nearest("modem light blinks orange", filters={})] == [f"thread:{thread.pk}"]
    indexed(services.post_delete, post=thread, by=thread.author)
    row = _vector_of(thread)
    assert row is not None and row.vector is None
    assert semantic.nearest("modem light blinks orange", filters={}) == []


def test_search_rebuild_embeds_in_batches_and_resumes_after_an_interruption(embedder, category, monkeypatch,
                                                                           backend_name):
    monkeypatch.setattr(semantic, "EMBED_BATCH", 2)
    for n in range(5):
        factories.make_thread(title=f"Question number {n} about invoices", category=category)
    embedder.fail_after = 2  # the model dies during the second batch
    call_command("search_rebuild", "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert SearchVector.objects.exclude(vector=None).count() == 2
    semantic.reset()
    embedder.fail_after = None
    out = StringIO()
    call_command("search_rebuild", "--embeddings-only", "--no-progress", stdout=out, stderr=StringIO())
    assert "Embedded 3 new or changed documents" in out.getvalue()
    assert SearchVector.objects.exclude(vector=None).count() == 5


def test_another_server_sees_new_vectors_without_rereading_them_all(embedder, make_indexed_thread):
    first = make_indexed_thread(title="Bill is higher than expected", body="Twice the usual amount.")
    other_server = semantic.VectorIndex()  # a second process's copy
    assert [n.key for n in other_server.nearest(semantic.embed_query("bill higher"), filters={})] == [
        f"thread:{first.pk}"]
    second = make_indexed_thread(title="Bill arrived twice", body="Two identical invoices.")
    keys = [n.key for n in other_server.nearest(semantic.embed_query("bill twice"), filters={})]
    assert keys[0] == f"thread:{second.pk}" and len(other_server) == 2


def test_filters_apply_to_documents_found_by_meaning(embedder, make_indexed_thread, indexed, other_member):
    open_thread = make_indexed_thread(title="Lamp will not pair with the hub", body="Blinks three times.")
    solved = make_indexed_thread(title="Lamp cannot pair with the hub", body="Blinks twice.")
    answer = indexed(services.answer_create, author=other_member, thread=solved, body="Reset the lamp first.")
    indexed(services.answer_accept, answer=answer, by=solved.author)
    keys = [n.key for n in semantic.nearest("lamp pair hub", filters={"solved": True})]
    assert keys == [f"thread:{solved.pk}"] and f"thread:{open_thread.pk}" not in keys


def test_a_model_that_fails_while_embedding_leaves_the_ask_form_working(embedder, make_indexed_thread, client,
                                                                       monkeypatch, caplog):
    thread = make_indexed_thread(title="Parcel delivered to the wrong address", body="A neighbour has it.")
    monkeypatch.setattr(HashingEmbedder, "query", lambda self, text: 1 / 0)
    with caplog.at_level("ERROR"):
        response = client.get("/search/similar/", {"title": "parcel delivered to the wrong address"})
    assert response.status_code == 200 and thread.title in response.content.decode()
    assert any("embedding model failed" in record.getMessage() for record in caplog.records)
    health = client.get("/healthz").json()
    assert health["semantic_search"]["ok"] is False and health["warnings"]


def test_a_match_in_the_other_language_is_lifted_towards_the_best_one_in_the_query_language():
    """The model scores a Dutch question against English text lower even when it says the same: the English
    answer is brought into reach, and a Dutch answer still comes first."""
    from forum.search import hybrid

    near = [semantic.Neighbour("thread:1", 0.90, "nl", False, False),
            semantic.Neighbour("thread:2", 0.86, "en", True, False),
            semantic.Neighbour("thread:3", 0.80, "nl", False, False)]
    assert [n.key for n in hybrid._semantic_candidates(near, margin=0.03, language="nl")] == ["thread:1"]
    lifted = hybrid._semantic_candidates(near, margin=0.03, language="nl", bridge=0.5)
    assert [n.key for n in lifted] == ["thread:1", "thread:2"] and lifted[1].similarity == pytest.approx(0.88)
    # An English question whose best match is already Dutch: nothing moves.
    assert [n.similarity for n in hybrid._semantic_candidates(near, margin=0.1, language="en", bridge=0.5)] == [
        0.90, 0.86, 0.80]


def _random_index(rows: int):
    import numpy as np

    index = semantic.VectorIndex()
    rng = np.random.default_rng(3)
    index._grow(rows)
    matrix = rng.standard_normal((rows, semantic.DIM), dtype=np.float32)
    index.matrix[:rows] = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    index.keys = [f"thread:{n}" for n in range(rows)]
    index.rows = {key: n for n, key in enumerate(index.keys)}
    index.alive[:rows] = True
    index.flags["solved"][:rows] = rng.random(rows) < 0.5
    return index, rng


def test_the_shared_scan_finds_the_exact_top_k_whichever_threads_take_its_chunks(monkeypatch):
    """The top-k is read in chunks by the background thread and the request's own (Scan): the same
    neighbours, in the same order, as one product over the whole matrix; filters still apply."""
    import threading

    import numpy as np

    monkeypatch.setattr(semantic.Scan, "CHUNK_ROWS", 512)
    index, rng = _random_index(5000)
    for filters in ({}, {"solved": True}):
        vector = index.matrix[rng.integers(5000)] + 0.1 * rng.standard_normal(semantic.DIM).astype(np.float32)
        scores = index.matrix[:5000] @ vector
        if filters:
            scores[~index.flags["solved"][:5000]] = -2.0
        expected = [f"thread:{n}" for n in np.argsort(-scores)[:50]]
        scan = index.scan(vector, filters=filters, k=50)
        helper = threading.Thread(target=scan.work)
        helper.start()
        found = scan.neighbours()
        helper.join()
        assert [n.key for n in found] == expected
        assert all(n.solved for n in found) or not filters


def test_a_chunk_that_fails_gives_no_neighbours_and_does_not_hang(monkeypatch, caplog):
    index, _rng = _random_index(3000)
    monkeypatch.setattr(semantic.Scan, "CHUNK_ROWS", 1000)
    scan = index.scan(index.matrix[0], filters={}, k=10)
    scan.vector = "not a vector"  # the product raises in every chunk
    assert scan.neighbours() == []
    assert "semantic lookup failed" in caplog.text
