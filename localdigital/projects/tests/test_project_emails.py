"""How often followers hear about projects is one choice on their account: each time, daily, weekly or
never. The updates and the scheduled digests honour it, and none is sent to an address that unsubscribed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.notifications import preferences
from localdigital.notifications.models import SentEmail
from localdigital.platform import jobs
from localdigital.projects import services
from localdigital.projects.tests.test_projects import project_data
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def owner(kingston):
    return member_of(kingston)


@pytest.fixture
def project(kingston, owner):
    return services.create(kingston, owner, project_data())


@pytest.fixture
def followers(project):
    people = {how: User.objects.create_user(f"{how}@sutton.gov.uk", project_emails=how) for how in
              ("each", "daily", "weekly", "never")}  # fmt: skip
    for person in people.values():
        services.follow(project, person)
    mail.outbox.clear()
    return people


def sent_to() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_only_those_who_hear_each_time_are_emailed_when_an_update_is_posted(project, owner, followers):
    services.post_update(project, owner, "Alpha finished")

    assert sent_to() == ["each@sutton.gov.uk"]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_the_daily_digest_goes_to_those_who_chose_daily_with_the_day_s_updates(project, owner, followers):
    services.post_update(project, owner, "Alpha finished")
    mail.outbox.clear()

    assert services.send_daily_digests() == 1

    assert sent_to() == ["daily@sutton.gov.uk"]
    assert "Alpha finished" in mail.outbox[0].body
    assert mail.outbox[0].subject == "The last day's updates on projects you follow"


def test_the_daily_digest_leaves_out_updates_older_than_a_day(project, owner, followers):
    services.post_update(project, owner, "Alpha finished")
    mail.outbox.clear()

    assert services.send_daily_digests(now=timezone.now() + timedelta(days=2)) == 0
    assert services.send_weekly_digests(now=timezone.now() + timedelta(days=2)) == 1
    assert sent_to() == ["weekly@sutton.gov.uk"]


def test_the_weekly_digest_goes_to_those_who_chose_weekly(project, owner, followers):
    services.post_update(project, owner, "Alpha finished")
    mail.outbox.clear()

    assert services.send_weekly_digests() == 1
    assert sent_to() == ["weekly@sutton.gov.uk"]


def test_those_who_chose_never_get_nothing(project, owner, followers):
    services.post_update(project, owner, "Alpha finished")
    services.send_daily_digests()
    services.send_weekly_digests()

    assert "never@sutton.gov.uk" not in sent_to()
    assert not SentEmail.objects.filter(to="never@sutton.gov.uk").exists()


def test_a_follower_who_unsubscribed_from_an_email_s_link_is_not_sent_updates(project, owner, followers):
    preferences.unsubscribe(preferences.recipient("each@sutton.gov.uk"), how="test")
    preferences.unsubscribe(preferences.recipient("daily@sutton.gov.uk"), how="test")

    services.post_update(project, owner, "Alpha finished")
    services.send_daily_digests()

    assert sent_to() == []
    assert set(SentEmail.objects.values_list("status", flat=True)) == {SentEmail.Status.UNSUBSCRIBED}


def test_the_daily_digest_is_a_scheduled_job():
    job = jobs.registered()["send_daily_project_digests"]

    assert str(job.schedule) == "daily at 07:30"
