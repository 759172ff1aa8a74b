"""A worker stopped half-way through a batch of pledge emails: every email that left is recorded, its
links work, and a re-run never sends it a second time."""

import re

import pytest
from django.urls import reverse

from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail
from localdigital.notifications.tests.providers import Provider, WorkerStopped
from localdigital.pledges import services as pledges
from localdigital.pledges.models import Pledge

pytestmark = pytest.mark.django_db


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
