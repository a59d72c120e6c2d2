"""Private staff notes: staff write and read them; members never see them anywhere."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from moderation.models import AuditEntry
from moderation.recovery import services
from moderation.recovery.models import StaffNote
from moderation.recovery.panels import thread_panels

pytestmark = pytest.mark.django_db

SECRET = "Customer already got a refund last month — check before offering another."


def _rendered_panels(request, thread) -> str:
    return "".join(render_to_string(panel["template"], panel["context"], request=request)
                   for panel in thread_panels(request, thread))


def test_a_moderator_adds_a_note_and_it_is_audited(problem, moderator, client_for):
    response = client_for(moderator).post(reverse("recovery:note_add", args=[problem.pk]), {"body": SECRET})
    assert response.status_code == 302
    note = StaffNote.objects.get()
    assert (note.author, note.body) == (moderator, SECRET)
    assert AuditEntry.objects.filter(action="recovery.note_added", thread=problem).exists()


def test_staff_see_notes_on_the_thread_panel(problem, moderator, rf):
    services.note_add(thread=problem, by=moderator, body=SECRET)
    request = rf.get("/")
    request.user = moderator
    assert SECRET in _rendered_panels(request, problem)


def test_members_and_visitors_never_see_staff_notes(problem, moderator, member, other_member, rf, client_for):
    from django.contrib.auth.models import AnonymousUser

    services.note_add(thread=problem, by=moderator, body=SECRET)
    for user in (member, other_member, AnonymousUser()):
        request = rf.get("/")
        request.user = user
        assert SECRET not in _rendered_panels(request, problem)
        assert "Staff notes" not in _rendered_panels(request, problem)
    for user in (member, other_member, None):
        response = client_for(user).get(problem.get_absolute_url())
        assert SECRET not in response.content.decode()
        assert client_for(user).get(reverse("recovery:case", args=[problem.case.pk])).status_code in (302, 403)


def test_a_member_cannot_add_or_delete_notes(problem, moderator, member, client_for):
    note = services.note_add(thread=problem, by=moderator, body=SECRET)
    assert client_for(member).post(reverse("recovery:note_add", args=[problem.pk]), {"body": "hi"}).status_code == 403
    assert client_for(member).post(reverse("recovery:note_delete", args=[note.pk])).status_code == 403
    assert StaffNote.objects.filter(deleted_at__isnull=True).count() == 1


def test_deleting_a_note_keeps_it_in_the_database(problem, moderator, client_for):
    note = services.note_add(thread=problem, by=moderator, body=SECRET)
    client_for(moderator).post(reverse("recovery:note_delete", args=[note.pk]))
    note.refresh_from_db()
    assert note.deleted_at is not None
    assert AuditEntry.objects.filter(action="recovery.note_deleted").exists()
