"""A worker stopped half-way through a batch: every email that left is recorded, its links work, and a
re-run never sends it a second time."""

import re

import pytest
from django.urls import reverse

from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail
from localdigital.pledges import services as pledges
from localdigital.pledges.models import Pledge

pytestmark = pytest.mark.django_db


class WorkerStopped(BaseException):
    """What the worker meets when it is killed: not an error it can handle."""


class Provider:
    """A mail provider that takes emails, and a worker that is stopped while handing over one of them."""

    def __init__(self, stop_at: int | None = None):
        self.stop_at = stop_at
        self.delivered: list[tuple[str, str]] = []

    def __call__(self, to, subject, body, reference=""):
        if self.stop_at is not None and len(self.delivered) + 1 == self.stop_at:
            raise WorkerStopped()
        self.delivered.append((to, body))
        return f"provider-{len(self.delivered)}"

    def addresses(self) -> list[str]:
        return [to for to, _body in self.delivered]


def pledge(client, index: int):
    data = {"name": f"Person {index}", "email": f"person{index}@example.org", "organisation": "", "role": ""}
    assert client.post(reverse("pledges:pledge"), data).status_code == 302


@pytest.fixture
def five_pledges_waiting(client, settings):
    settings.EMAIL_QUEUE = True
    for index in range(5):
        pledge(client, index)
    assert pledges.emails_waiting() == 5


def test_pledge_emails_sent_before_the_worker_stopped_are_recorded_with_working_links(
    client, monkeypatch, five_pledges_waiting
):
    stopping = Provider(stop_at=3)
    monkeypatch.setattr(gateway, "_deliver", stopping)
    with pytest.raises(WorkerStopped):
        pledges.send_due_emails()

    assert stopping.addresses() == ["person0@example.org", "person1@example.org"]
    for to, body in stopping.delivered:
        assert SentEmail.objects.get(to=to).status == SentEmail.Status.SENT
        confirm = re.search(r"http://\S+(/pledge/confirm/\S+/)", body).group(1)
        assert "Confirm your pledge" in client.get(confirm).content.decode()
        assert client.post(confirm).status_code == 302
        assert Pledge.objects.get(email=to).status == Pledge.Status.CONFIRMED

    again = Provider()
    monkeypatch.setattr(gateway, "_deliver", again)
    pledges.send_due_emails()

    # The one being handed over when the worker stopped may have left: it is not sent again either.
    assert again.addresses() == ["person3@example.org", "person4@example.org"]
    assert SentEmail.objects.get(to="person2@example.org").status == SentEmail.Status.SENDING
    assert pledges.emails_waiting() == 0


def test_queued_emails_sent_before_the_worker_stopped_are_not_sent_again(monkeypatch):
    for index in range(5):
        gateway.send(
            f"person{index}@example.org", "sign_in", {"link": f"/sign-in/{index}/", "minutes": 60}, queue=True
        )
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
