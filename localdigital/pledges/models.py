"""Pledges of support, and the counts of them that the public sees."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from localdigital.notifications.models import SentEmail
from localdigital.organisations.models import Organisation


class Pledge(models.Model):
    """One person's pledge. It counts once confirmed from its email; it is deleted when withdrawn, or
    after 7 days if never confirmed. The email address is never shown; the name only if they chose."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"

    class EmailDue(models.TextChoices):
        NONE = "", "None"
        CONFIRM = "confirm", "Link to confirm"
        ALREADY = "already", "Already pledged"
        WITHDRAW = "withdraw", "Link to withdraw"

    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="As typed, to send to")
    email_key = models.CharField(
        "address as compared",
        max_length=254,
        unique=True,
        help_text="Lower case, no +tag, no dots where the provider ignores them: one person, one pledge",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    role = models.CharField(max_length=100, blank=True)
    show_name = models.BooleanField(default=False, help_text="They chose to have their name shown")
    # The language they pledged in: their emails' language until their address chooses one.
    language = models.CharField(max_length=10, blank=True, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(default=timezone.now, help_text="When an email was last asked for")
    # The pledge is its own outbox: the worker sends the email due, making its links' tokens as it sends,
    # so that no link is ever stored and a surge of pledges writes one row each.
    email_due = models.CharField(
        max_length=10, choices=EmailDue.choices, default=EmailDue.CONFIRM, blank=True
    )
    confirm_token_hash = models.CharField(max_length=64, blank=True)
    withdraw_token_hash = models.CharField(max_length=64, blank=True)
    withdraw_token_expires_at = models.DateTimeField(null=True, blank=True)
    # A failed email is tried again later, less often each time, and given up after a few attempts.
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # While an email is being sent: not before this (its lease), and its record, to send again as the
    # same email if its worker stops before it is done.
    email_retry_at = models.DateTimeField(null=True, blank=True)
    email_record = models.ForeignKey(
        SentEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["confirm_token_hash"],
                name="pledge_confirm_token",
                condition=~Q(confirm_token_hash=""),
            ),
            models.Index(
                fields=["withdraw_token_hash"],
                name="pledge_withdraw_token",
                condition=~Q(withdraw_token_hash=""),
            ),
            models.Index(fields=["id"], name="pledge_email_due", condition=~Q(email_due="")),
            # Finds pending pledges whose latest confirmation link has run out, to purge them.
            models.Index(fields=["emailed_at"], name="pledge_pending_emailed", condition=Q(status="pending")),
            models.Index(
                fields=["-confirmed_at", "-id"],
                name="pledge_public_names",
                condition=Q(status="confirmed", show_name=True),
            ),
        ]

    def __str__(self) -> str:
        # No name or address: this label reaches the audit trail.
        return f"Pledge {self.pk}"


class PledgeCountChange(models.Model):
    """+1 when a pledge is confirmed, -1 when a confirmed pledge is withdrawn: written in the same
    transaction as the change, and folded into the tallies by `tally()` a few seconds later. Writers
    only ever insert here, so a surge never queues behind one hot counter row."""

    day = models.DateField()
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delta = models.SmallIntegerField()

    def __str__(self) -> str:
        return f"{self.delta:+d} on {self.day}"


class PledgeTally(models.Model):
    """Confirmed pledges still standing, by the day they were confirmed and by organisation."""

    day = models.DateField()
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "organisation"], name="pledgetally_day_organisation")]

    def __str__(self) -> str:
        return f"{self.count} on {self.day}"


class PledgeCounts(models.Model):
    """The one row the public counts are read from, rewritten by each `tally()`."""

    total = models.IntegerField(default=0)
    by_organisation = models.JSONField(default=dict, help_text="Organisation id (as text) to count")
    updated_at = models.DateTimeField(default=timezone.now, help_text="When the counts were last tallied")

    class Meta:
        verbose_name_plural = "pledge counts"

    def __str__(self) -> str:
        return f"{self.total} confirmed pledges at {self.updated_at:%Y-%m-%d %H:%M:%S}"
