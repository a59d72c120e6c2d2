"""Blog pages per language (Wagtail's own localisation, #15 item 7).

- the English and Dutch locales;
- a Dutch home page, the translation of the default site's home page (Wagtail routes a Dutch
  visitor through it at the same URLs, no language prefix), with a Dutch how-to index and a Dutch
  known-issues index under it, each the translation of the English one and at the same slug;
- every article whose language field says Dutch moves under the Dutch index and takes the Dutch
  locale (its URL stays the same: /blog/<slug>/); the language field is dropped in 0007, once the
  locale holds it;
- the editors may "Translate" pages (simple_translation) and write under the Dutch indexes.

Historical models have no tree methods, so the tree fields are set by hand as 0002 does. Run on a
database that has it all already, it changes nothing.
"""

from django.core.cache import cache
from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
EDITORS = "Content editors"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
# model, Dutch title, Dutch introduction (the catalogue's translations of the English index's text)
DUTCH_INDEXES = [
    ("blogindexpage", "Handleidingen",
     "Stappenplannen van ons team voor de vragen die klanten het vaakst stellen."),
    ("knownissueindexpage", "Bekende storingen",
     "Problemen die we kennen, wat we eraan doen en wat je intussen zelf kunt doen."),
]


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(Page, parent) -> str:
    last = (Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path").values_list("path", flat=True).first())
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return parent.path + _encode(number)


def _add_child(Page, parent, model, **fields):
    page = model.objects.create(path=_next_child_path(Page, parent), depth=parent.depth + 1, numchild=0,
                                url_path=f"{parent.url_path}{fields['slug']}/", live=True,
                                has_unpublished_changes=False, **fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return page


def pages_per_language(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale.objects.get_or_create(language_code="en")  # Wagtail made it from LANGUAGE_CODE; kept safe
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return  # no site yet: blog.bootstrap makes the pages
    home = Page.objects.get(pk=site.root_page_id)
    dutch_home = Page.objects.filter(translation_key=home.translation_key, locale=dutch).first()
    if dutch_home is None:
        root = Page.objects.get(depth=1)
        page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
        dutch_home = _add_child(Page, root, Page, title=home.title, draft_title=home.title,
                                slug=f"{home.slug}-nl", content_type=page_type, locale=dutch,
                                translation_key=home.translation_key)
    editors = apps.get_model("auth", "Group").objects.filter(name=EDITORS).first()
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    page_permissions = list(Permission.objects.filter(content_type=page_type, codename__in=PAGE_PERMISSIONS))
    for model_name, title, intro in DUTCH_INDEXES:
        model = apps.get_model("blog", model_name)
        english_index = model.objects.filter(path__startswith=home.path, depth=home.depth + 1).first()
        if english_index is None:
            continue
        dutch_index = model.objects.filter(translation_key=english_index.translation_key, locale=dutch).first()
        if dutch_index is None:
            dutch_index = _add_child(
                Page, dutch_home, model, title=title, draft_title=title, slug=english_index.slug, intro=intro,
                content_type=ContentType.objects.get_or_create(app_label="blog", model=model_name)[0],
                locale=dutch, translation_key=english_index.translation_key,
                first_published_at=english_index.first_published_at,
                last_published_at=english_index.last_published_at,
            )
        if editors is not None:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=editors, page_id=dutch_index.pk, permission=permission)
        if model_name == "blogindexpage":
            _move_dutch_articles(apps, Page, english_index, dutch_index, dutch)
    if editors is not None:
        translation_type = ContentType.objects.get_or_create(app_label="simple_translation",
                                                             model="simpletranslation")[0]
        submit, _created = Permission.objects.get_or_create(
            content_type=translation_type, codename="submit_translation",
            defaults={"name": "Can submit translations"})
        editors.permissions.add(submit)
    # Wagtail's cached site roots (wagtail.models.sites, key and version) now include the Dutch home.
    cache.delete("wagtail_site_root_paths", version=2)


def _move_dutch_articles(apps, Page, english_index, dutch_index, dutch):
    """Dutch articles under the English index move to the Dutch one (no children: one row each)."""
    ArticlePage = apps.get_model("blog", "ArticlePage")
    dutch_articles = ArticlePage.objects.filter(path__startswith=english_index.path,
                                                depth=english_index.depth + 1, language="nl").order_by("path")
    moved = 0
    for article in dutch_articles:
        slug = article.slug
        taken = set(Page.objects.filter(path__startswith=dutch_index.path, depth=dutch_index.depth + 1)
                    .values_list("slug", flat=True))
        while slug in taken:  # cannot happen on a first run; kept safe for a half-migrated copy
            slug = f"{slug}-nl"
        Page.objects.filter(pk=article.pk).update(
            path=_next_child_path(Page, dutch_index), slug=slug, url_path=f"{dutch_index.url_path}{slug}/",
            locale=dutch,
        )
        moved += 1
    if moved:
        Page.objects.filter(pk=english_index.pk).update(numchild=english_index.numchild - moved)
        Page.objects.filter(pk=dutch_index.pk).update(numchild=dutch_index.numchild + moved)


def back_to_one_language(apps, schema_editor):
    """Reversing keeps the pages (Dutch articles stay in the Dutch tree); 0007 reversed restores
    their language field from their locale."""


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0005_known_issue_names"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(pages_per_language, back_to_one_language)]
