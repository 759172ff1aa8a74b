"""A worker stopped half-way through a batch of pledge emails: every email that left is recorded, its
links work, and a re-run never sends it a second time; the one being handed over is sent once, by the
next worker, after its lease runs out."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from localdigital.notifications import gateway
from localdigital.notifications.models import SentEmail
from localdigital.notifications.tests.providers import Provider, WorkerStopped
from localdigital.platform import outbox
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

    # The one being handed over when the worker stopped is leased: not sent again before its lease ends.
    assert again.addresses() == ["person3@example.org", "person4@example.org"]
    assert SentEmail.objects.get(to="person2@example.org").status == SentEmail.Status.SENDING
    assert pledges.emails_waiting() == 1


def lease_runs_out(freezer_delta=outbox.LEASE + timedelta(seconds=1)):
    Pledge.objects.exclude(email_retry_at=None).update(email_retry_at=F("email_retry_at") - freezer_delta)


class Notify(Provider):
    """A provider that can be asked whether it has an email by our reference, as Notify can."""

    def __init__(self, stop_after: int | None = None):
        super().__init__()
        self.stop_after = stop_after
        self.references: dict[str, str] = {}

    def __call__(self, email):
        provider_id = super().__call__(email)
        self.references[gateway.reference(email)] = provider_id
        if self.stop_after is not None and len(self.delivered) == self.stop_after:
            raise WorkerStopped()  # killed after the provider took it, before it was marked sent
        return provider_id

    def lookup(self, email):
        return self.references.get(gateway.reference(email))


def test_an_email_whose_worker_died_mid_send_is_sent_once_by_the_next_worker_after_its_lease(
    client, monkeypatch, five_pledges_waiting
):
    monkeypatch.setattr(gateway, "_deliver", Provider(stop_at=3))
    with pytest.raises(WorkerStopped):
        pledges.send_due_emails()
    stopped = SentEmail.objects.get(to="person2@example.org")

    second = Notify()
    monkeypatch.setattr(gateway, "_deliver", second)
    monkeypatch.setattr(gateway, "_already_delivered", second.lookup)
    pledges.send_due_emails()
    lease_runs_out()
    pledges.send_due_emails()
    pledges.send_due_emails()

    assert second.addresses() == ["person3@example.org", "person4@example.org", "person2@example.org"]
    # The same email: its record, reference and links, which work.
    assert SentEmail.objects.filter(to="person2@example.org").count() == 1
    assert SentEmail.objects.get(pk=stopped.pk).status == SentEmail.Status.SENT
    confirm = re.search(r"http://\S+(/pledge/confirm/\S+/)", second.delivered[-1][1]).group(1)
    assert client.post(confirm).status_code == 302
    assert pledges.emails_waiting() == 0


def test_an_email_that_left_before_its_worker_died_is_not_sent_again(
    client, monkeypatch, five_pledges_waiting
):
    first = Notify(stop_after=3)
    monkeypatch.setattr(gateway, "_deliver", first)
    monkeypatch.setattr(gateway, "_already_delivered", first.lookup)
    with pytest.raises(WorkerStopped):
        pledges.send_due_emails()
    assert SentEmail.objects.get(to="person2@example.org").status == SentEmail.Status.SENDING

    lease_runs_out()
    pledges.send_due_emails()
    lease_runs_out()
    pledges.send_due_emails()

    assert Counter(first.addresses()) == {f"person{index}@example.org": 1 for index in range(5)}
    assert SentEmail.objects.get(to="person2@example.org").provider_reference == "provider-3"
    assert set(SentEmail.objects.values_list("status", flat=True)) == {SentEmail.Status.SENT}
    assert pledges.emails_waiting() == 0


def test_through_djangos_backend_a_retried_email_goes_with_the_same_message_id(
    mailoutbox, five_pledges_waiting
):
    record = Pledge.objects.first()
    pledges.send_due_emails(pks=[record.pk])
    sent = SentEmail.objects.get(to=record.email)
    gateway.deliver(sent, retry=True)  # as a worker does when it cannot tell whether the first one left

    assert [message.to for message in mailoutbox] == [[record.email]] * 2
    assert {message.extra_headers["Message-ID"] for message in mailoutbox} == {gateway.message_id(sent)}
