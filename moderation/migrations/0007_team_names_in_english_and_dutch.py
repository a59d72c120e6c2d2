"""English and Dutch columns for company-written text (django-modeltranslation, each app's
translation.py). The text so far was English: it is copied into the English column, which
is what `name` now reads; the Dutch column starts empty (English shows until it is written)."""

from django.db import migrations, models
from django.db.models import F


def copy_to_english(apps, schema_editor):
    apps.get_model("moderation", "Team").objects.update(name_en=F("name"))


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0006_no_view_dashboard_permission'),
    ]

    operations = [
        migrations.AddField(
            model_name='team',
            name='name_en',
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='team',
            name='name_nl',
            field=models.CharField(max_length=80, null=True, unique=True, verbose_name='name'),
        ),
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
    ]
