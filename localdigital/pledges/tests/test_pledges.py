"""Pledging support: one person one pledge, confirmation, withdrawal, purge, and exact counts."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from localdigital.audit.models import AuditEvent
from localdigital.notifications.models import SentEmail
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.platform.emails import canonical_mailbox
from localdigital.pledges import services
from localdigital.pledges.models import Pledge, PledgeCountChange

pytestmark = pytest.mark.django_db


def pledge(client, email="jo.bloggs@example.org", **extra):
    data = {"name": "Jo Bloggs", "email": email, "organisation": "", "role": "", **extra}
    return client.post(reverse("pledges:pledge"), data)


def last_link(kind: str) -> str:
    """The path of the confirm or withdraw link in the newest queued email."""
    body = SentEmail.objects.order_by("-id").first().body
    return re.search(rf"http://\S+(/pledge/{kind}/\S+/)", body).group(1)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Jo.Bloggs@Example.org", "jo.bloggs@example.org"),
        ("jo+pledges@example.org", "jo@example.org"),
        ("  JO@EXAMPLE.ORG ", "jo@example.org"),
        ("j.o.bloggs+x@gmail.com", "jobloggs@gmail.com"),
        ("jo.bloggs@googlemail.com", "jobloggs@gmail.com"),
        ("jo.bloggs@kingston.gov.uk", "jo.bloggs@kingston.gov.uk"),
    ],
)
def test_one_key_per_mailbox(typed, key):
    assert canonical_mailbox(typed) == key


def test_a_pledge_is_emailed_for_confirmation_and_counts_only_once_confirmed(client):
    response = pledge(client, show_name="on")

    assert response.status_code == 302
    assert response["Location"] == reverse("pledges:check-email")
    assert "jo.bloggs@example.org" in client.get(response["Location"]).content.decode()
    stored = Pledge.objects.get()
    assert stored.status == Pledge.Status.PENDING
    assert mail.outbox[-1].to == ["jo.bloggs@example.org"]
    assert services.tally().total == 0

    confirm = last_link("confirm")
    assert client.get(confirm).status_code == 200  # a page with a button: scanners do not confirm
    assert client.post(confirm)["Location"] == reverse("pledges:confirmed")

    assert services.tally().total == 1
    assert Pledge.objects.get().status == Pledge.Status.CONFIRMED
    assert client.post(confirm).status_code == 404  # single use
    assert "already been used" in client.get(confirm).content.decode()


def test_repeats_are_answered_like_new_pledges_and_never_make_a_second(client):
    first = pledge(client, "Jo.Bloggs+first@gmail.com")
    client.post(last_link("confirm"))
    Pledge.objects.update(emailed_at=timezone.now() - timedelta(hours=1))

    again = pledge(client, "jobloggs@GMAIL.com")

    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]
    assert Pledge.objects.count() == 1
    assert SentEmail.objects.order_by("-id").first().template == "pledge_already"
    # A third try within minutes sends nothing more, so the form cannot be used to flood a mailbox.
    pledge(client, "jobloggs@gmail.com")
    assert SentEmail.objects.count() == 2


def test_a_repeat_while_pending_sends_a_new_link_and_the_old_one_stops_working(client):
    pledge(client, organisation="")
    old = last_link("confirm")
    Pledge.objects.update(emailed_at=timezone.now() - timedelta(hours=1))
    council = OrganisationFactory()

    pledge(client, "JO.BLOGGS@example.org", organisation=council.slug, role="Digital lead")

    new = last_link("confirm")
    assert new != old
    assert client.post(old).status_code == 404
    client.post(new)
    stored = Pledge.objects.get()
    assert (stored.organisation, stored.role, stored.status) == (council, "Digital lead", "confirmed")


def test_withdrawing_removes_the_pledge_and_its_count(client):
    council = OrganisationFactory()
    pledge(client, organisation=council.slug)
    client.post(last_link("confirm"))
    assert services.tally().by_organisation == {str(council.pk): 1}

    withdraw = last_link("withdraw")
    assert client.get(withdraw).status_code == 200
    assert client.post(withdraw)["Location"] == reverse("pledges:withdrawn")

    assert not Pledge.objects.exists()
    counts = services.tally()
    assert (counts.total, counts.by_organisation) == (0, {})
    assert client.post(withdraw).status_code == 404
    assert list(AuditEvent.objects.filter(object_type="pledges.pledge").values_list("action", flat=True)) == [
        "pledge withdrawn",
        "pledge confirmed",
        "pledged",
    ]


def test_an_expired_withdraw_link_says_how_to_get_another(client):
    pledge(client)
    withdraw = last_link("withdraw")
    Pledge.objects.update(withdraw_token_expires_at=timezone.now() - timedelta(seconds=1))

    response = client.get(withdraw)

    assert response.status_code == 410
    assert reverse("pledges:withdraw-link") in response.content.decode()


def test_a_new_withdraw_link_is_sent_only_to_a_mailbox_that_pledged(client):
    pledge(client)
    Pledge.objects.update(emailed_at=timezone.now() - timedelta(hours=1))
    url = reverse("pledges:withdraw-link")

    known = client.post(url, {"email": "Jo.Bloggs@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert SentEmail.objects.filter(template="pledge_withdraw_link").count() == 1
    client.post(last_link("withdraw"))
    assert not Pledge.objects.exists()


def test_unconfirmed_pledges_are_purged_after_seven_days(client):
    pledge(client, "old@example.org")
    pledge(client, "confirmed@example.org")
    client.post(last_link("confirm"))
    pledge(client, "new@example.org")
    eight_days_ago = timezone.now() - timedelta(days=8)
    Pledge.objects.exclude(email="new@example.org").update(
        created_at=eight_days_ago, emailed_at=eight_days_ago
    )

    call_command("purge_pledges", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert sorted(Pledge.objects.values_list("email", flat=True)) == [
        "confirmed@example.org",
        "new@example.org",
    ]
    assert AuditEvent.objects.filter(action="unconfirmed pledges purged").get().after == {"deleted": 1}


def test_an_expired_confirmation_link_says_so(client):
    pledge(client)
    Pledge.objects.update(emailed_at=timezone.now() - timedelta(days=8))

    response = client.get(last_link("confirm"))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_pledging_again_while_pending_gives_the_new_link_a_week_of_its_own(client):
    pledge(client)
    six_days_ago = timezone.now() - timedelta(days=6)
    Pledge.objects.update(created_at=six_days_ago, emailed_at=six_days_ago)
    pledge(client)
    link = last_link("confirm")
    # Two days on, eight days after the first pledge but two after the new link:
    later = timezone.now() - timedelta(days=2)
    Pledge.objects.update(created_at=six_days_ago - timedelta(days=2), emailed_at=later)

    services.purge_unconfirmed()

    assert Pledge.objects.get().status == Pledge.Status.PENDING
    assert client.post(link)["Location"] == reverse("pledges:confirmed")
    assert Pledge.objects.get().status == Pledge.Status.CONFIRMED


def test_bad_input_is_kept_and_explained(client):
    response = pledge(client, "not an email", name="", organisation="no-such-council", role="x" * 101)

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter your full name" in page
    assert "Enter an email address in the correct format" in page
    assert "Choose an organisation from the list" in page
    assert 'value="not an email"' in page
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Jo\n\nYour account is locked: visit evil.example", "Enter your name on one line"),
        ("Jo see https://evil.example/login", "Enter your name without a web address"),
        ("Jo www.evil.example", "Enter your name without a web address"),
        ("Jo\x00Bloggs", "Null characters are not allowed"),
    ],
)
def test_a_name_cannot_carry_a_message_to_someone_else(client, name, message):
    response = pledge(client, "victim@example.org", name=name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Pledge.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_answered_like_anyone_and_nothing_is_kept(client):
    response = pledge(client, website="http://spam.example")

    assert response["Location"] == reverse("pledges:check-email")
    assert not Pledge.objects.exists()
    assert not SentEmail.objects.exists()


def test_counts_change_only_when_tallied_and_then_exactly(client):
    councils = OrganisationFactory.create_batch(2)
    for index in range(5):
        pledge(client, f"person{index}@example.org", organisation=councils[index % 2].slug)
        client.post(last_link("confirm"))
    pledge(client, "unconfirmed@example.org", organisation=councils[0].slug)

    assert PledgeCountChange.objects.count() == 5  # one row per change, never an update of a total
    counts = services.tally()

    assert counts.total == 5 == Pledge.objects.filter(status="confirmed").count()
    assert counts.by_organisation == {str(councils[0].pk): 3, str(councils[1].pk): 2}
    assert not PledgeCountChange.objects.exists()
    assert services.daily() == [(timezone.localdate(), 5)]
    assert services.daily(councils[1]) == [(timezone.localdate(), 2)]


def test_with_a_queue_the_request_writes_one_row_and_the_worker_sends_the_email(client, settings):
    settings.EMAIL_QUEUE = True
    settings.EMAIL_OUTBOX = False
    pledge(client)

    stored = Pledge.objects.get()
    assert (stored.email_due, stored.confirm_token_hash) == ("confirm", "")  # no link exists yet
    assert not SentEmail.objects.exists()
    assert mail.outbox == []

    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert mail.outbox[-1].to == ["jo.bloggs@example.org"]
    assert "/pledge/confirm/" in mail.outbox[-1].body
    stored.refresh_from_db()
    assert stored.email_due == ""
    assert len(stored.confirm_token_hash) == 64
    sent = SentEmail.objects.get()
    assert (sent.status, sent.body) == (SentEmail.Status.SENT, "")  # no link kept after sending


def test_a_pledge_email_that_fails_is_tried_again_later(client, settings, monkeypatch):
    from localdigital.notifications import gateway

    def refuse(*args):
        raise ConnectionError("provider down")

    settings.EMAIL_QUEUE = True
    pledge(client)
    monkeypatch.setattr(gateway, "_deliver", refuse)

    assert services.send_due_emails() == (0, 1)
    stored = Pledge.objects.get()
    assert (stored.email_due, stored.email_attempts, stored.confirm_token_hash) == ("confirm", 1, "")
    assert stored.email_retry_at > timezone.now()
    monkeypatch.undo()
    assert services.send_due_emails() == (0, 0)  # not yet time to try again

    Pledge.objects.update(email_retry_at=timezone.now())
    assert services.send_due_emails() == (1, 0)
    stored = Pledge.objects.get()
    assert (stored.email_due, stored.email_attempts, stored.email_retry_at) == ("", 0, None)


def test_a_pledge_email_that_keeps_failing_is_given_up_without_holding_up_others(
    client, settings, monkeypatch
):
    from localdigital.notifications import gateway

    settings.EMAIL_QUEUE = True
    pledge(client, email="bounces@example.org")
    pledge(client, email="jo.bloggs@example.org")
    original = gateway._deliver

    def refuse_one(email):
        if email.to == "bounces@example.org":
            raise ConnectionError("address refused")
        return original(email)

    monkeypatch.setattr(gateway, "_deliver", refuse_one)
    Pledge.objects.filter(email="bounces@example.org").update(email_attempts=gateway.ATTEMPTS - 2)

    assert services.send_due_emails(batch=1) == (0, 1)
    assert services.send_due_emails(batch=1) == (1, 0)  # the other is not held up behind it
    Pledge.objects.update(email_retry_at=timezone.now())
    assert services.send_due_emails() == (0, 1)
    given_up = Pledge.objects.get(email="bounces@example.org")
    assert (given_up.email_due, given_up.email_attempts) == ("", gateway.ATTEMPTS)
    assert services.emails_waiting() == 0


def test_a_queued_email_that_fails_is_retried_later_then_marked_failed(settings, monkeypatch):
    from localdigital.notifications import gateway
    from localdigital.pledges.emails import WithdrawLink

    def refuse(*args):
        raise ConnectionError("provider down")

    monkeypatch.setattr(gateway, "_deliver", refuse)
    WithdrawLink(name="Jo", withdraw_url="/x/").send("jo@example.org", queue=True)

    assert gateway.send_queued() == (0, 1)
    email = SentEmail.objects.get()
    assert (email.status, email.attempts) == (SentEmail.Status.QUEUED, 1)
    assert email.send_after > timezone.now()
    assert gateway.send_queued() == (0, 0)  # not yet due

    SentEmail.objects.update(send_after=None, attempts=gateway.ATTEMPTS - 1)
    gateway.send_queued()
    assert SentEmail.objects.get().status == SentEmail.Status.FAILED
