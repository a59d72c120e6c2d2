"""Editing keeps every version (with a diff); deleting is soft and moderators restore."""

import pytest
from django.urls import reverse

from forum import forms, permissions
from forum.models import Answer, Revision, Thread
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db


def test_the_author_edits_and_a_revision_is_kept(client_for, thread, member):
    response = client_for(member).post(reverse("forum:edit", args=["thread", thread.pk]), {
        "title": "My parcel shows delivered but is still missing", "body": "Updated: still nothing.",
        "tags": "delivery, missing", "note": "more detail"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.body == "Updated: still nothing." and thread.edited_at is not None
    assert Revision.objects.filter(thread=thread).count() == 2
    assert sorted(thread.tags.names()) == ["delivery", "missing"]


def test_the_history_shows_a_diff_of_each_version(client_for, thread, member):
    client_for(member).post(reverse("forum:edit", args=["thread", thread.pk]), {
        "title": thread.title, "body": "A new second line.", "tags": "delivery", "note": ""})
    html = page_text(client_for().get(reverse("forum:history", args=["thread", thread.pk])))
    assert "Version 2" in html and 'class="diff-add"' in html and 'class="diff-del"' in html
    assert "A new second line." in html


def test_editing_someone_elses_post_is_refused(client_for, answer, member):
    response = client_for(member).post(reverse("forum:edit", args=["answer", answer.pk]), {"body": "Hacked"},
                                       follow=True)
    assert shows(response, permissions.NOT_YOUR_POST)
    answer.refresh_from_db()
    assert answer.body == "Check the pick-up point nearby."


def test_an_empty_edit_is_refused_and_keeps_the_text(client_for, answer, other_member):
    response = client_for(other_member).post(reverse("forum:edit", args=["answer", answer.pk]),
                                             {"body": "", "note": "oops"})
    assert response.status_code == 400 and shows(response, forms.BODY_REQUIRED)
    assert Revision.objects.filter(answer=answer).count() == 1


def test_authors_delete_softly_and_moderators_restore(client_for, thread, answer, other_member, moderator):
    client_for(other_member).post(reverse("forum:delete", args=["answer", answer.pk]))
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert answer.is_deleted and Answer.objects.filter(pk=answer.pk).exists() and thread.answer_count == 0
    assert "Check the pick-up point" not in page_text(client_for().get(thread.get_absolute_url()))
    mod_page = page_text(client_for(moderator).get(thread.get_absolute_url()))
    assert "Check the pick-up point" in mod_page and "Restore" in mod_page
    client_for(moderator).post(reverse("forum:delete", args=["answer", answer.pk]), {"action": "restore"})
    answer.refresh_from_db()
    thread.refresh_from_db()
    assert not answer.is_deleted and thread.answer_count == 1


def test_members_cannot_restore_or_delete_others_posts(client_for, thread, answer, member, other_member, moderator):
    response = client_for(member).post(reverse("forum:delete", args=["answer", answer.pk]), follow=True)
    assert shows(response, permissions.NOT_YOUR_POST)
    client_for(other_member).post(reverse("forum:delete", args=["answer", answer.pk]))
    response = client_for(other_member).post(reverse("forum:delete", args=["answer", answer.pk]),
                                             {"action": "restore"})
    assert response.status_code == 404  # a deleted answer is gone for members
    answer.refresh_from_db()
    assert answer.is_deleted


def test_a_deleted_thread_is_not_found_for_members(client_for, thread, member, other_member):
    client_for(member).post(reverse("forum:delete", args=["thread", thread.pk]))
    assert Thread.objects.get(pk=thread.pk).is_deleted
    assert client_for(other_member).get(thread.get_absolute_url()).status_code == 404
