"""The blog's bootstrap data, installed idempotently with the live models: the two index pages under
the default site's home page, and the CMS rights the design gives the project's own role groups.

- "Content editors" enter the CMS, add, change and publish pages under the how-to and known-issue
  indexes (nowhere else), add and choose images, and approve in Wagtail's default workflow;
- "Community moderators" have no CMS rights (they link threads and articles on the site).

Migrations hold frozen copies (blog/0002_indexes_and_editor_permissions, blog/0003_cms_rights_for_roles);
seeding (blog.seed) and tests whose database was flushed call install(). Run it twice: nothing changes.
"""

from django.conf import settings

from forum import bootstrap as forum_bootstrap
from forum import roles

# model name, title, slug, intro: the seeded text is in the catalogue (blog.models), shown translated.
INDEXES = [
    ("BlogIndexPage", "How-to articles", "blog",
     "Step-by-step guides from our team for the questions customers ask most."),
    ("KnownIssueIndexPage", "Known issues", "known-issues",
     "Problems we know about, what we are doing about them, and what you can do meanwhile."),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]
CMS_APPS = ["wagtailadmin", "wagtailcore", "wagtaildocs", "wagtailimages"]


def default_site():
    """The default Wagtail site, made (with a plain home page) on a database that has none."""
    from wagtail.models import Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        root = Page.get_first_root_node()
        home = root.get_children().first() or root.add_child(instance=Page(title="Home", slug="home"))
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                   site_name=settings.WAGTAIL_SITE_NAME)
    return site


def install_indexes() -> dict:
    """The how-to and known-issue index pages, created where missing; returns them by slug."""
    from blog import models

    home = default_site().root_page.specific
    found = {}
    for model_name, title, slug, intro in INDEXES:
        model = getattr(models, model_name)
        index = model.objects.first()
        if index is None:
            index = home.add_child(instance=model(title=title, slug=slug, intro=intro))
            home.refresh_from_db()
        found[slug] = index
    return found


def install_cms_rights(indexes) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
    )

    groups = forum_bootstrap.install()
    editors, moderators = groups[roles.EDITORS], groups[roles.MODERATORS]
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.remove(*Permission.objects.filter(content_type__app_label__in=CMS_APPS))

    admin_type = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")[0]
    access, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"})
    editors.permissions.add(access)
    page_permissions = list(Permission.objects.filter(content_type__app_label="wagtailcore",
                                                      content_type__model="page", codename__in=PAGE_PERMISSIONS))
    for index in indexes:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=editors, page=index, permission=permission)
    root = Collection.get_first_root_node()
    if root is not None:
        image_type = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")[0]
        for codename in IMAGE_PERMISSIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=image_type, codename=codename, defaults={"name": f"Can {codename.replace('_', ' ')}"})
            GroupCollectionPermission.objects.get_or_create(group=editors, collection=root, permission=permission)
    # Wagtail's default approval task names its own "Moderators" group, who could then publish anything.
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        task.groups.remove(*task.groups.filter(name="Moderators"))
        task.groups.add(editors)
        if task.name == "Moderators approval":
            task.name = "Editors approval"
            task.save(update_fields=["name"])
    Workflow.objects.filter(name="Moderators approval").update(name="Editors approval")


def install() -> dict:
    """Index pages and CMS rights; returns the index pages by slug."""
    indexes = install_indexes()
    install_cms_rights(list(indexes.values()))
    return indexes
