"""The "view_dashboard" permission goes: nothing checked it (the service dashboard is recovery's and
open to moderators, forum/roles.py), so a group holding it was promised a right it did not have.
Its row goes too, so no group or member keeps a grant that means nothing."""

from django.db import migrations


def delete_permission(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="moderation", content_type__model="auditentry",
                              codename="view_dashboard").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_recovery_models_to_their_own_app"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditentry",
            options={"ordering": ["-created_at"], "verbose_name": "audit entry", "verbose_name_plural": "audit log"},
        ),
        # Back again, the permission is made by post_migrate from the model's options.
        migrations.RunPython(delete_permission, migrations.RunPython.noop),
    ]
