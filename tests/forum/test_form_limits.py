"""A form's limits in the browser are the server's (#15 item 5): a title the server refuses for
its length cannot be typed, and what the server refuses it says, keeping what was typed."""

import re

import pytest

from forum.models import Thread
from tests.factories import make_thread

pytestmark = pytest.mark.django_db


def attribute(page: str, element: str, name: str, attribute_name: str) -> str:
    tag = re.search(rf'<{element}\b[^>]*\bname="{name}"[^>]*>', page).group(0)
    return re.search(rf'\b{attribute_name}="([^"]*)"', tag).group(1)


def test_the_ask_form_allows_in_the_browser_exactly_the_title_length_the_server_accepts(client_for, member, settings):
    settings.FORUM = {**settings.FORUM, "MIN_TITLE_LENGTH": 12, "MAX_TITLE_LENGTH": 120, "MAX_BODY_LENGTH": 5000}
    page = client_for(member).get("/ask/").content.decode()
    assert attribute(page, "input", "title", "maxlength") == "120"
    assert attribute(page, "input", "title", "minlength") == "12"
    assert attribute(page, "textarea", "body", "maxlength") == "5000"


def test_the_default_title_limit_is_the_same_on_both_sides(client_for, member, settings, category):
    limit = settings.FORUM["MAX_TITLE_LENGTH"]
    page = client_for(member).get("/ask/").content.decode()
    assert attribute(page, "input", "title", "maxlength") == str(limit)
    too_long = "Why " + "x" * limit  # what a browser without the limit (or a script) could still send
    response = client_for(member).post("/ask/", {"kind": "question", "title": too_long, "body": "It broke.",
                                                 "category": category.pk})
    assert response.status_code == 400
    assert f"Keep the title under {limit} characters." in response.content.decode()
    assert too_long in response.content.decode()  # kept for the member to shorten
    assert not Thread.objects.filter(title=too_long).exists()


def test_the_edit_form_and_the_answer_form_carry_the_same_limits(client_for, member, settings):
    thread = make_thread(author=member)
    edit = client_for(member).get(f"/thread/{thread.pk}/edit/").content.decode()
    assert attribute(edit, "input", "title", "maxlength") == str(settings.FORUM["MAX_TITLE_LENGTH"])
    page = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert attribute(page, "textarea", "body", "maxlength") == str(settings.FORUM["MAX_BODY_LENGTH"])
