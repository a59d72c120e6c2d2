"""The index follows the database after each commit: create, edit, delete, accept, hide, move, verify."""

import pytest

from forum import search, services
from forum.models import Thread
from tests import factories
from tests.search.conftest import keys, thread_key


def hits_for(text, **filters):
    return search.search(text, filters=filters)


def test_a_new_thread_is_found_after_its_transaction_commits(make_indexed_thread):
    thread = make_indexed_thread(title="Printer makes a grinding noise when feeding paper")
    assert thread_key(thread) in keys(hits_for("grinding noise"))


def test_an_edit_replaces_the_old_words(make_indexed_thread, indexed, member):
    thread = make_indexed_thread(title="Kettle leaks water from the bottom", author=member)
    indexed(services.post_edit, post=thread, by=member, title="Kettle switches off before boiling",
            body="It stops after a minute.")
    assert thread_key(thread) not in keys(hits_for("leaks"))
    assert thread_key(thread) in keys(hits_for("boiling"))


def test_a_new_answer_is_searchable_in_its_thread(make_indexed_thread, indexed):
    thread = make_indexed_thread(title="Robot vacuum keeps circling")
    indexed(factories.make_answer, thread=thread, body="Clean the wheel sensor with a dry cloth.")
    assert thread_key(thread) in keys(hits_for("wheel sensor"))


def test_a_deleted_thread_leaves_the_index_and_a_restored_one_returns(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Toaster burns only one side")
    indexed(services.post_delete, post=thread, by=moderator)
    assert thread_key(thread) not in keys(hits_for("toaster"))
    thread.refresh_from_db()
    indexed(services.post_restore, post=thread, by=moderator)
    assert thread_key(thread) in keys(hits_for("toaster"))


def test_accepting_an_answer_marks_the_thread_solved(make_indexed_thread, indexed):
    thread = make_indexed_thread(title="Blender lid will not lock")
    answer = indexed(factories.make_answer, thread=thread, body="Turn the lid until it clicks.")
    assert hits_for("blender lid").hits[0].solved is False
    indexed(services.answer_accept, answer=answer, by=thread.author)
    hit = hits_for("blender lid").hits[0]
    assert hit.solved is True and hit.status == "solved"
    assert thread_key(thread) in keys(hits_for("blender", solved=True))


def test_verifying_an_accepted_answer_marks_the_thread_verified(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Scale shows the wrong weight")
    answer = indexed(factories.make_answer, thread=thread, body="Calibrate it on a flat floor.")
    indexed(services.answer_accept, answer=answer, by=thread.author)
    indexed(services.answer_set_verified, answer=answer, by=moderator, verified=True)
    assert hits_for("scale weight").hits[0].verified is True
    indexed(services.answer_set_verified, answer=answer, by=moderator, verified=False)
    assert hits_for("scale weight").hits[0].verified is False


def test_hiding_a_thread_removes_it_and_unhiding_brings_it_back(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Headphones crackle on the left ear")
    indexed(services.post_set_moderation_state, post=thread, by=moderator, hidden=True)
    assert thread_key(thread) not in keys(hits_for("headphones crackle"))
    indexed(services.post_set_moderation_state, post=thread, by=moderator, hidden=False)
    assert thread_key(thread) in keys(hits_for("headphones crackle"))


def test_a_thread_waiting_for_review_is_not_searchable(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Doorbell camera video is blurry")
    indexed(services.post_set_moderation_state, post=thread, by=moderator, pending_review=True)
    assert thread_key(thread) not in keys(hits_for("doorbell camera"))


def test_a_hidden_answer_takes_its_words_out_of_the_thread(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Fridge is too warm")
    answer = indexed(factories.make_answer, thread=thread, body="Defrost the evaporator coil.")
    indexed(services.post_set_moderation_state, post=answer, by=moderator, hidden=True)
    assert thread_key(thread) not in keys(hits_for("evaporator"))


def test_moving_a_thread_changes_its_category_facet(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Smart plug drops off the network")
    elsewhere = factories.make_category(name="Smart home", slug="smart-home")
    indexed(services.thread_move, thread=thread, by=moderator, category=elsewhere)
    assert thread_key(thread) in keys(hits_for("smart plug", category="smart-home"))
    assert thread_key(thread) not in keys(hits_for("smart plug", category="orders"))


def test_closing_and_reopening_keep_the_status_right(make_indexed_thread, indexed, moderator):
    thread = make_indexed_thread(title="Washing machine door stays locked")
    answer = indexed(factories.make_answer, thread=thread, body="Wait two minutes after the cycle.")
    indexed(services.answer_accept, answer=answer, by=thread.author)
    indexed(services.thread_lock, thread=thread, by=moderator)
    assert hits_for("washing machine").hits[0].status == "locked"
    indexed(services.thread_reopen, thread=Thread.objects.get(pk=thread.pk), by=moderator)
    assert hits_for("washing machine").hits[0].status == "solved"


def test_kudos_are_reflected(make_indexed_thread, indexed, other_member):
    thread = make_indexed_thread(title="Oven light does not turn on")
    indexed(services.kudo_give, user=other_member, post=thread)
    assert hits_for("oven light").hits[0].kudos == 1


def test_a_merge_moves_the_answers_words_to_the_target(make_indexed_thread, indexed, moderator):
    source = make_indexed_thread(title="Dishwasher leaves white spots")
    target = make_indexed_thread(title="Glasses come out cloudy")
    indexed(factories.make_answer, thread=source, body="Refill the rinse aid compartment.")
    indexed(services.thread_merge, source=source, target=target, by=moderator)
    assert thread_key(target) in keys(hits_for("rinse aid"))


@pytest.mark.django_db
def test_without_on_commit_nothing_is_indexed_early(settings, tmp_path, category):
    """Index tasks wait for the commit: a rolled-back transaction leaves nothing behind."""
    factories.make_thread(title="Rolled back thread about a vacuum", category=category)
    assert search.search("vacuum").total == 0


def test_whoosh_searchers_pick_up_changes_within_the_refresh_interval(make_indexed_thread, backend_name, settings,
                                                                      monkeypatch):
    """A worker keeps its searcher up to SEARCH_REFRESH_SECONDS (a fresh one is slow at first), then reopens."""
    import time

    if backend_name != "whoosh":
        pytest.skip("PostgreSQL reads the live table")
    settings.SEARCH_REFRESH_SECONDS = 5
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    first = make_indexed_thread(title="Doorbell chime is too quiet")
    assert thread_key(first) in keys(hits_for("doorbell"))
    second = make_indexed_thread(title="Doorbell battery drains in a week")
    clock[0] += 1
    assert thread_key(second) not in keys(hits_for("doorbell"))  # still the searcher of a second ago
    clock[0] += 5
    assert thread_key(second) in keys(hits_for("doorbell"))
