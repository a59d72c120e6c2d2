"""The how-to index (/blog/) and known-issues index (/known-issues/) under the default site's home
page, and the Editors group's right to create and publish there (plus the image library).

Historical models have no tree methods, so the tree fields are set by hand as Wagtail's own
initial-data migration does.
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
INDEXES = [
    ("blogindexpage", "How-to articles", "blog",
     "Step-by-step guides from our team for the questions customers ask most."),
    ("knownissueindexpage", "Known issues", "known-issues",
     "Problems we know about, what we are doing about them, and what you can do meanwhile."),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _decode(text: str) -> int:
    return int(text, len(ALPHABET))


def create_indexes(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return  # no site yet: blog.seed makes the indexes
    home = Page.objects.get(pk=site.root_page_id)
    editors = Group.objects.filter(name="Editors").first()
    page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    permissions = list(Permission.objects.filter(content_type=page_type, codename__in=PAGE_PERMISSIONS))
    for model_name, title, slug, intro in INDEXES:
        model = apps.get_model("blog", model_name)
        existing = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug).first()
        if existing is None:
            siblings = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path")
            last = siblings.values_list("path", flat=True).first()
            number = _decode(last[-STEPLEN:]) + 1 if last else 1
            content_type = ContentType.objects.get_or_create(app_label="blog", model=model_name)[0]
            existing = model.objects.create(
                title=title, draft_title=title, slug=slug, intro=intro, content_type=content_type,
                path=home.path + _encode(number), depth=home.depth + 1, numchild=0,
                url_path=f"{home.url_path}{slug}/", live=True, has_unpublished_changes=False,
                locale_id=home.locale_id or Locale.objects.values_list("pk", flat=True).first(),
            )
            home.numchild += 1
            home.save(update_fields=["numchild"])
        if editors is not None:
            for permission in permissions:
                GroupPagePermission.objects.get_or_create(group=editors, page_id=existing.pk, permission=permission)
    if editors is not None:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        root = Collection.objects.filter(depth=1).first()
        image_type = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")[0]
        for codename in IMAGE_PERMISSIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=image_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"}
            )
            if root is not None:
                GroupCollectionPermission.objects.get_or_create(group=editors, collection=root, permission=permission)
        admin_type = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")[0]
        access, _created = Permission.objects.get_or_create(
            content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
        )
        editors.permissions.add(access)


def remove_permissions(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Editors", page__content_type__app_label="blog"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("forum", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_indexes, remove_permissions)]
