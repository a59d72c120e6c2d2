"""The latest notifications as a panel (/notifications/menu/, which the header's bell opens in place:
#15 item 11, browser test in tests/e2e/test_staff_header.py), in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Notification
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def notify(member, n, *, actor=None):
    return [Notification.objects.create(recipient=member, verb="x", actor=actor, text=f"Notification number {i}",
                                        url="/") for i in range(n)]


def test_the_menu_lists_the_newest_eight_marks_the_unread_and_offers_mark_all_read(client_for, member):
    notify(member, 10)
    response = client_for(member).get("/notifications/menu/", HTTP_HX_REQUEST="true",
                                      HTTP_HX_CURRENT_URL="http://testserver/t/1/router/")
    page = response.content.decode()
    assert page.count('class="notification notification--unread"') == 8
    assert "Notification number 9" in page and "Notification number 1<" not in page
    assert 'name="next" value="/t/1/router/"' in page and "Mark all as read" in page


def test_the_menu_is_only_for_the_signed_in_member_and_shows_only_their_own(client_for, member, other_member):
    notify(other_member, 1)
    assert client_for(None).get("/notifications/menu/").status_code in (302, 403)
    page = client_for(member).get("/notifications/menu/").content.decode()
    assert "Notification number 0" not in page and "No notifications yet" in page


def test_the_menu_costs_the_same_queries_for_one_and_eight_notifications(client_for, member):
    counts = []
    for n in (1, 8):
        Notification.objects.all().delete()
        notify(member, n, actor=make_member())
        client = client_for(member)
        client.get("/notifications/menu/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/notifications/menu/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 7  # measured 7: session, member, the list, the actors and their profiles
