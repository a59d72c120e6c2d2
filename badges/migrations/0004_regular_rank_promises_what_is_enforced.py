"""The Regular rank's description promised retagging and votes to close, which no page offers.
It now says what the rank gives (badges/defaults.py); rows an administrator rewrote stay as they are."""

from django.db import migrations

OLD = "A trusted helper: retag threads and vote to close."
NEW = "A trusted helper: no new-member limits, and your reports count double."


def forward(apps, schema_editor):
    apps.get_model("badges", "Rank").objects.filter(slug="regular", description=OLD).update(description=NEW)


def backward(apps, schema_editor):
    apps.get_model("badges", "Rank").objects.filter(slug="regular", description=NEW).update(description=OLD)


class Migration(migrations.Migration):
    dependencies = [("badges", "0003_own_staff_groups")]
    operations = [migrations.RunPython(forward, backward)]
