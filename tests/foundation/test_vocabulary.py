"""One word for one idea (issue #12, item 10), following the vocabulary table in DESIGN.md.

Scans every Dutch catalogue and the templates, so a new string that brings back a retired word
fails here: a member's report of a post is "report" (nl: melden, a "rapportage"), never "flag" on
screen; "melding" is a notification only; a problem thread is a "probleem", not a "probleemmelding";
a known issue is never a "notice".
"""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(path for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in path.parts)
TEMPLATES = sorted(path for folder in ("forum", "badges", "moderation", "blog", "templates", "config")
                   for path in (ROOT / folder).rglob("*.html"))
# Words that contain "melding" but are not it: an error message.
NOT_MELDING = ("foutmelding",)


def _entries():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            english = " ".join(filter(None, [entry.msgid, entry.msgid_plural]))
            dutch = " ".join(filter(None, [entry.msgstr, *entry.msgstr_plural.values()]))
            yield path.relative_to(ROOT), english, dutch


def test_the_catalogues_were_found():
    assert len(CATALOGUES) >= 7 and len(TEMPLATES) > 100


def test_melding_means_a_notification_and_nothing_else():
    wrong = []
    for path, english, dutch in _entries():
        words = [w for w in re.findall(r"\w*melding\w*", dutch.lower()) if w not in NOT_MELDING]
        if words and "notification" not in english.lower():
            wrong.append(f"{path}: {english!r} -> {dutch!r}")
    assert wrong == []


def test_a_problem_is_a_probleem_in_dutch():
    wrong = [f"{path}: {dutch!r}" for path, _english, dutch in _entries() if "probleemmelding" in dutch.lower()]
    assert wrong == []


def test_reports_are_never_flags_on_screen():
    wrong = [f"{path}: {english!r}" for path, english, _dutch in _entries()
             if re.search(r"\bflag(s|ged)?\b", english, re.I)]
    for path in TEMPLATES:
        html = path.read_text()
        texts = re.findall(r"{% translate [\"']([^\"']*)[\"']", html)
        texts += [re.sub(r"{{.*?}}|{%.*?%}", "", body)
                  for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", html, re.S)]
        wrong += [f"{path.relative_to(ROOT)}: {text}" for text in texts if re.search(r"\bflag(s|ged)?\b", text, re.I)]
    assert wrong == []


def test_a_known_issue_is_never_called_a_notice():
    wrong = [f"{path}: {english!r}" for path, english, _dutch in _entries()
             if re.search(r"\b(notices|a notice|the notice|issue notice)\b", english, re.I)]
    assert wrong == []


def test_the_design_words_are_the_translations():
    """The vocabulary table's own rows, as the catalogues translate them."""
    table = {"notification": "melding", "notifications": "meldingen", "report": "rapportage",
             "Report": "Melden", "known issue": "bekende storing", "Known issues": "Bekende storingen"}
    found = {}
    for _path, english, dutch in _entries():
        if english in table and dutch:
            found.setdefault(english, set()).add(dutch)
    for english, dutch in table.items():
        if english in found:
            assert found[english] == {dutch}, english


def test_feedback_names_one_model():
    """The feedback inbox's Feedback; the article's "did this help?" answers are not called feedback."""
    from django.apps import apps

    named = {model._meta.app_label for model in apps.get_models()
             if "feedback" in str(model._meta.verbose_name).lower()}
    assert named == {"recovery"}  # the inbox's Feedback and its routing rules
