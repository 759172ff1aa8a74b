from django.db import models


class SentEmail(models.Model):
    """A record of every email the service sent.

    The body is kept only when the outbox is on (development), because bodies hold sign-in and
    signing links that must not sit in the database of a live service.
    """

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField()
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    provider_reference = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
