"""English and Dutch columns for company-written text (django-modeltranslation, each app's
translation.py). The text so far was English: it is copied into the English column, which
is what `name` now reads; the Dutch column starts empty (English shows until it is written)."""

from django.db import migrations, models
from django.db.models import F


def copy_to_english(apps, schema_editor):
    apps.get_model("forum", "Category").objects.update(name_en=F("name"), description_en=F("description"))


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0008_tag_usage_and_sitemap_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='category',
            name='description_nl',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='category',
            name='name_en',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='category',
            name='name_nl',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
    ]
