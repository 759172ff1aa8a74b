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
        # Never handed to the provider: the address is suppressed (it failed permanently), or it
        # unsubscribed and the email is not one the person asked for.
        SUPPRESSED = "suppressed", "Not sent: address suppressed"
        UNSUBSCRIBED = "unsubscribed", "Not sent: unsubscribed"

    class Delivery(models.TextChoices):
        """What GOV.UK Notify's delivery receipt last said of the email."""

        DELIVERED = "delivered", "Delivered"
        PERMANENT_FAILURE = "permanent-failure", "Permanent failure"
        TEMPORARY_FAILURE = "temporary-failure", "Temporary failure"
        TECHNICAL_FAILURE = "technical-failure", "Technical failure"

    to = models.EmailField()
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # The message's fields, for a Notify template of its own; kept and cleared as the body is.
    personalisation = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    transactional = models.BooleanField(
        default=True, help_text="Asked for by the person (no unsubscribe link)"
    )
    language = models.CharField(max_length=10, blank=True, help_text="The language it was written in")
    delivery_status = models.CharField(max_length=20, choices=Delivery.choices, blank=True)
    delivery_status_at = models.DateTimeField(null=True, blank=True)
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


class Recipient(models.Model):
    """An address the service emails, and what it asked or what happened to it.

    - `language`: the language it is written to in, set once from the language the person used when the
      address was given, and changed only when they choose;
    - `unsubscribed_at`: it asked for no more emails it did not ask for (project updates, reminders);
    - `suppressed_at` and `suppressed_reason`: the provider said it cannot be delivered to, so nothing is
      sent to it until staff lift the suppression.

    Links in emails name a row by a signed id (`preferences.token`), never by its address.
    """

    address = models.EmailField(unique=True)
    language = models.CharField(max_length=10, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppressed_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["address"]
        indexes = [
            models.Index(
                fields=["suppressed_at"],
                name="recipient_suppressed",
                condition=Q(suppressed_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.address
