"""The thread page's head (forum/seo.py) is made once per content version and language and shared by
every reader: stripping every answer's HTML to text was a sixth of a signed-in thread page (issue
#13). The output is what it was before, for posts with Markdown, code, links and entities."""

import json
from pathlib import Path

import pytest
import time_machine

from forum import selectors, seo, services
from tests import factories

pytestmark = pytest.mark.django_db

QUESTION = """## The lamp & the app

After the **update** my lamp shows `ERR<42>` and the [app](https://example.com/app?a=1&b=2) says:

```
pair --force <lamp> && reset "wifi"
```

- first, I tried *resetting*
- then I asked: "why?"
"""
ACCEPTED = """Turn on **2.4 GHz** wifi; see <https://example.com/help>.

    $ lamp --band 2.4 > log.txt

It's fixed with `band=2.4` — thanks & good luck."""
SUGGESTED = "Try [restarting](https://example.com/restart \"Restart\") the lamp. Ünïcode: café ☕ <b>bold</b>"


@pytest.fixture
def rich_thread(member, other_member, moderator, category):
    third_member = factories.make_member(username="tess", display_name="Tess Third")
    with time_machine.travel("2026-11-30 10:00:00+00:00", tick=False):
        thread = factories.make_thread(author=member, category=category, title="Lamp shows ERR<42> after the update",
                                       body=QUESTION)
        accepted = factories.make_answer(thread=thread, author=other_member, body=ACCEPTED)
        suggested = factories.make_answer(thread=thread, author=third_member, body=SUGGESTED)
        hidden = factories.make_answer(thread=thread, author=third_member, body="Buy a new one, spam spam.")
        services.kudo_give(user=member, post=suggested)
        services.answer_accept(answer=accepted, by=member)
        for post in (thread, accepted, suggested):  # new members' links wait for review: released
            services.post_set_moderation_state(post=post, by=moderator, pending_review=False)
        services.post_set_moderation_state(post=hidden, by=moderator, hidden=True)
    thread.refresh_from_db()
    return thread, accepted, suggested, hidden


def normalised(head: dict, thread, *answers) -> dict:
    """The head with this run's ids put as names, so it compares with the text written below."""
    text = json.dumps({k: str(v) for k, v in head.items() if k != "feeds"}, sort_keys=True, ensure_ascii=False)
    for n, answer in enumerate(answers, start=1):
        text = text.replace(f"#answer-{answer.pk}", f"#answer-A{n}")
    return json.loads(text.replace(f"/t/{thread.pk}/", "/t/T/").replace(f"/thread/{thread.pk}/", "/thread/T/"))


BEFORE = json.loads((Path(__file__).parent / "thread_head_before.json").read_text())  # made by the old code


def answers_seen_by(user, thread) -> list:
    return list(selectors.visible_answers(user, thread).order_by("pk"))


@pytest.mark.parametrize("page_cache", [False, True])
def test_the_head_is_what_it_was_before(settings, rich_thread, member, moderator, page_cache):
    settings.PAGE_CACHE = page_cache
    thread, accepted, suggested, hidden = rich_thread
    for reader in (member, moderator, member):  # the moderator's page has the hidden answer too
        head = seo.thread_seo(thread, answers_seen_by(reader, thread))
        assert normalised(head, thread, accepted, suggested, hidden) == BEFORE


def test_a_thread_page_strips_the_posts_to_text_once_per_version(settings, client_for, rich_thread, member,
                                                                 other_member, monkeypatch):
    settings.PAGE_CACHE = True
    thread, accepted, suggested, hidden = rich_thread
    calls = []
    original = seo.text_of
    monkeypatch.setattr(seo, "text_of", lambda html: calls.append(html) or original(html))
    url = thread.get_absolute_url()
    first = client_for(member).get(url).content.decode()
    assert len(calls) == 4  # the description, the question and its two public answers
    again = client_for(other_member).get(url).content.decode()
    assert len(calls) == 4, "a second reader's page stripped the posts again"
    assert BEFORE["jsonld"].replace("/t/T/", f"/t/{thread.pk}/").replace(
        "#answer-A1", f"#answer-{accepted.pk}").replace("#answer-A2", f"#answer-{suggested.pk}") in first
    assert _jsonld(first) == _jsonld(again)

    services.post_edit(post=accepted, by=other_member, body="Use the **5 GHz** band instead.")
    edited = client_for(member).get(url).content.decode()
    assert "Use the 5 GHz band instead." in _jsonld(edited)  # a new version: made again, fresh
    assert len(calls) == 8


def _jsonld(html: str) -> str:
    start = html.index('<script type="application/ld+json">')
    return html[start:html.index("</script>", start)]
