"""Thread pages carry schema.org QAPage and BreadcrumbList JSON-LD (read back with extruct, as a
search engine would), Open Graph and Twitter card tags, and a canonical link."""

import extruct
import pytest
from django.utils import timezone

from forum import services
from forum.models import Answer
from tests import factories

pytestmark = pytest.mark.django_db


def structured(html: str) -> dict:
    """{"@type": item} of the page's JSON-LD."""
    return {item["@type"]: item for item in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]}


@pytest.fixture
def solved_thread(member, other_member, moderator, category):
    thread = factories.make_thread(author=member, category=category, title="The lamp will not pair with my phone")
    accepted = factories.make_answer(thread=thread, author=other_member, body="Turn on **2.4 GHz** wifi.")
    suggested = factories.make_answer(thread=thread, body="Try restarting the lamp.")
    services.kudo_give(user=member, post=accepted)
    services.kudo_give(user=other_member, post=suggested)
    services.kudo_give(user=member, post=suggested)
    services.answer_accept(answer=accepted, by=member)
    thread.refresh_from_db()
    return thread, accepted, suggested


def test_a_solved_thread_is_a_qapage_with_its_accepted_and_suggested_answers(client, solved_thread):
    thread, accepted, suggested = solved_thread
    html = client.get(thread.get_absolute_url()).content.decode()
    question = structured(html)["QAPage"]["mainEntity"]
    assert question["@type"] == "Question" and question["name"] == thread.title
    assert question["answerCount"] == 2
    assert question["author"]["name"] == "Mia Member"
    assert question["dateCreated"] == thread.created_at.isoformat()
    assert question["acceptedAnswer"]["text"] == "Turn on 2.4 GHz wifi."
    assert question["acceptedAnswer"]["upvoteCount"] == 1
    assert question["acceptedAnswer"]["author"]["name"] == "Otto Other"
    assert question["acceptedAnswer"]["url"].endswith(f"{thread.get_absolute_url()}#answer-{accepted.pk}")
    assert [a["upvoteCount"] for a in question["suggestedAnswer"]] == [2]
    assert question["suggestedAnswer"][0]["text"] == "Try restarting the lamp."


def test_a_hidden_answer_stays_out_of_the_markup_even_on_a_moderators_page(client_for, solved_thread, moderator):
    thread, accepted, suggested = solved_thread
    Answer.objects.filter(pk=suggested.pk).update(is_hidden=True)
    html = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    assert "Try restarting the lamp." in html  # the moderator sees it on the page…
    question = structured(html)["QAPage"]["mainEntity"]
    assert question["answerCount"] == 1 and "suggestedAnswer" not in question  # …not in the markup


def test_the_breadcrumbs_are_a_breadcrumb_list(client, solved_thread):
    thread, _, _ = solved_thread
    crumbs = structured(client.get(thread.get_absolute_url()).content.decode())["BreadcrumbList"]
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["Community", "Orders", thread.title]
    assert crumbs["itemListElement"][-1]["item"] == f"http://testserver-canonical{thread.get_absolute_url()}"


def test_a_title_cannot_close_the_script_element(client, member, category):
    title = 'Broken </script><script>alert("x")</script> lamp'
    thread = factories.make_thread(author=member, category=category, title=title)
    factories.make_answer(thread=thread)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<script>alert("x")' not in html
    assert structured(html)["QAPage"]["mainEntity"]["name"] == title


def test_open_graph_and_twitter_tags_describe_the_thread(client, solved_thread):
    thread, _, _ = solved_thread
    html = client.get(thread.get_absolute_url()).content.decode()
    og = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert og["og:title"] == thread.title
    assert og["og:url"] == f"http://testserver-canonical{thread.get_absolute_url()}"
    assert og["@type"] == "article"  # extruct names og:type so
    assert "/share-" in og["og:image"] and og["og:image"].endswith(".png")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="canonical" href="http://testserver-canonical{thread.get_absolute_url()}">' in html


def test_edited_dates_are_given(client, solved_thread):
    thread, accepted, _ = solved_thread
    services.post_edit(post=accepted, by=accepted.author, body="Turn on 2.4 GHz wifi, then pair.", note="")
    accepted.refresh_from_db()
    question = structured(client.get(thread.get_absolute_url()).content.decode())["QAPage"]["mainEntity"]
    assert question["acceptedAnswer"]["dateModified"] == accepted.edited_at.isoformat()
    assert accepted.edited_at <= timezone.now()
