from badges import permissions, services
from badges.models import Award, Badge, BadgeLog
from forum.models import Notification

GRANT_URL = "/badges/b/community-hero/grant/"
REVOKE_URL = "/badges/b/community-hero/revoke/"


def test_staff_grant_a_manual_badge_with_a_reason_that_is_logged(client_for, moderator, member):
    response = client_for(moderator).post(GRANT_URL, {"username": "mia", "reason": "Helped dozens on launch day."})
    assert response.status_code == 302
    award = Award.objects.held().get(badge__slug="community-hero", member=member)
    assert award.granted_by == moderator
    log = BadgeLog.objects.get()
    assert (log.action, log.actor, log.reason) == ("granted", moderator, "Helped dozens on launch day.")
    assert Notification.objects.filter(recipient=member, verb="badge_awarded").exists()


def test_members_may_not_grant_badges(client_for, member, other_member):
    response = client_for(member).post(GRANT_URL, {"username": "otto", "reason": "Friends."})
    assert response.status_code == 403
    assert not Award.objects.exists()
    assert not permissions.can(permissions.check_grant_badge, member)


def test_anonymous_visitors_may_not_grant_badges(client, member):
    assert client.post(GRANT_URL, {"username": "mia", "reason": "x"}).status_code == 403


def test_members_do_not_see_the_grant_form_but_staff_do(client_for, member, moderator):
    assert "Grant this badge" not in client_for(member).get("/badges/b/community-hero/").content.decode()
    assert "Grant this badge" in client_for(moderator).get("/badges/b/community-hero/").content.decode()


def test_a_grant_without_a_reason_is_refused_and_keeps_what_was_typed(client_for, moderator, member):
    response = client_for(moderator).post(GRANT_URL, {"username": "mia", "reason": ""})
    assert response.status_code == 400
    assert 'value="mia"' in response.content.decode()
    assert not Award.objects.exists()


def test_an_unknown_member_is_refused_with_a_clear_message(client_for, moderator):
    response = client_for(moderator).post(GRANT_URL, {"username": "nobody", "reason": "x"})
    assert "There is no member with that username." in response.content.decode()


def test_granting_twice_is_refused(client_for, moderator, member):
    client = client_for(moderator)
    client.post(GRANT_URL, {"username": "mia", "reason": "Great help."})
    response = client.post(GRANT_URL, {"username": "mia", "reason": "Again."})
    assert "This member already holds this badge." in response.content.decode()
    assert Award.objects.count() == 1


def test_staff_revoke_with_a_reason_and_the_award_is_kept_as_revoked(client_for, moderator, member):
    badge = Badge.objects.get(slug="community-hero")
    services.badge_grant(badge=badge, member=member, by=moderator, reason="Great help.")
    response = client_for(moderator).post(REVOKE_URL, {"username": "mia", "reason": "Granted by mistake."})
    assert response.status_code == 302
    assert not Award.objects.held().exists()
    assert Award.objects.filter(revoked_at__isnull=False).count() == 1
    assert list(BadgeLog.objects.order_by("id").values_list("action", flat=True)) == ["granted", "revoked"]


def test_members_may_not_revoke(client_for, moderator, member):
    badge = Badge.objects.get(slug="community-hero")
    services.badge_grant(badge=badge, member=member, by=moderator, reason="Great help.")
    assert client_for(member).post(REVOKE_URL, {"username": "mia", "reason": "Mine."}).status_code == 403
    assert Award.objects.held().count() == 1


def test_automatic_revocation_never_touches_manual_grants(moderator, member):
    badge = Badge.objects.get(slug="profile-completed")
    services.badge_grant(badge=badge, member=member, by=moderator, reason="Photo sent by mail.")
    services.evaluate_badges(event="*", member_ids=None)
    assert Award.objects.held().filter(badge=badge, member=member).exists()
