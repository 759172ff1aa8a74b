"""The audit trail has one writer: every event is made by audit.services.event and saved by record or
record_all."""

import re
from pathlib import Path

import pytest

from localdigital.audit import services as audit
from localdigital.audit.models import AuditEvent

CODE = Path(__file__).resolve().parents[2]
WRITES = re.compile(
    r"(?<!class )AuditEvent\s*\(|AuditEvent\.objects\.(create|bulk_create|get_or_create|update_or_create)\b"
)


def test_nothing_but_the_audit_services_makes_or_saves_an_event():
    found = [
        f"{path.relative_to(CODE)}:{number}"
        for path in CODE.rglob("*.py")
        if "tests" not in path.parts and path != CODE / "audit" / "services.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if WRITES.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_an_event_about_many_rows_names_their_type_and_says_what_happened(django_user_model):
    staff = django_user_model.objects.create(email="staff@example.gov.uk", is_staff=True)

    event = audit.record(
        "pledges exported", actor=staff, object_type="pledges.pledge", object_label="3 pledges exported"
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.object_type, stored.object_id) == ("pledges exported", "pledges.pledge", "")
    assert (stored.object_label, stored.actor, stored.actor_label) == (
        "3 pledges exported",
        staff,
        staff.email,
    )


@pytest.mark.django_db
def test_one_event_or_many_are_saved_by_record_all(django_user_model):
    person = django_user_model.objects.create(email="jo@example.gov.uk")
    earlier = AuditEvent.objects.count()  # migrations record the programme team's permissions

    audit.record_all([audit.event("joined", person, actor_label="the person joining")])
    audit.record_all([audit.event(f"step {n}", person) for n in range(3)])
    audit.record_purge("old rows purged", "accounts.signinlink", 0, "none")  # nothing purged: no event
    audit.record_purge("old rows purged", "accounts.signinlink", 4, "4 old rows")

    assert list(
        AuditEvent.objects.order_by("pk")[earlier:].values_list("action", "object_id", "actor_label")
    ) == [
        ("joined", str(person.pk), "the person joining"),
        ("step 0", str(person.pk), "system"),
        ("step 1", str(person.pk), "system"),
        ("step 2", str(person.pk), "system"),
        ("old rows purged", "", "system"),
    ]
    assert AuditEvent.objects.order_by("pk").last().after == {"deleted": 4}
