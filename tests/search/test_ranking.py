"""For equal text relevance: verified threads first, then solved, then open ones."""

from forum import search, services
from tests import factories
from tests.search.conftest import keys, thread_key


def _thread(category, title, body, *, state, moderator):
    thread = factories.make_thread(category=category, title=title, body=body)
    if state in ("solved", "verified"):
        answer = factories.make_answer(thread=thread, body="Same answer text for every thread.")
        services.answer_accept(answer=answer, by=thread.author)
        if state == "verified":
            services.answer_set_verified(answer=answer, by=moderator, verified=True)
    else:
        factories.make_answer(thread=thread, body="Same answer text for every thread.")
    return thread


def test_verified_then_solved_then_open_for_the_same_text(backend_name, category, moderator, rebuild):
    title, body = "Dishwasher shows error E24", "The dishwasher stops with error E24 after a minute."
    open_ = _thread(category, title, body, state="open", moderator=moderator)
    solved = _thread(category, title, body, state="solved", moderator=moderator)
    verified = _thread(category, title, body, state="verified", moderator=moderator)
    rebuild()
    assert keys(search.search("dishwasher error e24")) == [thread_key(verified), thread_key(solved), thread_key(open_)]


def test_text_relevance_still_wins_over_a_solved_flag(backend_name, category, moderator, rebuild):
    on_topic = _thread(category, "Dishwasher error E24 drain pump blocked",
                       "Dishwasher error E24 again, the drain pump seems blocked.", state="open", moderator=moderator)
    _thread(category, "Blender is noisy", "Nothing about dishwashers, only a drain mention.", state="verified",
            moderator=moderator)
    rebuild()
    assert keys(search.search("dishwasher drain pump"))[0] == thread_key(on_topic)


def test_a_title_match_ranks_above_a_body_match(backend_name, category, moderator, rebuild):
    in_body = _thread(category, "Question about my kitchen", "My toaster sparks when I switch it on.",
                      state="open", moderator=moderator)
    in_title = _thread(category, "Toaster sparks when switched on", "It started yesterday.", state="open",
                       moderator=moderator)
    rebuild()
    assert keys(search.search("toaster sparks"))[:2] == [thread_key(in_title), thread_key(in_body)]


def test_dutch_threads_are_stemmed_in_dutch_and_english_ones_in_english(backend_name, category, moderator, rebuild):
    nl = factories.make_thread(category=category, title="Mijn pakketten worden niet bezorgd",
                               body="Sinds een week komen er geen bezorgingen meer.")
    nl.language = "nl"
    nl.save(update_fields=["language"])
    en = factories.make_thread(category=category, title="Parcels are never delivered",
                               body="None of my deliveries arrive.")
    rebuild()
    assert thread_key(nl) in keys(search.search("pakket bezorgen"))
    assert thread_key(en) in keys(search.search("parcel delivery"))
