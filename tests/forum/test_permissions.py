"""Every permission allowed and refused, for anonymous, member, author and moderator (server side)."""

import pytest
from django.core.exceptions import PermissionDenied

from forum import permissions as p
from forum import services
from tests import factories

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False
    is_active = False
    pk = None

    def has_perm(self, perm):
        return False


def refused(check, *args):
    with pytest.raises(PermissionDenied) as error:
        check(*args)
    return str(error.value)


def test_anonymous_visitors_read_but_may_do_nothing_else(thread, answer):
    anon = Anonymous()
    p.check_see_thread(anon, thread)
    for check, args in [
        (p.check_start_thread, ()), (p.check_answer_thread, (thread,)), (p.check_give_kudo, (answer,)),
        (p.check_me_too, (thread,)), (p.check_accept_answer, (answer,)), (p.check_follow, ()),
        (p.check_edit_post, (thread,)), (p.check_delete_post, (thread,)), (p.check_upload_image, ()),
    ]:
        assert refused(check, anon, *args) == str(p.SIGN_IN_REQUIRED)


def test_members_post_answer_kudo_me_too_and_follow(thread, answer, third_member):
    p.check_start_thread(third_member)
    p.check_answer_thread(third_member, thread)
    p.check_give_kudo(third_member, answer)
    p.check_give_kudo(third_member, thread)
    p.check_me_too(third_member, thread)
    p.check_follow(third_member)


def test_members_cannot_edit_delete_or_accept_what_is_not_theirs(thread, answer, third_member):
    assert refused(p.check_edit_post, third_member, thread) == str(p.NOT_YOUR_POST)
    assert refused(p.check_delete_post, third_member, answer) == str(p.NOT_YOUR_POST)
    assert refused(p.check_accept_answer, third_member, answer) == str(p.ONLY_ASKER_ACCEPTS)
    assert refused(p.check_moderate, third_member) == str(p.MODERATORS_ONLY)


def test_authors_edit_and_delete_their_own_posts(thread, answer, member, other_member):
    p.check_edit_post(member, thread)
    p.check_delete_post(member, thread)
    p.check_edit_post(other_member, answer)
    p.check_delete_post(other_member, answer)


def test_authors_cannot_thank_themselves_or_say_me_too_to_their_own_question(thread, answer, member, other_member):
    assert refused(p.check_give_kudo, member, thread) == str(p.KUDO_OWN_POST)
    assert refused(p.check_give_kudo, other_member, answer) == str(p.KUDO_OWN_POST)
    assert refused(p.check_me_too, member, thread) == str(p.ME_TOO_OWN_THREAD)


def test_me_too_is_only_for_questions_and_problems(member, other_member, category):
    compliment = factories.make_thread(author=member, category=category, kind="compliment")
    assert refused(p.check_me_too, other_member, compliment) == str(p.ME_TOO_WRONG_KIND)


def test_only_the_asker_or_a_moderator_accepts(thread, answer, member, other_member, moderator):
    p.check_accept_answer(member, answer)
    p.check_accept_answer(moderator, answer)
    assert refused(p.check_accept_answer, other_member, answer) == str(p.ONLY_ASKER_ACCEPTS)


def test_an_accepted_answer_is_removed_only_by_a_moderator(thread, answer, member, other_member, moderator):
    services.answer_accept(answer=answer, by=member)
    assert refused(p.check_delete_post, other_member, answer) == str(p.ACCEPTED_ANSWER_DELETE)
    p.check_delete_post(moderator, answer)


def test_locked_threads_take_no_answers_and_no_edits(thread, answer, other_member, moderator, member):
    services.thread_lock(thread=thread, by=moderator)
    assert refused(p.check_answer_thread, other_member, thread) == str(p.THREAD_LOCKED)
    assert refused(p.check_edit_post, member, thread) == str(p.THREAD_LOCKED)
    assert refused(p.check_accept_answer, member, answer) == str(p.THREAD_LOCKED)
    p.check_edit_post(moderator, thread)


def test_closed_threads_take_no_answers(thread, other_member, moderator):
    services.thread_close(thread=thread, by=moderator, reason="off_topic")
    assert refused(p.check_answer_thread, other_member, thread) == str(p.THREAD_CLOSED)


def test_deleted_threads_are_seen_only_by_moderators(thread, member, other_member, moderator):
    services.post_delete(post=thread, by=member)
    assert refused(p.check_see_thread, other_member, thread) == str(p.THREAD_NOT_FOUND)
    p.check_see_thread(moderator, thread)
    assert refused(p.check_edit_post, member, thread) == str(p.POST_DELETED)


def test_moderators_may_moderate_and_edit_anything(thread, answer, moderator):
    p.check_moderate(moderator)
    p.check_edit_post(moderator, thread)
    p.check_edit_post(moderator, answer)
    p.check_delete_post(moderator, answer)


def test_image_uploads_need_the_upload_privilege(member, moderator):
    assert refused(p.check_upload_image, member) == str(p.UPLOAD_NOT_ALLOWED)
    p.check_upload_image(moderator)
    factories.grant(member, "upload_images")
    p.check_upload_image(member)


def test_new_members_start_a_limited_number_of_threads_an_hour(member, category, settings):
    settings.FORUM = {**settings.FORUM, "NEW_MEMBER_THREADS_PER_HOUR": 2}
    factories.make_thread(author=member, category=category)
    p.check_start_thread(member)
    factories.make_thread(author=member, category=category)
    assert refused(p.check_start_thread, member) == str(p.TOO_MANY_THREADS % {"limit": 2})
    factories.grant(member, "bypass_new_member_limits")
    p.check_start_thread(member)


def test_new_members_post_a_limited_number_of_links(member, settings):
    settings.FORUM = {**settings.FORUM, "NEW_MEMBER_MAX_LINKS": 1}
    p.check_links_allowed(member, "see https://example.com")
    body = "see https://example.com and [this](https://example.org)"
    assert refused(p.check_links_allowed, member, body) == str(p.TOO_MANY_LINKS % {"limit": 1})
    factories.grant(member, "post_links")
    p.check_links_allowed(member, body)


def test_other_apps_can_stop_a_member_from_posting(member):
    def suspended(user):
        return "You are suspended." if user.pk == member.pk else None

    p.register_posting_restriction(suspended)
    try:
        assert refused(p.check_start_thread, member) == "You are suspended."
    finally:
        p._posting_restrictions.remove(suspended)
