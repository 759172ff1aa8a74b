"""The search index of the projects register (see localdigital/registers/search.py): a GIN index of the weighted
vector on PostgreSQL, an FTS5 table kept in step by triggers on SQLite."""

from django.db import migrations

from localdigital.registers.search import create_index, drop_index

# The fields searched and their weights, as they were when the index was made.
FIELDS = {"title": "A", "problem": "B", "building": "C"}


def forwards(apps, schema_editor):
    create_index(schema_editor, apps.get_model("projects", "Project"), FIELDS)


def backwards(apps, schema_editor):
    drop_index(schema_editor, apps.get_model("projects", "Project"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_project_emails_are_the_account_s_choice")]

    operations = [migrations.RunPython(forwards, backwards)]
