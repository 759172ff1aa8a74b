"""Recording changes of state in the audit trail."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models

from localdigital.audit.models import AuditEvent


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe copy of a model's concrete field values, for an event's before and after."""
    values = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        values[field.attname] = _json_safe(getattr(instance, field.attname))
    return values


def _json_safe(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the values that differ, so that an event shows what really changed."""
    keys = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def event(
    action: str,
    instance: models.Model | None = None,
    *,
    actor=None,
    actor_label: str = "",
    before: dict | None = None,
    after: dict | None = None,
    object_type: str = "",
    object_label: str = "",
) -> AuditEvent:
    """An unsaved event, for callers that record many at once with `record_all`: the only place an event
    is made. It is about `instance`, or (for an event about many rows, such as an export or a purge)
    about the `object_type` given, described by `object_label`."""
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label or (actor.get_username() if actor is not None else "system"),
        action=action,
        object_type=instance._meta.label_lower if instance is not None else object_type,
        object_id=str(instance.pk) if instance is not None else "",
        object_label=(object_label or (str(instance) if instance is not None else ""))[:300],
        before=before or {},
        after=after or {},
    )


def record(action: str, instance: models.Model | None = None, **kwargs) -> AuditEvent:
    """Record one change of state: the audit trail's one writer (with `record_all` for many at once)."""
    audit_event = event(action, instance, **kwargs)
    record_all([audit_event])
    return audit_event


def record_all(events: list[AuditEvent]) -> None:
    """Record many events at once (made by `event`)."""
    if len(events) == 1:
        events[0].save()
    else:
        AuditEvent.objects.bulk_create(events, batch_size=500)


def record_purge(action: str, object_type: str, deleted: int, label: str) -> None:
    """Record that the service itself deleted `deleted` rows it no longer needed; nothing if none."""
    if deleted:
        record(
            action,
            actor_label="system",
            object_type=object_type,
            object_label=label,
            after={"deleted": deleted},
        )
