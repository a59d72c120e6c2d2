"""Every service-recovery staff page and action: anonymous visitors sign in, members are refused, moderators may."""

import pytest
from django.urls import reverse

from moderation.recovery import services
from moderation.recovery.models import Case, Feedback, StaffNote

pytestmark = pytest.mark.django_db


def _actions(case, moderator):
    note = services.note_add(thread=case.thread, by=moderator, body="Call back on Monday")
    item = services.feedback_create(kind="suggestion", message="Idea")
    return [
        ("get", reverse("recovery:waiting"), {}),
        ("get", reverse("recovery:dashboard"), {}),
        ("get", reverse("recovery:inbox"), {}),
        ("get", reverse("recovery:compliments"), {}),
        ("get", reverse("recovery:case", args=[case.pk]), {}),
        ("get", reverse("recovery:case_for_thread", args=[case.thread.pk]), {}),
        ("post", reverse("recovery:case_take", args=[case.pk]), {}),
        ("post", reverse("recovery:case_status", args=[case.pk]), {"status": "in_progress"}),
        ("post", reverse("recovery:case_reassign", args=[case.pk]), {"to": moderator.pk}),
        ("post", reverse("recovery:recovery_reply", args=[case.pk]), {"responsibility": "x"}),
        ("post", reverse("recovery:note_add", args=[case.thread.pk]), {"body": "note"}),
        ("post", reverse("recovery:note_delete", args=[note.pk]), {}),
        ("post", reverse("recovery:feedback_handled", args=[item.pk]), {}),
    ]


def _state():
    return (list(Case.objects.values_list("owner_id", "status")), StaffNote.objects.filter(deleted_at=None).count(),
            Feedback.objects.filter(handled_at=None).count())


def test_anonymous_visitors_are_sent_to_sign_in(case, moderator, client_for):
    actions = _actions(case, moderator)
    before = _state()
    for method, url, data in actions:
        response = getattr(client_for(None), method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert _state() == before


def test_members_are_refused(case, moderator, member, client_for):
    actions = _actions(case, moderator)
    before = _state()
    for method, url, data in actions:
        response = getattr(client_for(member), method)(url, data)
        assert response.status_code == 403, url
        assert "Only moderators can see and use the service-recovery tools." in response.content.decode()
    assert _state() == before


def test_moderators_are_allowed(case, moderator, second_moderator, client_for):
    actions = _actions(case, moderator)
    for method, url, data in actions:
        response = getattr(client_for(second_moderator), method)(url, data)
        assert response.status_code in (200, 302, 400), url
        assert response.status_code != 302 or not response["Location"].startswith("/accounts/login/")
    case.refresh_from_db()
    assert case.owner == moderator  # taken by mod2, then passed back to mod by the reassign action
    assert case.status == Case.Status.IN_PROGRESS
    assert StaffNote.objects.filter(deleted_at=None).count() == 1
    assert Feedback.objects.filter(handled_at=None).count() == 0


def test_the_feedback_form_and_follow_up_are_open_to_everyone(client_for, member):
    assert client_for(None).get(reverse("recovery:feedback")).status_code == 200
    assert client_for(member).get(reverse("recovery:feedback")).status_code == 200
