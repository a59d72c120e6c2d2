"""One definition of staff and of moderator (forum/roles.py); Django's is_staff opens the admin only."""

from django.urls import reverse

from badges import permissions as badge_permissions
from badges import selectors as badge_selectors
from badges import services as badge_services
from forum import roles
from forum.models import Thread
from moderation.recovery import receivers as recovery_receivers
from tests import factories


class _Request:
    def __init__(self, user):
        self.user = user


def test_is_staff_alone_grants_no_moderation_or_recovery_rights(client_for, editor):
    assert editor.is_staff and not roles.is_moderator(editor)
    assert client_for(editor).get(reverse("recovery:waiting")).status_code == 403
    assert recovery_receivers.waiting_counter(_Request(editor)) == {}


def test_a_moderator_without_is_staff_is_staff_for_recovery(client_for, db):
    moderator = factories.make_member(username="nostaff", groups=(roles.MODERATORS,), is_staff=False)
    assert roles.is_moderator(moderator) and roles.is_company_staff(moderator)
    assert client_for(moderator).get(reverse("recovery:waiting")).status_code == 200
    assert recovery_receivers.waiting_counter(_Request(moderator))["count"] == 0


def test_a_moderator_without_is_staff_may_grant_badges_and_an_editor_may_not(db, editor):
    moderator = factories.make_member(username="nostaff", groups=(roles.MODERATORS,), is_staff=False)
    assert badge_permissions.can(badge_permissions.check_grant_badge, moderator)
    assert not badge_permissions.can(badge_permissions.check_grant_badge, editor)


def test_company_staff_stay_off_the_leaderboard_whatever_their_is_staff_flag(db, member, other_member, category):
    moderator = factories.make_member(username="nostaff", groups=(roles.MODERATORS,), is_staff=False)
    for helper in (member, moderator):
        thread = factories.make_thread(author=other_member, category=category)
        answer = factories.make_answer(thread=thread, author=helper)
        from forum import services as forum

        forum.answer_accept(answer=answer, by=other_member)
    names = [row["username"] for row in badge_selectors.leaderboard(period="all")]
    assert member.username in names
    assert moderator.username not in names
    assert Thread.objects.count() == 2
    assert badge_services.standing_for(moderator).total > 0


def test_the_company_staff_filter_agrees_with_the_predicate(db, member, moderator, editor, admin_user):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    by_filter = set(users.filter(roles.company_staff_q()).values_list("pk", flat=True))
    assert by_filter == {u.pk for u in users if roles.is_company_staff(u)}
    assert by_filter == {moderator.pk, editor.pk, admin_user.pk}


def test_a_moderator_without_is_staff_still_needs_a_second_factor_in_the_staff_areas(settings, client_for, db):
    settings.STAFF_REQUIRE_2FA = True
    moderator = factories.make_member(username="nostaff", groups=(roles.MODERATORS,), is_staff=False)
    response = client_for(moderator).get("/moderation/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_member_is_not_asked_for_a_second_factor(settings, client_for, member):
    settings.STAFF_REQUIRE_2FA = True
    assert client_for(member).get("/moderation/me/").status_code == 200
