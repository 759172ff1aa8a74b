"""The search index of the commitments register (see localdigital/registers/search.py): a GIN index of the weighted
vector on PostgreSQL, an FTS5 table kept in step by triggers on SQLite."""

from django.db import migrations

from localdigital.registers.search import create_index, drop_index

# The fields searched and their weights, as they were when the index was made.
FIELDS = {"title": "A", "mission": "B", "impact": "C"}


def forwards(apps, schema_editor):
    create_index(schema_editor, apps.get_model("signing", "Commitment"), FIELDS)


def backwards(apps, schema_editor):
    drop_index(schema_editor, apps.get_model("signing", "Commitment"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("signing", "0007_approver_language")]

    operations = [migrations.RunPython(forwards, backwards)]
