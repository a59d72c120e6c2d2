"""#15 item 6: recovery's actions have names in the audit log (they showed as blank pills), and their
before/after reads in words: the owner's name, the gesture, the amount."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from moderation.recovery import services
from moderation.services import Action
from tests.moderation.test_audit_sentences import changes_of, log_of

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


@pytest.mark.django_db
def test_recovery_entries_name_the_owner_the_gesture_and_the_amount(client_for, moderator, second_moderator,
                                                                      case, reply_parts):
    assert case.owner == moderator  # the team's first moderator
    services.case_take(case=case, by=second_moderator)
    services.case_reassign(case=case, by=second_moderator, to=moderator, reason="Holiday")
    case.refresh_from_db()
    services.recovery_reply_send(case=case, by=moderator, gesture_kind="voucher", gesture_value="12.50",
                                 **reply_parts)
    note = services.note_add(thread=case.thread, by=moderator, body="Called back.")
    client = client_for(moderator)
    changes = changes_of(log_of(client))
    assert "Gesture: voucher." in changes and "Amount: 12.50 EUR." in changes
    assert "Owner changed from Mila Moderator to Max Moderator." in changes
    assert "Owner changed from Max Moderator to Mila Moderator." in changes
    assert not any(str(note.pk) == change or "note" in change.lower() for change in changes)
    dutch = changes_of(log_of(client, "nl"))
    assert "Eigenaar gewijzigd van Mila Moderator in Max Moderator." in dutch and "Bedrag: 12,50 EUR." in dutch
