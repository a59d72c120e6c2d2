"""The blog's bootstrap data, installed idempotently with the live models: the two index pages under
the default site's home page and their Dutch translations under its Dutch translation (one tree per
language, blog/0006), and the CMS rights the design gives the project's own role groups.

- "Content editors" enter the CMS, add, change and publish pages under the how-to and known-issue
  indexes of both languages (nowhere else), translate them (simple_translation), add and choose
  images, and approve in Wagtail's default workflow;
- "Community moderators" have no CMS rights (they link threads and articles on the site).

Migrations hold frozen copies (blog/0002_indexes_and_editor_permissions, blog/0003_cms_rights_for_roles,
blog/0006_pages_per_language);
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
# The Dutch index pages' title and intro (the catalogue's translations of the English ones).
DUTCH_INDEXES = {
    "blog": ("Handleidingen", "Stappenplannen van ons team voor de vragen die klanten het vaakst stellen."),
    "known-issues": ("Bekende storingen",
                     "Problemen die we kennen, wat we eraan doen en wat je intussen zelf kunt doen."),
}
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


def _dutch_locale():
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Locale.objects.get_or_create(language_code="nl")[0]


def _dutch_home(home, dutch):
    """The home page's Dutch translation, a sibling of it under the tree's root (as in blog/0006)."""
    from wagtail.models import Page, Site

    translation = home.get_translation_or_none(dutch)
    if translation is None:
        root = home.get_parent()
        translation = root.add_child(instance=Page(title=home.title, slug=f"{home.slug}-nl", locale=dutch,
                                                   translation_key=home.translation_key))
        Site.clear_site_root_paths_cache()  # the cached site roots now include the Dutch home
    return translation


def install_indexes() -> dict:
    """The how-to and known-issue index pages, in English under the home page and in Dutch under its
    Dutch translation, created where missing; returns the English ones by slug (with "<slug>:nl" the
    Dutch ones)."""
    from blog import models

    home = default_site().root_page.specific
    dutch = _dutch_locale()
    dutch_home = _dutch_home(home, dutch)
    found = {}
    for model_name, title, slug, intro in INDEXES:
        model = getattr(models, model_name)
        index = model.objects.filter(locale=home.locale).first()
        if index is None:
            index = home.add_child(instance=model(title=title, slug=slug, intro=intro))
            home.refresh_from_db()
        translation = index.get_translation_or_none(dutch)
        if translation is None:
            dutch_title, dutch_intro = DUTCH_INDEXES[slug]
            translation = dutch_home.add_child(instance=model(
                title=dutch_title, slug=slug, intro=dutch_intro, locale=dutch, translation_key=index.translation_key))
            dutch_home.refresh_from_db()
        found[slug] = index
        found[f"{slug}:nl"] = translation
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
    translation_type = ContentType.objects.get_or_create(app_label="simple_translation", model="simpletranslation")[0]
    submit, _created = Permission.objects.get_or_create(
        content_type=translation_type, codename="submit_translation", defaults={"name": "Can submit translations"})
    editors.permissions.add(submit)
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
    """Index pages and CMS rights; returns the index pages by slug (English; "<slug>:nl" Dutch)."""
    indexes = install_indexes()
    install_cms_rights(list(indexes.values()))
    return indexes
