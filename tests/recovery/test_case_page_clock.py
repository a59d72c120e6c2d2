"""#15 item 10: the case page writes every moment one way, counts down to the target and says when
its clock counts business hours only."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from moderation.recovery.models import Case, ResponsePolicy

pytestmark = pytest.mark.django_db
MOMENT = re.compile(r'<time datetime="[^"]+">(\d{1,2} \w{3} \d{4}, \d{2}:\d{2})</time>')


def _page(client, case, language="en"):
    client.cookies["django_language"] = language
    return client.get(reverse("recovery:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_every_moment_on_the_case_page_is_written_one_way_and_the_target_counts_down(case, moderator,
                                                                                     client_for):
    html = _page(client_for(moderator), case)
    assert len(MOMENT.findall(html)) >= 3  # opened, due, the timeline
    assert not re.search(r"\b[ap]\.m\.|\d{2}/\d{2}/\d{4}", html)  # Django's DATETIME/SHORT_DATETIME formats
    countdown = html.split("data-case-countdown>", 1)[1].split("</span>", 1)[0]
    assert countdown.startswith("in ") and "h" in countdown
    assert "business hours" not in html


def test_an_overdue_case_says_by_how_much_in_both_languages(case, moderator, client_for):
    Case.objects.filter(pk=case.pk).update(due_at=case.created_at - timedelta(minutes=40))
    client = client_for(moderator)
    assert "overdue by" in _page(client, case).split("data-case-countdown>", 1)[1][:40]
    assert "te laat" in _page(client, case, "nl").split("data-case-countdown>", 1)[1][:40]


def test_a_business_hours_clock_says_so_and_shows_both_times(case, moderator, client_for):
    ResponsePolicy.objects.create(category=case.thread.category, first_response_minutes=120,
                                  business_hours_only=True)
    Case.objects.filter(pk=case.pk).update(first_response_at=case.created_at + timedelta(minutes=11),
                                           first_response_minutes=0)
    html = _page(client_for(moderator), case)
    assert "The clock counts business hours only." in html
    assert "after 11 min, of which 0 min in business hours" in html
    assert "data-case-countdown" not in html  # answered: nothing to count down to


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_moment_on_a_busy_case_page_is_written_any_other_way(case, moderator, client_for, language):
    """Every date and time on the page, timeline and staff notes included, is a <time> in the one
    format: none is left in Django's DATETIME ("Dec. 1, 2026, 1 p.m.") or SHORT_DATETIME formats."""
    from moderation.recovery import services

    services.record_first_response(case=case, by=moderator, at=case.created_at + timedelta(minutes=11))
    services.case_set_status(case=case, by=moderator, status=Case.Status.IN_PROGRESS, note="Replacement ordered")
    services.note_add(thread=case.thread, by=moderator, body="Called the customer")
    main = _page(client_for(moderator), case, language).split("<main", 1)[1].split("</main>", 1)[0]
    moments = re.findall(r"<time[^>]*>([^<]*)</time>", main)
    assert len(moments) >= 5 and all(re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2}", m) for m in moments), moments
    months = [m.split()[1] for m in moments]
    assert all(month.islower() for month in months) if language == "nl" else all(month.istitle() for month in months)
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<time[^>]*>[^<]*</time>", "", main))
    assert not re.search(r"\b(jan|feb|mrt|mar|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?\s+\d|"
                         r"\d{1,2}[:/]\d{2}|[ap]\.m\.|noon|midnight|middernacht", text, re.I), text
