"""Moderation and service recovery need no rows installed before they work (issue #12, item 11).

Forum, badges and blog each have a bootstrap installer because their pages need rows (role groups,
ranks, badges, index pages). Moderation's and recovery's defaults live in code and settings
(moderation/conf.py, recovery's DEFAULT_FIRST_RESPONSE_MINUTES); teams, response policies and
routing rules are the staff's own configuration. So on an install with none of those, a problem
still gets its case with the three-hour target and every staff page opens.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse

import moderation
from moderation.models import Team
from moderation.recovery import services
from moderation.recovery.models import Feedback, FeedbackRule, ResponsePolicy
from tests import factories

pytestmark = pytest.mark.django_db


def test_without_teams_policies_or_rules_a_problem_gets_its_case_and_the_staff_pages_open(
        client_for, moderator, member, category):
    assert not (Team.objects.exists() or ResponsePolicy.objects.exists() or FeedbackRule.objects.exists())
    problem = factories.make_thread(author=member, category=category, kind="problem", title="My order arrived broken",
                                    body="The screen was cracked when I opened the box.")
    case = problem.case
    assert case.owner is None  # no team to take turns in: it waits in the queue for a moderator
    assert case.due_at == case.created_at + timedelta(hours=3)
    item = services.feedback_create(kind="suggestion", message="A dark theme, please")
    assert Feedback.objects.get(pk=item.pk).team is None  # no rule: it stays in the shared inbox
    staff = client_for(moderator)
    for name in ("recovery:waiting", "recovery:dashboard", "recovery:inbox", "recovery:compliments",
                 "moderation:home", "moderation:review", "moderation:verification", "moderation:audit_log"):
        assert staff.get(reverse(name)).status_code == 200, name
    assert problem.title in staff.get(reverse("recovery:waiting")).content.decode()


def test_no_moderation_or_recovery_migration_makes_rows():
    """What they would need installed would be in a data migration; theirs only relabel or delete."""
    app = Path(moderation.__file__).parent
    folders = [app / "migrations", app / "recovery" / "migrations"]
    made = [path.name for folder in folders for path in folder.glob("0*.py")
            if any(word in path.read_text() for word in (".create(", "get_or_create(", "bulk_create("))]
    assert made == []
