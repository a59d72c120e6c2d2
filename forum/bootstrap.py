"""The forum's bootstrap data, installed idempotently: the staff role groups and their privileges.

Migrations hold frozen copies of this (forum/0002_roles, badges/0003_own_staff_groups); seeding and
tests whose database was flushed call install() with the live models. Wagtail's rights of the
roles are the blog's (blog/0003_cms_rights_for_roles); ranks and badges are badges.bootstrap.install.
"""

from forum import roles

MODERATOR_PRIVILEGES = [
    "moderate", "post_links", "upload_images", "edit_others_posts", "retag", "flag_posts",
    "vote_close", "bypass_new_member_limits",
]
EDITOR_PRIVILEGES = ["post_links", "upload_images", "flag_posts", "bypass_new_member_limits"]
ROLE_PRIVILEGES = {roles.MODERATORS: MODERATOR_PRIVILEGES, roles.EDITORS: EDITOR_PRIVILEGES}


def install(apps=None) -> dict:
    """Create the role groups that are missing and give them their forum privileges; return them."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for name, codenames in ROLE_PRIVILEGES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="forum", codename__in=codenames))
        groups[name] = group
    return groups
