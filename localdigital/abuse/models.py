"""Counters for rate limits, and the block and allow lists staff keep."""

import ipaddress

from django.core.exceptions import ValidationError
from django.db import models


def validate_network(value: str) -> None:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValidationError("Enter an IP address or network, like 203.0.113.7 or 203.0.113.0/24") from None


class Rule(models.Model):
    """What staff decided about a source of pledges: block it, or let it past the rate limits."""

    class Action(models.TextChoices):
        BLOCK = "block", "Block"
        ALLOW = "allow", "Allow past rate limits"

    action = models.CharField(max_length=10, choices=Action.choices, default=Action.BLOCK)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject()}"

    def subject(self) -> str:
        raise NotImplementedError


class AddressRule(Rule):
    """An IP address or network that is blocked, or allowed past the per-address limits (a council's
    shared internet connection, say)."""

    network = models.CharField(max_length=50, unique=True, validators=[validate_network])

    class Meta:
        ordering = ["network"]

    def save(self, *args, **kwargs):
        self.network = str(ipaddress.ip_network(self.network, strict=False))
        super().save(*args, **kwargs)

    def subject(self) -> str:
        return self.network


class EmailDomainRule(Rule):
    """An email domain that is blocked, or allowed past the per-domain limit (a large provider many
    honest people share)."""

    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().removeprefix("@")
        super().save(*args, **kwargs)

    def subject(self) -> str:
        return self.domain
