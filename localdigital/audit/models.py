"""The audit trail: one row for every change of state, whoever or whatever made it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when no person did, or a person's address kept after their account is gone.
    actor_label = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("what happened"), max_length=100, db_index=True)
    object_type = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record's number"), max_length=100)
    object_label = models.CharField(_("record"), max_length=300)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action}: {self.object_label}"
