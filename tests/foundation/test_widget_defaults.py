"""No widget default shows through (#15 item 13): no Django "---------" as a filter's or a choice's
empty entry, allauth's Title Case labels in the site's sentence case, and pills that start with a
capital letter like every other label, in English and Dutch.

The editor as the default article author is tested in tests/blog/test_permissions.py, the CMS's
name, logo and avatars without Gravatar in tests/foundation/test_admin_branding.py."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings

from moderation.recovery import services as recovery
from tests import factories
from tests.foundation.test_account_pages import ENTRANCE_PAGES, MANAGE_PAGES
from tests.recovery.conftest import problem, second_moderator, team  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "locale/en/LC_MESSAGES/django.po"
ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.po"  # its msgids: its English
LOWER_WORDS = ("a", "this", "the", "of", "to", "via")


def title_case(text: str) -> bool:
    """ "Sign In", "Forgot Password?", "Add a Third-Party Account": a label (not a sentence) whose
    later words start with a capital, as allauth writes them."""
    words = text.split()
    if len(words) < 2 or text.endswith(".") or "%" in text or "{" in text:
        return False
    later = words[1:]
    parts = later + [part for word in later for part in word.split("-")[1:]]
    return (all(re.match(r"^[(]?[^a-z]", word) or word in LOWER_WORDS for word in later)
            and any(re.match(r"^[A-Z][a-z]", part) for part in parts))


def sentence_case(text: str) -> str:
    """The first letter stays; every later word (and word part) in lower case but acronyms (TOTP, IP)."""
    def lower(word):
        return "-".join(part if part.isupper() and len(part) > 1 else part.lower() for part in word.split("-"))

    first, *later = text.split()
    head, *tail = first.split("-")
    return " ".join(["-".join([head, *map(lower, tail)]), *map(lower, later)])


def allauth_labels() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(ALLAUTH_CATALOGUE)) if not entry.obsolete and title_case(entry.msgid)]


def visible_texts(html: str) -> set[str]:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    texts = {" ".join(text.split()) for text in re.split(r"<[^>]+>", html)}
    texts |= set(re.findall(r'(?:placeholder|aria-label|title|value)="([^"]+)"', html))
    return {text for text in texts if text}


def test_the_english_catalogue_writes_every_title_case_label_of_allauth_in_sentence_case():
    assert ALLAUTH_CATALOGUE.exists(), "allauth's catalogue was not found"
    ours = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(ENGLISH))}
    labels = allauth_labels()
    assert len(labels) > 30
    for entry in labels:  # an allauth upgrade that adds a label fails here until it is added
        assert ours.get((entry.msgctxt, entry.msgid)) == sentence_case(entry.msgid), entry.msgid
    assert sentence_case("Add a Third-Party Account") == "Add a third-party account"
    assert sentence_case("TOTP Authenticator") == "TOTP authenticator"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_account_pages_show_no_title_case_label(client, member, language):
    labels = {entry.msgid for entry in allauth_labels()}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in ENTRANCE_PAGES:
        found = visible_texts(client.get(path, follow=True).content.decode()) & labels
        assert not found, (language, path, found)
    client.force_login(member)
    for path in MANAGE_PAGES:
        found = visible_texts(client.get(path).content.decode()) & labels
        assert not found, (language, path, found)


def test_the_sign_in_page_says_sign_in_and_remember_me_in_sentence_case(client):
    texts = visible_texts(client.get("/accounts/login/").content.decode())
    assert {"Sign in", "Remember me"} <= texts
    assert not {"Sign In", "Remember Me"} & texts


@pytest.fixture
def staff_pages(problem, moderator, member, category):  # noqa: F811
    # A compliment, a question nobody answered and a problem with its case fill every list and filter.
    recovery.feedback_create(kind="compliment", message="Anna at the desk was wonderful.")
    factories.make_thread(author=member, category=category, title="How do I change the delivery address?")
    case = problem.case
    return ["/moderation/waiting/", "/moderation/waiting/?team=&category=&owner=", f"/moderation/cases/{case.pk}/",
            "/moderation/feedback/inbox/", "/moderation/compliments/", "/moderation/dashboard/", "/moderation/log/",
            "/moderation/review/", f"/moderation/members/{member.username}/", problem.get_absolute_url()]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_staff_filter_or_choice_starts_with_djangos_dashes(client_for, moderator, staff_pages, language):
    client = client_for(moderator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in staff_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "---------" not in response.content.decode(), path


def test_the_filters_empty_choices_say_what_they_show(client_for, moderator, staff_pages, problem):  # noqa: F811
    client = client_for(moderator)
    queue = client.get("/moderation/waiting/").content.decode()
    for name, label in (("team", "All teams"), ("category", "All categories"), ("owner", "Everyone")):
        select = re.search(rf'<select name="{name}".*?</select>', queue, re.S).group(0)
        assert re.search(rf'<option value="" selected>{label}</option>', select), name
    case_page = client.get(f"/moderation/cases/{problem.case.pk}/").content.decode()
    assert '<option value="" selected>Choose a colleague…</option>' in case_page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert '<option value="" selected>Alle categorieën</option>' in client.get("/moderation/waiting/").content.decode()


def pills(html: str) -> list[str]:
    return [" ".join(text.split()) for text in re.findall(r'<span class="pill[^"]*"[^>]*>([^<]+)</span>', html)]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", {"Problem", "New", "Question", "Unanswered", "No team"}),
    ("nl", {"Probleem", "Nieuw", "Vraag", "Onbeantwoord", "Geen team"}),
])
def test_the_waiting_queue_and_the_compliments_write_pills_with_a_capital(client_for, moderator, staff_pages,
                                                                          language, expected):
    client = client_for(moderator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    shown = []
    for path in ("/moderation/waiting/", "/moderation/compliments/", staff_pages[2]):
        shown += pills(client.get(path).content.decode())
    assert expected <= set(shown), shown
    assert all(text[0].isupper() or not text[0].isalpha() for text in shown), shown
