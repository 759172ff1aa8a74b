from django.db import models
from django.db.models import Q
from django.utils import timezone


class SentEmail(models.Model):
    """Every email the service sends: queued (the outbox a worker drains), sending, sent or failed.

    A queued or sending email keeps its body until it is sent, because the worker needs it. After sending, the
    body is kept only when the outbox is on (development), because bodies hold sign-in, signing and
    pledge links that must not sit in the database of a live service.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        # Recorded before it is handed to the provider; one that stays so was being sent when the sender
        # stopped, and may or may not have left. Its outbox's lease then runs out and it is delivered
        # again as the same email (same reference, same Message-ID), the provider asked first.
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField()
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # The message's fields, for a Notify template of its own; kept and cleared as the body is.
    personalisation = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    provider_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    send_after = models.DateTimeField(null=True, blank=True, help_text="Queued: not before this time")
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["send_after", "id"], name="sentemail_queue", condition=Q(status="queued")),
        ]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
