from django.db import migrations


def narrow(apps, schema_editor):
    """PostgreSQL only: keep a search entry's body and vector out of line (TOAST) once a row passes 128 bytes.

    The search page counts and facets every match from the table's rows (category, kind, solved…),
    not from the body: at 200,000 threads the rows were 255 MB with the bodies in line and 143 MB
    without, and reading 46,516 matches took 206 ms against 112. Rows written from now on are narrow;
    `search_rebuild` rewrites the existing ones.
    """
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE forum_searchentry SET (toast_tuple_target = 128)")


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE forum_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):

    dependencies = [
        ("forum", "0010_search_translation_groups"),
    ]

    operations = [
        migrations.RunPython(narrow, widen),
    ]
