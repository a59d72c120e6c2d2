"""The project's staff roles get groups of their own, apart from Wagtail's default groups.

Wagtail's first migration makes groups called "Moderators" and "Editors" (Moderators may publish
any page and manage documents). This project had put its roles in those same groups, so a
community moderator could publish anywhere in the CMS. Now:
- "Community moderators" and "Content editors" (forum/roles.py) are the project's groups;
- every member of Wagtail's "Moderators" / "Editors" moves to the project's group (memberships
  kept), with every right those groups held that is not Wagtail's own (forum privileges, and any
  right on the project's models an administrator added); Wagtail's groups keep only Wagtail's
  rights and no members;
- the staff ranks follow the new groups.
The CMS rights of the new groups are set by blog/0003_cms_rights_for_roles.py.
Names are copied here (frozen), not imported: a migration must not change when the code does.
"""

from django.db import migrations

ROLES = [("Moderators", "Community moderators", "moderator"), ("Editors", "Content editors", "editor")]


def move_to_own_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Rank = apps.get_model("badges", "Rank")
    for wagtail_name, own_name, rank_slug in ROLES:
        own, _created = Group.objects.get_or_create(name=own_name)
        wagtail = Group.objects.filter(name=wagtail_name).first()
        if wagtail is not None:
            project_rights = list(wagtail.permissions.exclude(content_type__app_label__startswith="wagtail"))
            own.permissions.add(*project_rights)
            wagtail.permissions.remove(*project_rights)
            members = list(wagtail.user_set.all())
            own.user_set.add(*members)
            wagtail.user_set.remove(*members)
        rank = Rank.objects.filter(slug=rank_slug).first()
        if rank is not None and rank.group_id != own.pk:
            rank.group = own
            rank.save(update_fields=["group"])


def back_to_wagtail_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Rank = apps.get_model("badges", "Rank")
    for wagtail_name, own_name, rank_slug in ROLES:
        own = Group.objects.filter(name=own_name).first()
        if own is None:
            continue
        wagtail, _created = Group.objects.get_or_create(name=wagtail_name)
        wagtail.permissions.add(*own.permissions.exclude(content_type__app_label__startswith="wagtail"))
        wagtail.user_set.add(*own.user_set.all())
        Rank.objects.filter(slug=rank_slug).update(group=wagtail)
        own.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0002_default_ranks_and_badges"),
        ("wagtailcore", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(move_to_own_groups, back_to_wagtail_groups)]
