"""What every signed-in page shows about the member (their unread notifications, whether they are
suspended) is read in the query that loads them (config.registry member annotations, issue #13):
two queries fewer on every signed-in page, and still right when it changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.web.auth import MemberBackend
from forum import notifications, services
from forum.models import Notification
from moderation import services as moderation
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, url):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries.captured_queries]


def notify(member, other, n: int) -> None:
    for i in range(n):
        services.notify_member(recipient=member, verb="test", text=f"Note {i}", actor=other, url="/")


def test_the_header_count_comes_with_the_member_and_follows_reads(client_for, member, other_member, category):
    notify(member, other_member, 3)
    client = client_for(member)
    html, queries = page(client, reverse("forum:home"))
    assert 'data-counter="notifications">3<' in html
    assert [q for q in queries if "forum_notification" in q] == [q for q in queries if 'FROM "auth_user"' in q]
    # not suspended: nothing asked beyond the member's own query
    assert not [q for q in queries if "moderation_suspension" in q and 'FROM "auth_user"' not in q]
    first = Notification.objects.filter(recipient=member).first()
    client.get(reverse("forum:notification_open", args=[first.pk]))
    assert 'data-counter="notifications">2<' in page(client, reverse("forum:home"))[0]


def test_marking_read_in_a_request_forgets_the_count_it_began_with(member, other_member):
    notify(member, other_member, 2)
    request = RequestFactory().get("/")
    request.user = MemberBackend().get_user(member.pk)
    assert notifications.header_counter(request)["count"] == 2
    notifications.mark_read(user=request.user)
    assert notifications.header_counter(request)["count"] == 0


def test_a_suspended_member_is_still_stopped_and_told(client_for, member, moderator, category):
    thread = factories.make_thread(author=moderator, category=category)
    client = client_for(member)
    client.get(thread.get_absolute_url())
    moderation.member_suspend(member=member, by=moderator, reason="Rude replies",
                              until=timezone.now() + timedelta(days=3))
    html, _queries = page(client, thread.get_absolute_url())
    assert "Rude replies" in html  # the banner, on the very next page
    response = client.post(reverse("forum:answer", args=[thread.pk]), {"body": "Still here.", "website": ""})
    assert response.status_code in (302, 403) and not thread.answers.exists()


def test_a_session_from_the_older_backend_gets_the_same(member, other_member, moderator):
    notify(member, other_member, 1)
    moderation.member_suspend(member=member, by=moderator, reason="Spam", until=timezone.now() + timedelta(days=1))
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("forum:home")).content.decode()
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True).count()  # the suspension's too
    assert unread >= 1 and f'data-counter="notifications">{unread}<' in html and "Spam" in html
