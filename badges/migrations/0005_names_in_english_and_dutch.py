"""English and Dutch columns for company-written text (django-modeltranslation, each app's
translation.py). The text so far was English: it is copied into the English column, which
is what `name` now reads; the Dutch column starts empty (English shows until it is written)."""

from django.db import migrations, models
from django.db.models import F


def copy_to_english(apps, schema_editor):
    apps.get_model("badges", "Rank").objects.update(name_en=F("name"), description_en=F("description"))
    apps.get_model("badges", "Badge").objects.update(name_en=F("name"), description_en=F("description"))


class Migration(migrations.Migration):

    dependencies = [
        ('badges', '0004_regular_rank_promises_what_is_enforced'),
    ]

    operations = [
        migrations.AddField(
            model_name='badge',
            name='description_en',
            field=models.CharField(max_length=300, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='badge',
            name='description_nl',
            field=models.CharField(max_length=300, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='badge',
            name='name_en',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='badge',
            name='name_nl',
            field=models.CharField(max_length=80, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='rank',
            name='description_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='rank',
            name='description_nl',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='rank',
            name='name_en',
            field=models.CharField(max_length=60, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='rank',
            name='name_nl',
            field=models.CharField(max_length=60, null=True, verbose_name='name'),
        ),
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
    ]
