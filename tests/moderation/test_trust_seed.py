from django.core.management import call_command

from forum.models import Answer
from moderation.models import AuditEntry, Flag


def test_the_demo_has_reports_a_verified_answer_and_a_warning_and_seeds_twice_safely(db):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert Flag.objects.count() == 2
    assert Answer.objects.filter(verified_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="member.warn").count() == 1
