"""#15 item 6: every audit entry reads as a sentence in English and Dutch, never as stored values.

The log showed `hidden False → False` and `verified_by → 2`: raw keys, Python's True/False, a
member's id. Each key has a name now, values read as a person reads them, and what an action
did not change is left out.
"""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation import audit, services
from moderation.formats import MOMENT_FORMAT
from moderation.models import AuditEntry
from tests import factories

MODERATION = Path(services.__file__).resolve().parent
RAW = re.compile(r"\b(True|False|None)\b|\b[a-z]+_[a-z_]+\b\s*(→|:)")


def log_of(client, language="en", query=""):
    client.cookies["django_language"] = language
    page = client.get(reverse("moderation:audit_log") + query, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    return page.content.decode()


def changes_of(html: str) -> list[str]:
    """The sentences under each entry, tags stripped."""
    return [re.sub(r"<[^>]+>", "", item).strip()
            for block in re.findall(r'<ul class="audit-entry__changes">(.*?)</ul>', html, re.S)
            for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def written_keys() -> set[str]:
    """Every before/after key the services write: dict literals passed to audit(), assigned to
    `before`, or returned by the state helpers (_post_state, _thread_state)."""
    keys = set()
    for path in [MODERATION / "services.py", *(MODERATION / "recovery").glob("*.py")]:
        tree = ast.parse(path.read_text())
        dicts = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit":
                dicts += [kw.value for kw in node.keywords if kw.arg in ("before", "after")]
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "before" for t in node.targets):
                dicts.append(node.value)
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_state"):
                dicts += [ret.value for ret in ast.walk(node) if isinstance(ret, ast.Return)]
        for value in dicts:
            if isinstance(value, ast.Dict):
                keys |= {key.value for key in value.keys if isinstance(key, ast.Constant)}
    return keys


def test_every_key_the_services_write_has_a_name_in_the_log():
    keys = written_keys()
    assert {"hidden", "verified_by", "suspended_until", "owner", "gesture", "merged_into"} <= keys
    named = set(audit.FIELDS[""]) | set(audit.FIELDS["recovery"])
    assert keys <= named, sorted(keys - named)


@pytest.mark.django_db
def test_a_verification_names_the_moderator_instead_of_an_id(client_for, moderator, accepted_answer):
    services.answer_verify(answer=accepted_answer, by=moderator)
    client = client_for(moderator)
    english = log_of(client)
    assert changes_of(english) == ["Now verified.", "Verified by Mila Moderator."]
    assert re.search(r"Mila Moderator</a>\s*<strong>verified an answer</strong>", english)
    assert changes_of(log_of(client, "nl")) == ["Nu geverifieerd.", "Geverifieerd door Mila Moderator."]


@pytest.mark.django_db
def test_hiding_reads_as_a_sentence_and_leaves_out_what_did_not_change(client_for, moderator, thread):
    services.review_hide(post=thread, by=moderator, reason="Spam")
    entry = AuditEntry.objects.get(action=services.Action.HIDE)
    assert entry.before["deleted"] is False and entry.after["deleted"] is False  # stored, not shown
    client = client_for(moderator)
    english = log_of(client)
    assert changes_of(english) == ["Now hidden."]
    assert not RAW.search(re.sub(r"<[^>]+>", " ", english.split('class="audit-list"')[1]))
    assert changes_of(log_of(client, "nl")) == ["Nu verborgen."]


@pytest.mark.django_db
def test_a_move_names_both_categories_and_a_lock_the_status_in_words(client_for, moderator, thread, category):
    billing = factories.make_category(name="Billing", slug="billing")
    services.thread_move(thread=thread, by=moderator, category=billing)
    services.thread_lock(thread=thread, by=moderator)
    client = client_for(moderator)
    assert changes_of(log_of(client)) == ["Status changed from open to locked.",
                                          "Category changed from Orders to Billing."]
    assert changes_of(log_of(client, "nl")) == ["Status gewijzigd van open in vergrendeld.",
                                                "Categorie gewijzigd van Orders in Billing."]


@pytest.mark.django_db
def test_a_suspension_gives_its_end_in_the_staff_screens_date_format(client_for, moderator, member):
    until = timezone.now() + timedelta(days=3)
    services.member_suspend(member=member, by=moderator, reason="Spam links", until=until)
    services.member_lift_suspension(member=member, by=moderator, reason="Appeal accepted")
    when = timezone.localtime(until).strftime("%-d %b %Y, %H:%M")
    assert MOMENT_FORMAT == "j M Y, H:i"
    html = log_of(client_for(moderator))
    assert changes_of(html) == [f"The suspension until {when} ended early.", f"Suspended until {when}."]
    assert f'<time datetime="{timezone.localtime(until).isoformat(timespec="minutes")}">{when}</time>' in html


@pytest.mark.django_db
def test_a_dutch_moment_writes_its_month_in_lower_case(client_for, moderator, member):
    """"4 dec 2026, 13:05", as Dutch writes it; Django's "M" gave "4 Dec 2026"."""
    until = timezone.now() + timedelta(days=3)
    services.member_suspend(member=member, by=moderator, reason="Spam links", until=until)
    html = log_of(client_for(moderator), "nl")
    written = re.findall(r'<time datetime="[^"]+">([^<]+)</time>', html)
    assert written and all(re.fullmatch(r"\d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2}", when) for when in written), written
    assert re.findall(r'<time datetime="[^"]+">(\d{1,2} [A-Z][a-z]{2} \d{4})', log_of(client_for(moderator)))


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_the_audit_log_costs_the_same_queries_for_any_number_of_entries(client_for, moderator, member, category,
                                                                        rows, django_assert_num_queries, settings):
    """Names of members, threads and categories in the sentences: one query per kind for the page."""
    other = factories.make_category(name="Billing", slug="billing")
    for _ in range(rows):
        thread = factories.make_thread(author=member, category=category)
        answer = factories.make_answer(thread=thread)
        from forum import services as forum

        forum.answer_accept(answer=answer, by=member)
        answer.refresh_from_db()
        services.answer_verify(answer=answer, by=moderator)  # a member's name
        services.thread_move(thread=thread, by=moderator, category=other)  # two category names
        services.thread_close(thread=thread, by=moderator, reason="duplicate",
                              duplicate_of=factories.make_thread(category=category))  # a thread's title
    client = client_for(moderator)
    client.get(reverse("moderation:audit_log"))
    # Session, user (with its unread count), permissions, moderators (the filter form), count, page,
    # one lookup each for members, threads and categories named in the sentences, and the header's
    # review and recovery counters. With Redis the session comes from the cache: one query fewer.
    cached_session = settings.SESSION_ENGINE.endswith("cached_db")
    with django_assert_num_queries(10 if cached_session else 11):
        html = client.get(reverse("moderation:audit_log")).content.decode()
    changes = changes_of(html)
    assert any(change.startswith("Marked as a duplicate of “") for change in changes)
    assert "Category changed from Orders to Billing." in changes and "Verified by Mila Moderator." in changes
