"""#15 item 6 in Chromium: the audit log reads as sentences and is not cut off at 1366 px.

It was a seven-column table whose last column ("Before → after": `hidden False → False`,
`verified_by → 2`) ran past the card at 1366 px. Now each entry is a sentence with its changes in
words; the page never scrolls sideways, in English or Dutch; axe finds nothing serious on the
log, the moderation overview and a member's page (which show the same entries), at desktop and
phone width.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import bootstrap, roles
from forum import services as forum
from moderation import services
from tests import factories
from tests.e2e.test_accessibility import PASSWORD, Role, Visit, run_site_map
from tests.e2e.test_badges_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Anything that reaches past the right edge of the window, inside the log.
CUT_OFF = """() => [...document.querySelectorAll('.audit-entry, .audit-entry *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((el) => el.outerHTML.slice(0, 80))"""


def a_busy_log():
    bootstrap.install()  # a transactional test flushes the groups the migrations made
    moderator = factories.make_member(username="mila", email="moderator@example.com", password=PASSWORD,
                                      display_name="Mila de Moderator", groups=(roles.MODERATORS,), is_staff=True)
    member = factories.make_member(username="tom", display_name="Tom Baker")
    orders = factories.make_category(name="Orders & delivery", slug="orders")
    billing = factories.make_category(name="Billing and invoices", slug="billing")
    thread = factories.make_thread(author=member, category=orders,
                                   title="My parcel shows delivered but it is not here and the courier says otherwise")
    answer = factories.make_answer(thread=thread, author=factories.make_member(username="priya"))
    forum.answer_accept(answer=answer, by=member)
    answer.refresh_from_db()
    services.answer_verify(answer=answer, by=moderator)
    services.review_hide(post=answer, by=moderator, reason="A long reason that a moderator typed to explain, at "
                                                             "length, why this answer had to go for now.")
    services.thread_move(thread=thread, by=moderator, category=billing, reason="Belongs with billing")
    services.thread_lock(thread=thread, by=moderator)
    services.member_suspend(member=member, by=moderator, reason="Spam links", until=timezone.now() + timedelta(days=3))
    return moderator, member


def test_the_audit_log_fits_1366_px_and_reads_in_words_in_both_languages(page, live_server):
    moderator, _member = a_busy_log()
    sign_in(page, live_server, moderator)
    page.set_viewport_size({"width": 1366, "height": 768})
    expected = {"en": ("Mila de Moderator verified an answer", "Verified by Mila de Moderator.",
                       "Category changed from Orders & delivery to Billing and invoices."),
                "nl": ("Mila de Moderator verifieerde een antwoord", "Geverifieerd door Mila de Moderator.",
                       "Categorie gewijzigd van Orders & delivery in Billing and invoices.")}
    for language, sentences in expected.items():
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto("/moderation/log/")
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        assert page.evaluate(CUT_OFF) == []
        text = " ".join(page.locator(".audit-list").inner_text().split())
        for sentence in sentences:
            assert sentence in text, (language, sentence, text)
        for raw in ("False", "True", "verified_by", "suspended_until", "→ 2"):
            assert raw not in text, (language, raw)
    assert page.console_errors == []


def test_the_pages_that_show_audit_entries_pass_axe_in_both_languages_at_both_widths(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    _moderator, member = a_busy_log()
    visits = [Visit("/moderation/log/"), Visit("/moderation/"), Visit(f"/moderation/members/{member.username}/")]
    failures, pages = run_site_map(browser, live_server, [Role("moderator", "moderator@example.com", visits)])
    assert pages == len(visits) * 2
    assert not failures, f"{len(failures)} axe violations:\n" + "\n".join(failures)
