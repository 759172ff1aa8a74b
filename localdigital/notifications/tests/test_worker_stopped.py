"""A worker stopped half-way through a batch: every email that left is recorded, and a re-run never
sends it a second time."""

import pytest

from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail
from localdigital.notifications.tests.messages import Note
from localdigital.notifications.tests.providers import Provider, WorkerStopped

pytestmark = pytest.mark.django_db


def test_queued_emails_sent_before_the_worker_stopped_are_not_sent_again(monkeypatch):
    for index in range(5):
        Note(link=f"/sign-in/{index}/").send(f"person{index}@example.org", queue=True)
    stopping = Provider(stop_at=3)
    monkeypatch.setattr(gateway, "_deliver", stopping)
    with pytest.raises(WorkerStopped):
        gateway.send_queued()

    assert stopping.addresses() == ["person0@example.org", "person1@example.org"]
    assert [SentEmail.objects.get(to=to).status for to in stopping.addresses()] == ["sent", "sent"]

    again = Provider()
    monkeypatch.setattr(gateway, "_deliver", again)
    gateway.send_queued()

    assert again.addresses() == ["person3@example.org", "person4@example.org"]
    assert SentEmail.objects.get(to="person2@example.org").status == SentEmail.Status.SENDING
    assert gateway.waiting() == 0
