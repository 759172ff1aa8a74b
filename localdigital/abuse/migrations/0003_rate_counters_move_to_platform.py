from django.db import migrations


class Migration(migrations.Migration):
    """The rate counters' model moves to localdigital.platform; its table stays as it is."""

    dependencies = [("abuse", "0002_providers_and_unlogged_counters")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="RateCounter")]),
    ]
