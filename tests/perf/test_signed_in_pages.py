"""Signed-in pages: what every reader sees alike comes from pieces rendered once per content version
(forum/fragments.py), the member's own state is theirs alone, and every change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.models import Rank
from forum import services
from moderation import services as moderation_services
from tests import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def thread(member, other_member, category):
    thread = factories.make_thread(author=member, category=category, title="Parcel shows delivered but not here",
                                   tags=["delivery"])
    factories.make_answer(thread=thread, author=other_member, body="Check the proof-of-delivery photo first.")
    return thread


@pytest.fixture
def reader(client_for, thread):
    """A third member, who has read the thread once (the pieces are in the cache)."""
    client = client_for(factories.make_member(username="reader"))
    text(client.get(thread.get_absolute_url()))
    return client


def test_a_second_member_reads_the_posts_from_the_cache_with_fewer_queries(client_for, thread):
    first, second = client_for(factories.make_member()), client_for(factories.make_member())
    first.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        page = text(second.get(thread.get_absolute_url()))
    sql = " ".join(q["sql"] for q in warm.captured_queries)
    assert "Check the proof-of-delivery photo first." in page and "#delivery" in page
    assert "taggit_tag" not in sql and "badges_standing" not in sql, "tags and flair come with the pieces"


def test_the_members_own_marks_are_theirs_alone(client_for, thread, other_member):
    giver_user = factories.make_member(username="giver")
    giver, other = client_for(giver_user), client_for(factories.make_member())
    answer = thread.answers.get()
    services.kudo_give(user=giver_user, post=answer)
    services.follow(user=giver_user, thread=thread)
    mine = text(giver.get(thread.get_absolute_url()))
    theirs = text(other.get(thread.get_absolute_url()))
    button = f'id="kudo-answer-{answer.pk}" type="submit" aria-pressed="'
    assert f"{button}true" in mine and f"{button}false" in theirs
    assert 'id="follow-thread-' in mine and "Following" in mine and "Following" not in theirs


def test_the_unread_count_is_asked_once_per_page(client_for, thread, member, other_member):
    services.notify_member(recipient=member, verb="test", text="Hello", actor=other_member)
    client = client_for(member)
    client.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        text(client.get(thread.get_absolute_url()))
    assert sum("forum_notification" in q["sql"] for q in queries.captured_queries) == 1


# Every change that shows is on the member's next page at once.


def test_a_new_answer_shows_to_a_member_at_once(reader, thread):
    services.answer_create(author=factories.make_member(), thread=thread, body="Ask your neighbours too.")
    assert "Ask your neighbours too." in text(reader.get(thread.get_absolute_url()))


def test_an_edit_shows_to_a_member_at_once(reader, thread, member):
    services.post_edit(post=thread, by=member, body="Tracking says delivered at 14:02, nothing here.")
    page = text(reader.get(thread.get_absolute_url()))
    assert "nothing here." in page and ">edited</a>" in page


def test_a_kudo_shows_to_a_member_at_once(reader, thread, member):
    answer = thread.answers.get()
    services.kudo_give(user=member, post=answer)
    page = text(reader.get(thread.get_absolute_url()))
    assert f'id="kudo-answer-{answer.pk}"' in page
    assert page.split(f'id="kudo-answer-{answer.pk}"')[1].split('class="kudo-count">')[1].startswith("1<")


def test_an_acceptance_and_a_verification_show_to_a_member_at_once(reader, thread, member, moderator):
    answer = thread.answers.get()
    services.answer_accept(answer=answer, by=member)
    assert "Accepted solution" in text(reader.get(thread.get_absolute_url()))
    moderation_services.answer_verify(answer=answer, by=moderator)
    assert "verified-mark" in text(reader.get(thread.get_absolute_url()))


def test_hiding_an_answer_takes_it_off_a_members_page_at_once(reader, thread, moderator):
    services.post_set_moderation_state(post=thread.answers.get(), by=moderator, hidden=True)
    assert "proof-of-delivery photo" not in text(reader.get(thread.get_absolute_url()))


def test_a_renamed_rank_shows_to_a_member_at_once(reader, thread):
    rank = Rank.objects.filter(is_staff_rank=False).order_by("threshold").first()
    assert rank.name in text(reader.get(thread.get_absolute_url()))
    rank.name = "Fresh face"
    rank.save()
    assert "Fresh face" in text(reader.get(thread.get_absolute_url()))


def test_lists_and_profiles_show_a_change_to_a_member_at_once(client_for, thread, member, category):
    client = client_for(factories.make_member())
    for url in (reverse("forum:home"), category.get_absolute_url(), reverse("forum:tag", args=["delivery"]),
                reverse("forum:profile", args=[member.username])):
        text(client.get(url))
    services.post_edit(post=thread, by=member, title="Parcel shows delivered, courier says otherwise",
                       body=thread.body, tags=["delivery"])
    for url in (reverse("forum:home"), category.get_absolute_url(), reverse("forum:tag", args=["delivery"]),
                reverse("forum:profile", args=[member.username])):
        assert "courier says otherwise" in text(client.get(url)), url


def test_a_profiles_shared_lists_never_show_another_reader_what_only_its_owner_and_moderators_see(
        client_for, member, moderator, category):
    from forum.models import Thread

    waiting = factories.make_thread(author=member, category=category, title="My first question, held for review")
    Thread.objects.filter(pk=waiting.pk).update(is_pending_review=True)
    url = reverse("forum:profile", args=[member.username])
    other = client_for(factories.make_member())
    for _ in range(2):  # the second from the shared, cached lists
        assert "held for review" not in text(other.get(url))
    assert "held for review" in text(client_for(member).get(url))
    assert "held for review" in text(client_for(moderator).get(url))
    assert "held for review" not in text(client_for(None).get(url))


def test_a_hidden_answer_shows_to_moderators_only_whoever_warmed_the_pieces(client_for, thread, moderator):
    services.post_set_moderation_state(post=thread.answers.get(), by=moderator, hidden=True)
    mod = client_for(moderator)
    assert "proof-of-delivery photo" in text(mod.get(thread.get_absolute_url()))  # renders the piece
    reader = client_for(factories.make_member())
    assert "proof-of-delivery photo" not in text(reader.get(thread.get_absolute_url()))
    assert "proof-of-delivery photo" not in text(client_for(None).get(thread.get_absolute_url()))
    assert "proof-of-delivery photo" in text(mod.get(thread.get_absolute_url()))


# The footers of buttons: shared by readers in the same state, the reader's own in every page.


def _footer(page: str, kind: str, pk: int) -> str:
    return page.split(f'id="{kind}-{pk}"')[1].split('class="post__footer"')[1].split("</article>")[0]


def test_members_in_the_same_state_share_one_rendered_footer_each_with_their_own_csrf_token(
        client_for, thread, monkeypatch):
    import re

    from django.middleware.csrf import _unmask_cipher_token  # tokens are masked anew at every use

    from config.web import pagecache
    from forum import fragments

    rendered = []
    original = fragments.get_template

    def counting(name):
        rendered.append(name)
        return original(name)

    monkeypatch.setattr(fragments, "get_template", counting)
    first, second = client_for(factories.make_member()), client_for(factories.make_member())
    pages = [text(first.get(thread.get_absolute_url())), text(second.get(thread.get_absolute_url()))]
    assert rendered.count(fragments.POST_FOOTER) == 1, "one render of the footers for both members"
    answer = thread.answers.get()
    secrets = []
    for page in pages:
        assert pagecache.CSRF_PLACEHOLDER not in page
        secret = _unmask_cipher_token(re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1))
        footer = _footer(page, "answer", answer.pk)
        assert {_unmask_cipher_token(token) for token in re.findall(r'csrfmiddlewaretoken" value="([^"]+)"', footer)
                } == {secret}
        secrets.append(secret)
    assert secrets[0] != secrets[1]


def test_each_reader_gets_the_buttons_of_their_own_state_whoever_warmed_the_footers(
        client_for, thread, member, other_member, moderator):
    answer = thread.answers.get()  # by other_member, in member's thread
    reader = client_for(factories.make_member())
    warm = _footer(text(reader.get(thread.get_absolute_url())), "answer", answer.pk)
    assert "Edit" not in warm and "Accept as solution" not in warm and "Report" in warm
    author = _footer(text(client_for(other_member).get(thread.get_absolute_url())), "answer", answer.pk)
    assert "Edit" in author and "Delete" in author and "Report" not in author
    assert 'id="kudo-answer-' not in author, "no kudos for one's own answer"
    asker = _footer(text(client_for(member).get(thread.get_absolute_url())), "answer", answer.pk)
    assert "Accept as solution" in asker and "Edit" not in asker
    staff = _footer(text(client_for(moderator).get(thread.get_absolute_url())), "answer", answer.pk)
    assert "Edit" in staff and "Delete" in staff and "Accept as solution" in staff
    again = _footer(text(reader.get(thread.get_absolute_url())), "answer", answer.pk)
    assert "Edit" not in again and "Accept as solution" not in again and "Report" in again


def test_a_members_answer_waiting_for_review_shows_to_them_alone_whoever_warmed_the_page(client_for, thread):
    from forum.models import Answer

    newcomer = factories.make_member(username="newcomer")
    waiting = factories.make_answer(thread=thread, author=newcomer, body="Try the porch of the house next door first.")
    Answer.objects.filter(pk=waiting.pk).update(is_pending_review=True)
    reader = client_for(factories.make_member())
    for _ in range(2):  # the second from the page of answers kept for everyone
        assert "porch of the house next door" not in text(reader.get(thread.get_absolute_url()))
    assert "porch of the house next door" in text(client_for(newcomer).get(thread.get_absolute_url()))
    assert "porch of the house next door" not in text(reader.get(thread.get_absolute_url()))


def test_a_thread_waiting_for_review_is_its_authors_alone_whoever_asked_before(client_for, thread, member):
    from forum.models import Thread

    reader = client_for(factories.make_member())
    text(reader.get(thread.get_absolute_url()))  # the public copy is kept
    Thread.objects.filter(pk=thread.pk).update(is_pending_review=True)  # as moderation's hold does, with
    from config.web import pagecache  # the content version moved on

    pagecache.content_changed()
    assert reader.get(thread.get_absolute_url()).status_code == 404
    assert "proof-of-delivery photo" in text(client_for(member).get(thread.get_absolute_url()))


def test_a_lists_filters_and_sidebar_follow_the_url_and_every_change_whoever_rendered_them_first(
        client_for, thread, member, category, django_capture_on_commit_callbacks):
    import re

    reader, other = client_for(factories.make_member()), client_for(factories.make_member())
    url = category.get_absolute_url()
    text(reader.get(url))  # the fragments are kept
    problems = text(other.get(url + "?kind=problem"))
    assert re.search(r'<option value="problem" selected>', problems)
    assert not re.search(r'<option value="problem" selected>', text(other.get(url)))

    def count_in_sidebar(page: str) -> str:
        return re.search(rf'href="{re.escape(url)}" aria-current="page">.*?class="count">(\d+)<', page, re.S).group(1)

    assert count_in_sidebar(text(reader.get(url))) == "0"  # the fixture's thread was never recounted
    with django_capture_on_commit_callbacks(execute=True):  # the count is recounted after commit
        services.thread_create(author=member, category=category, kind="question", title="Second parcel, same story",
                               body="The courier's photo shows another door.")
    assert count_in_sidebar(text(reader.get(url))) == "2"
    assert "Second parcel, same story" in text(other.get(url))


def test_a_page_reads_the_content_version_once_and_sees_its_own_change(client_for, thread, monkeypatch):
    """A thread page asked for the version about ten times (one Redis round trip each); now once per
    request, and a change the request itself makes is seen at once."""
    from config.web import pagecache

    reads = []
    real = pagecache._read_version
    monkeypatch.setattr(pagecache, "_read_version", lambda: reads.append(1) or real())
    client = client_for(factories.make_member())
    assert "Check the proof-of-delivery photo first." in text(client.get(thread.get_absolute_url()))
    assert len(reads) == 1

    pagecache._request_started()
    try:
        before = pagecache.current_version()
        assert pagecache.current_version() == before and len(reads) == 2
        pagecache.content_changed()
        assert pagecache.current_version() != before
    finally:
        pagecache._request_finished()
    outside = pagecache.current_version()
    assert pagecache.current_version() == outside and len(reads) == 4, "outside a request: read each time"


def test_an_edit_shows_on_the_next_page_even_in_the_same_worker(client_for, thread, member):
    """The version is kept only for one request: the next request reads the one the edit made."""
    reader = client_for(factories.make_member())
    answer = thread.answers.get()
    assert "Check the proof-of-delivery photo first." in text(reader.get(thread.get_absolute_url()))
    author = client_for(answer.author)
    author.post(reverse("forum:edit", args=["answer", answer.pk]),
                {"body": "Ask the neighbours before anything else.", "reason": "clearer"})
    page = text(reader.get(thread.get_absolute_url()))
    assert "Ask the neighbours before anything else." in page and "proof-of-delivery" not in page


def _submission_token(page: str) -> str:
    import re

    return re.search(r'name="submission_token" value="([^"]+)"', page).group(1)


def test_the_answer_form_is_shared_but_its_tokens_are_each_pages_own(client_for, thread):
    """The empty answer form is rendered once (forum.fragments.answer_form); every page still gets a
    submission token of its own (a double-click cannot post twice) and the reader's CSRF token."""
    from config.web import pagecache
    from forum import fragments

    first, second = client_for(factories.make_member()), client_for(factories.make_member())
    pages = [text(first.get(thread.get_absolute_url())), text(first.get(thread.get_absolute_url())),
             text(second.get(thread.get_absolute_url()))]
    tokens = [_submission_token(page) for page in pages]
    assert len(set(tokens)) == 3 and fragments.SUBMISSION_PLACEHOLDER not in tokens
    assert all(pagecache.CSRF_PLACEHOLDER not in page and fragments.SUBMISSION_PLACEHOLDER not in page for page in pages)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    response = first.post(reverse("forum:answer", args=[thread.pk]),
                          {"body": "Restart the router, then wait two minutes.", "submission_token": tokens[1],
                           "website": ""}, follow=True)
    assert "Restart the router, then wait two minutes." in text(response)


def test_an_answer_sent_back_with_its_errors_keeps_what_was_typed(client_for, thread, settings):
    client = client_for(factories.make_member())
    text(client.get(thread.get_absolute_url()))  # the empty form is in the cache
    too_long = "Way too long. " * (settings.FORUM["MAX_BODY_LENGTH"] // 10)
    response = client.post(reverse("forum:answer", args=[thread.pk]),
                           {"body": too_long, "submission_token": "t-9", "website": ""})
    page = response.content.decode()
    assert response.status_code == 400 and too_long.strip()[:200] in page and 'field--error' in page


def test_the_upload_button_is_only_for_members_who_may_upload(client_for, thread, monkeypatch):
    """The shared answer form is kept per "may upload": the first reader's form is not the next one's."""
    from django.core.exceptions import PermissionDenied

    from forum import permissions

    refused, allowed = factories.make_member(username="no-uploads"), factories.make_member(username="uploads")
    real = permissions.check_upload_image

    def check(user):
        if user.pk == refused.pk:
            raise PermissionDenied("no uploads")
        real(user)

    monkeypatch.setattr(permissions, "check_upload_image", check)
    first = text(client_for(refused).get(thread.get_absolute_url()))
    second = text(client_for(allowed).get(thread.get_absolute_url()))
    third = text(client_for(refused).get(thread.get_absolute_url()))
    assert "data-upload-input" not in first and "data-upload-input" in second and "data-upload-input" not in third
    assert "Post your answer" in first and "Post your answer" in second


def test_pages_and_pieces_come_from_this_processs_copy_until_the_version_changes(client, thread, settings):
    """config/web/pagecache.py keeps this process's copy of what it read or stored under the current
    version: the next request reads no shared cache for it; a change makes the copies unused at once."""
    from django.core.cache import cache

    url = thread.get_absolute_url()
    assert text(client.get(url)) and client.get(url)["X-Page-Cache"] == "hit"
    from config.web import pagecache

    version = pagecache.current_version()
    cache.clear()  # the shared cache lost the page (not the version): this process still has it
    if pagecache._shared_cache():
        cache.set(pagecache.VERSION_KEY, version, None)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and "Check the proof-of-delivery photo first." in text(response)
    services.answer_create(author=factories.make_member(), thread=thread, body="Ask at the post office counter.")
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and "Ask at the post office counter." in text(response)
    settings.PAGE_CACHE_PROCESS_BYTES = 0
    pagecache.forget_process_cache()
    cache.clear()
    assert client.get(url)["X-Page-Cache"] == "miss", "no copies kept when turned off"
