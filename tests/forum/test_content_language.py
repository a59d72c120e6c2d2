"""A Dutch thread in the English interface is marked Dutch (its words only), so it is read with a Dutch voice."""

import pytest

from tests import factories


@pytest.mark.django_db
def test_a_dutch_thread_on_an_english_page_carries_lang_nl_on_its_title_body_and_answers(client, category):
    thread = factories.make_thread(category=category, title="Hoe wijzig ik mijn adres?")
    thread.language = "nl"
    thread.save(update_fields=["language"])
    factories.make_answer(thread=thread, body="Ga naar Mijn bestellingen.")
    client.cookies["django_language"] = "en"

    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page
    assert '<h1 class="thread-title" lang="nl">Hoe wijzig ik mijn adres?</h1>' in page
    assert page.count('<div class="post__body" lang="nl">') == 2  # the question and its answer
    listing = client.get("/").content.decode()
    assert 'lang="nl">Hoe wijzig ik mijn adres?</a>' in listing
