"""An article's language is its page's locale (0006 moved the Dutch ones under the Dutch index), so the
language field goes. Reversed, the field comes back filled from the locale."""

from django.db import migrations


def language_from_locale(apps, schema_editor):
    ArticlePage = apps.get_model("blog", "ArticlePage")
    for language in ("en", "nl"):
        ArticlePage.objects.filter(locale__language_code=language).update(language=language)


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0006_pages_per_language"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, language_from_locale),
        migrations.RemoveField(model_name="articlepage", name="language"),
    ]
