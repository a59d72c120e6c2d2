"""#15 item 6: recovery's actions have names in the audit log (they showed as blank pills)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from moderation.recovery import services
from moderation.services import Action

RECOVERY = Path(services.__file__).resolve().parent


def test_every_audit_action_recovery_writes_has_a_label():
    written = {code for path in RECOVERY.rglob("*.py")
               for code in re.findall(r'action="(recovery\.[a-z_]+)"', path.read_text())}
    assert written and written <= set(Action.LABELS)


@pytest.mark.django_db
def test_the_audit_log_names_a_staff_note_in_both_languages(case, moderator, client_for):
    services.note_add(thread=case.thread, by=moderator, body="Called the customer back.")
    client = client_for(moderator)
    assert "added a staff note" in client.get(reverse("moderation:audit_log")).content.decode()
    client.cookies["django_language"] = "nl"
    assert "voegde een interne notitie toe" in client.get(reverse("moderation:audit_log"),
                                                   HTTP_ACCEPT_LANGUAGE="nl").content.decode()
