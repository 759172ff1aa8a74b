from django.db import models


class ScheduledJob(models.Model):
    """When a scheduled job runs next. Workers claim a slot by moving `next_run_at` on from the value they
    read, so each slot is enqueued once however many workers run."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_slot_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, next at {self.next_run_at:%Y-%m-%d %H:%M:%S}"


class RateCounter(models.Model):
    """Hits on one key (a hashed address, an email domain) in one fixed window of time.

    Written by localdigital.platform.ratelimit (each process's hits added in one upsert at most every
    second) and deleted once their window has passed; keys are hashes, so the table holds no addresses.
    """

    key = models.CharField(max_length=80)
    window_start = models.BigIntegerField(help_text="Start of the window, in seconds since 1970")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        # The table kept its name when the model moved here from abuse.
        db_table = "abuse_ratecounter"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_counter_per_key_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="ratecounter_window")]

    def __str__(self) -> str:
        return f"{self.hits} hits on {self.key} from {self.window_start}"
