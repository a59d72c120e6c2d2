"""Feeds (RSS and Atom) parsed by feedparser, as a feed reader would: only public content, absolute
links from SITE_URL, and every page names its feeds in <link rel="alternate">."""

import feedparser
import pytest
from django.urls import reverse

from forum import services
from forum.models import Answer, Thread
from tests import factories

pytestmark = pytest.mark.django_db
SITE = "http://testserver-canonical"


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.fixture
def threads(member, other_member, category):
    public = factories.make_thread(author=member, category=category, title="Lamp blinks red after the update",
                                   tags=["lamp"])
    hidden = factories.make_thread(author=member, category=category, title="A hidden thread about lamps")
    held = factories.make_thread(author=member, category=category, title="A held thread about lamps")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Thread.objects.filter(pk=held.pk).update(is_pending_review=True)
    other = factories.make_thread(author=other_member, title="Invoice shows the wrong address")
    return {"public": public, "other": other}


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_latest_threads_feed_lists_public_threads_only(client, threads, kind):
    feed = parsed(client, reverse(f"forum:feed_latest_{kind}"))
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Invoice shows the wrong address", "Lamp blinks red after the update"]
    entry = feed.entries[1]
    assert entry.link == f"{SITE}{threads['public'].get_absolute_url()}"
    assert entry.author == "Mia Member"
    assert feed.feed.title == "Latest threads"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_category_feed_and_a_tag_feed_list_their_threads(client, threads, category, kind):
    by_category = parsed(client, reverse(f"forum:feed_category_{kind}", args=[category.slug]))
    assert [e.title for e in by_category.entries] == ["Lamp blinks red after the update"]
    assert by_category.feed.title == "Threads in Orders"
    by_tag = parsed(client, reverse(f"forum:feed_tag_{kind}", args=["lamp"]))
    assert [e.title for e in by_tag.entries] == ["Lamp blinks red after the update"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_solved_feed_lists_solved_threads(client, threads, other_member, member, kind):
    answer = factories.make_answer(thread=threads["public"], author=other_member)
    services.answer_accept(answer=answer, by=member)
    assert [e.title for e in parsed(client, reverse(f"forum:feed_solved_{kind}")).entries] == [
        "Lamp blinks red after the update"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_threads_answers_feed_leaves_out_hidden_answers(client, threads, other_member, kind):
    thread = threads["public"]
    shown = factories.make_answer(thread=thread, author=other_member, body="Unplug it for a minute.")
    hidden = factories.make_answer(thread=thread, body="Buy a new one at cheap-lamps.")
    Answer.objects.filter(pk=hidden.pk).update(is_hidden=True)
    feed = parsed(client, reverse(f"forum:feed_thread_{kind}", args=[thread.pk]))
    assert [e.link for e in feed.entries] == [f"{SITE}{thread.get_absolute_url()}#answer-{shown.pk}"]
    assert "Unplug it for a minute." in feed.entries[0].summary
    assert feed.entries[0].title == "Answer: Otto Other"


def test_a_hidden_threads_answers_feed_is_not_there(client, member, category):
    thread = factories.make_thread(author=member, category=category)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(reverse("forum:feed_thread_rss", args=[thread.pk])).status_code == 404
    # …not even for its author or a moderator: feeds are public by nature.


def test_pages_name_their_feeds_for_autodiscovery(client, threads, category):
    thread = threads["public"]
    home = client.get(reverse("forum:home")).content.decode()
    assert f'type="application/atom+xml" title="Latest threads (Atom)" href="{reverse("forum:feed_latest_atom")}"' in home
    listing = client.get(category.get_absolute_url()).content.decode()
    assert f'href="{reverse("forum:feed_category_rss", args=[category.slug])}"' in listing
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="{reverse("forum:feed_thread_atom", args=[thread.pk])}"' in page
    assert f'href="{reverse("forum:feed_tag_rss", args=["lamp"])}"' in client.get(
        reverse("forum:tag", args=["lamp"])).content.decode()


def test_feeds_speak_dutch_to_a_dutch_reader(client, threads):
    client.cookies["django_language"] = "nl"
    assert parsed(client, reverse("forum:feed_latest_rss")).feed.title == "Nieuwste threads"


def test_a_feed_costs_a_fixed_number_of_queries(client, category, django_assert_max_num_queries):
    for n in range(25):
        factories.make_thread(category=category, title=f"Question number {n} about lamps", tags=["lamp", f"t{n}"])
    with django_assert_max_num_queries(3):
        parsed(client, reverse("forum:feed_latest_rss"))
