"""The badges app's bootstrap data comes from one idempotent installer (issue #12, item 11)."""

import ast
from pathlib import Path

from django.contrib.auth.models import Group

from badges import bootstrap
from badges.models import Badge, Rank, Standing
from tests import factories

MIGRATION = Path(bootstrap.__file__).parent / "migrations" / "0002_default_ranks_and_badges.py"


def _state():
    return (sorted(Rank.objects.values_list("slug", "group__name")), sorted(Badge.objects.values_list("slug", flat=True)),
            Group.objects.count(), Standing.objects.count())


def test_the_migration_made_what_the_installer_makes(db):
    assert sorted(Rank.objects.values_list("slug", flat=True)) == sorted(
        [r[0] for r in bootstrap.RANKS] + [r[0] for r in bootstrap.STAFF_RANKS])
    assert set(Badge.objects.values_list("slug", flat=True)) == {b[0] for b in bootstrap.BADGES}


def test_installing_twice_changes_nothing(db):
    factories.make_member()
    bootstrap.install()
    before = _state()
    bootstrap.install()
    assert _state() == before


def test_the_installer_puts_back_a_missing_badge_and_gives_members_a_standing(db):
    Badge.objects.filter(slug="first-answer").delete()
    member = factories.make_member()
    Standing.objects.filter(member=member).delete()
    bootstrap.install()
    assert Badge.objects.filter(slug="first-answer", tier="bronze").exists()
    assert Standing.objects.get(member=member).rank.slug == "newcomer"


def test_the_migration_holds_a_frozen_copy_and_imports_no_app_code():
    imported = [node.module for node in ast.walk(ast.parse(MIGRATION.read_text()))
                if isinstance(node, ast.ImportFrom)]
    assert imported == ["django.db"]
