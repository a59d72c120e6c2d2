"""The content types (and so the permissions and admin history) of the moved models follow them
from the "moderation" label to "recovery", keeping their ids: groups keep the rights they held."""

from django.db import migrations

MODELS = ["responsepolicy", "case", "caseevent", "recoveryreply", "staffnote", "followup", "feedback",
          "feedbackrule"]


def relabel(apps, schema_editor, old="moderation", new="recovery"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old="recovery", new="moderation")


class Migration(migrations.Migration):
    dependencies = [
        ("recovery", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(relabel, relabel_back)]
