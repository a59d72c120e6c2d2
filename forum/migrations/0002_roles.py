"""Roles are groups: Moderators (company staff who moderate) and Editors (marketers).

Wagtail's own initial data makes groups of the same names; we add the forum privileges to them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PRIVILEGES = [
    "moderate", "post_links", "upload_images", "edit_others_posts", "retag", "flag_posts",
    "vote_close", "bypass_new_member_limits",
]
EDITOR_PRIVILEGES = ["post_links", "upload_images", "flag_posts", "bypass_new_member_limits"]


def create_roles(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the groups can hold them.
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Moderators", MODERATOR_PRIVILEGES), ("Editors", EDITOR_PRIVILEGES)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="forum", codename__in=codenames)
        )


def remove_privileges(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Moderators", "Editors"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="forum"))


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, remove_privileges)]
