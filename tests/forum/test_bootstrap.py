"""The forum's bootstrap data comes from one idempotent installer (issue #12, item 11)."""

from django.contrib.auth.models import Group

from forum import bootstrap, roles


def test_the_installer_recreates_the_role_groups_with_their_privileges(db):
    for group in Group.objects.filter(name__in=[roles.MODERATORS, roles.EDITORS]):
        group.permissions.clear()  # as after a flush (the staff ranks keep the rows themselves)
    Group.objects.filter(name=roles.EDITORS).update(name="renamed away")
    groups = bootstrap.install()
    assert groups[roles.MODERATORS].permissions.filter(codename="moderate").exists()
    assert set(groups[roles.EDITORS].permissions.values_list("codename", flat=True)) == set(
        bootstrap.EDITOR_PRIVILEGES)


def test_installing_twice_changes_nothing(db):
    bootstrap.install()
    before = {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    bootstrap.install()
    after = {g.name: sorted(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert before == after


def test_the_migrations_gave_the_groups_what_the_installer_gives(db):
    """The frozen copies in the migrations and the installer agree."""
    for name, codenames in bootstrap.ROLE_PRIVILEGES.items():
        held = set(Group.objects.get(name=name).permissions.filter(content_type__app_label="forum")
                   .values_list("codename", flat=True))
        assert held == set(codenames)
