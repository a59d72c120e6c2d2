"""CMS rights for the project's own role groups (badges/0003_own_staff_groups.py makes them).

The design: editors publish; moderators link threads (on the site), not publish.
- "Content editors": may enter the CMS, add, change and publish pages under the how-to and
  known-issue indexes (not elsewhere), and add and choose images;
- "Community moderators": no CMS rights at all;
- Wagtail's default approval task, which let Wagtail's "Moderators" approve (and so publish) any
  page, is given to the editors instead.
Names are copied here (frozen), not imported from forum/roles.py.
"""

from django.db import migrations

EDITORS = "Content editors"
MODERATORS = "Community moderators"
INDEX_SLUGS = ["blog", "known-issues"]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    editors, _created = Group.objects.get_or_create(name=EDITORS)
    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    # Moderators: nothing in the CMS (a group made fresh has nothing; an old one may have had some).
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.remove(*Permission.objects.filter(
        content_type__app_label__in=["wagtailadmin", "wagtailcore", "wagtaildocs", "wagtailimages"]))

    admin_type = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")[0]
    access, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"})
    editors.permissions.add(access)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is not None:
        home = Page.objects.get(pk=site.root_page_id)
        page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
        permissions = list(Permission.objects.filter(content_type=page_type, codename__in=PAGE_PERMISSIONS))
        for index in Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug__in=INDEX_SLUGS):
            for permission in permissions:
                GroupPagePermission.objects.get_or_create(group=editors, page=index, permission=permission)
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        image_type = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")[0]
        for codename in IMAGE_PERMISSIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=image_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"})
            GroupCollectionPermission.objects.get_or_create(group=editors, collection=root, permission=permission)

    wagtail_moderators = Group.objects.filter(name="Moderators").first()
    if wagtail_moderators is not None:
        for task in GroupApprovalTask.objects.filter(groups=wagtail_moderators):
            task.groups.remove(wagtail_moderators)
            task.groups.add(editors)
            if task.name == "Moderators approval":
                task.name = "Editors approval"
                task.save(update_fields=["name"])
        Workflow.objects.filter(name="Moderators approval").update(name="Editors approval")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    editors = Group.objects.filter(name=EDITORS).first()
    wagtail_moderators = Group.objects.filter(name="Moderators").first()
    if editors is None:
        return
    for task in GroupApprovalTask.objects.filter(groups=editors):
        task.groups.remove(editors)
        if wagtail_moderators is not None:
            task.groups.add(wagtail_moderators)
        if task.name == "Editors approval":
            task.name = "Moderators approval"
            task.save(update_fields=["name"])
    Workflow.objects.filter(name="Editors approval").update(name="Moderators approval")
    GroupPagePermission.objects.filter(group=editors).delete()
    GroupCollectionPermission.objects.filter(group=editors).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_indexes_and_editor_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
