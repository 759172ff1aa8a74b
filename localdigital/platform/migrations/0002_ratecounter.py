from django.db import migrations, models


class Migration(migrations.Migration):
    """The rate counters' model, moved here from abuse with its table (abuse_ratecounter) unchanged."""

    dependencies = [
        ("platform", "0001_initial"),
        ("abuse", "0003_rate_counters_move_to_platform"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateCounter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=80)),
                        (
                            "window_start",
                            models.BigIntegerField(help_text="Start of the window, in seconds since 1970"),
                        ),
                        ("hits", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "abuse_ratecounter",
                        "indexes": [models.Index(fields=["window_start"], name="ratecounter_window")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("key", "window_start"), name="one_counter_per_key_window"
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
