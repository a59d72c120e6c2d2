"""Default ranks (each with a group holding its forum privileges), staff ranks, the settings row,
default badges; every existing user gets a standing and the Newcomer group."""

from django.db import migrations

from badges.defaults import install


def create_defaults(apps, schema_editor):
    install(apps)


def remove_defaults(apps, schema_editor):
    apps.get_model("badges", "Standing").objects.all().delete()
    apps.get_model("badges", "Badge").objects.all().delete()
    Rank = apps.get_model("badges", "Rank")
    groups = [r.group_id for r in Rank.objects.filter(is_staff_rank=False)]
    Rank.objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(pk__in=groups).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("badges", "0001_initial"),
        ("forum", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_defaults, remove_defaults)]
