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
