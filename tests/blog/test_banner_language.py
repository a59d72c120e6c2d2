"""#15 item 7: a known issue not translated yet shows in its own language on the other language's
pages, marked for the eye and with lang for screen readers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_known_issue_on_a_dutch_page_is_marked_english(client, publish_known_issue):
    publish_known_issue(title="Lamps lose their connection")
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<span lang="en">Lamps lose their connection</span> (in het Engels)' in page
    english = client.__class__().get(reverse("forum:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lamps lose their connection" in english and '<span lang="en">' not in english
