"""Lists: home, category, tag, unanswered, solved, mine; filters by kind and status; sorts; pages."""

import pytest
from django.urls import reverse

from forum import services
from tests import factories
from tests.forum.conftest import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(member, other_member, category):
    other_category = factories.make_category(name="Billing", slug="billing")
    solved = factories.make_thread(author=member, category=category, title="Solved question about parcels",
                                   tags=["parcel"])
    services.answer_accept(answer=factories.make_answer(thread=solved, author=other_member), by=member)
    problem = factories.make_thread(author=other_member, category=other_category, kind="problem",
                                    title="Problem with a double charge")
    unanswered = factories.make_thread(author=other_member, category=category, title="Unanswered question here")
    services.kudo_give(user=member, post=unanswered)
    return {"solved": solved, "problem": problem, "unanswered": unanswered}


def titles(response):
    return [t.title for t in response.context["threads"]]


def test_home_shows_latest_activity_first(client_for, threads):
    assert titles(client_for().get(reverse("forum:home")))[0] == "Unanswered question here"


def test_category_and_tag_pages_show_only_their_threads(client_for, threads, category):
    assert set(titles(client_for().get(category.get_absolute_url()))) == {
        "Solved question about parcels", "Unanswered question here"}
    assert titles(client_for().get(reverse("forum:tag", args=["parcel"]))) == ["Solved question about parcels"]


def test_a_tag_page_ignores_the_same_tag_on_something_else_with_a_threads_id(client_for, threads, member):
    """Taggings are generic (content type, object id): a member tagged "parcel" whose id is the
    unanswered thread's id does not put that thread on the tag's page."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag, TaggedItem

    TaggedItem.objects.create(tag=Tag.objects.get(slug="parcel"), object_id=threads["unanswered"].pk,
                              content_type=ContentType.objects.get_for_model(member))
    assert titles(client_for().get(reverse("forum:tag", args=["parcel"]))) == ["Solved question about parcels"]


def test_unanswered_and_solved_lists(client_for, threads):
    assert set(titles(client_for().get(reverse("forum:unanswered")))) == {
        "Problem with a double charge", "Unanswered question here"}
    assert titles(client_for().get(reverse("forum:solved"))) == ["Solved question about parcels"]


def test_my_threads_lists_what_i_asked_or_answered(client_for, threads, other_member, member):
    assert set(titles(client_for(other_member).get(reverse("forum:mine")))) == {
        "Solved question about parcels", "Problem with a double charge", "Unanswered question here"}
    assert titles(client_for(member).get(reverse("forum:mine"))) == ["Solved question about parcels"]
    assert client_for().get(reverse("forum:mine")).status_code == 302


def test_filters_by_kind_and_status(client_for, threads):
    assert titles(client_for().get(reverse("forum:home"), {"kind": "problem"})) == ["Problem with a double charge"]
    assert titles(client_for().get(reverse("forum:home"), {"status": "solved"})) == ["Solved question about parcels"]
    assert len(titles(client_for().get(reverse("forum:home"), {"kind": "nonsense"}))) == 3


def test_sort_by_newest_and_kudos(client_for, threads):
    assert titles(client_for().get(reverse("forum:home"), {"sort": "newest"}))[0] == "Unanswered question here"
    assert titles(client_for().get(reverse("forum:home"), {"sort": "kudos"}))[0] == "Unanswered question here"
    oldest_first = titles(client_for().get(reverse("forum:home"), {"sort": "newest"}))
    assert oldest_first[-1] == "Solved question about parcels"


def test_lists_are_paginated_and_keep_filters(client_for, member, category, settings):
    settings.FORUM = {**settings.FORUM, "PAGE_SIZE": 2}
    for n in range(5):
        factories.make_thread(author=member, category=category, title=f"Paginated question number {n}")
    response = client_for().get(reverse("forum:home"), {"kind": "question", "page": 2})
    assert len(titles(response)) == 2 and "kind=question&amp;page=3" in page_text(response)


def test_deleted_and_hidden_threads_stay_out_of_lists(client_for, threads, moderator):
    services.post_set_moderation_state(post=threads["problem"], by=moderator, hidden=True)
    services.post_delete(post=threads["unanswered"], by=moderator)
    assert titles(client_for().get(reverse("forum:home"))) == ["Solved question about parcels"]
