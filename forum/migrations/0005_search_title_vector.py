import django.contrib.postgres.search
from django.db import migrations

FILL = """
UPDATE forum_searchentry SET title_vector =
    setweight(to_tsvector(CASE WHEN language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig, title), 'A')
    || setweight(to_tsvector(CASE WHEN language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig, tags), 'B')
"""


def fill_and_index(apps, schema_editor):
    """Existing entries get their title vector from the stored title and tags; PostgreSQL only."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FILL)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS forum_searchentry_title_vector_gin ON forum_searchentry USING gin (title_vector)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS forum_searchentry_title_vector_gin")


class Migration(migrations.Migration):

    dependencies = [
        ("forum", "0004_search_postgres"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(fill_and_index, drop_index),
    ]
