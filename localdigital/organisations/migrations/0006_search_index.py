"""The search index of the organisations register (see localdigital/registers/search.py): a GIN index of the weighted
vector on PostgreSQL, an FTS5 table kept in step by triggers on SQLite."""

from django.db import migrations

from localdigital.registers.search import create_index, drop_index

# The fields searched and their weights, as they were when the index was made.
FIELDS = {"name": "A", "name_cy": "A", "official_name": "B"}


def forwards(apps, schema_editor):
    create_index(schema_editor, apps.get_model("organisations", "Organisation"), FIELDS)


def backwards(apps, schema_editor):
    drop_index(schema_editor, apps.get_model("organisations", "Organisation"), FIELDS)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_welsh_name")]

    operations = [migrations.RunPython(forwards, backwards)]
