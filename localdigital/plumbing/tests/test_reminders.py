"""A system record's keepers are asked once a year whether it is still right, by the daily job."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from localdigital.audit.models import AuditEvent
from localdigital.platform import jobs
from localdigital.plumbing.models import System
from localdigital.plumbing.tasks import remind_keepers
from localdigital.plumbing.tests.factories import SystemFactory
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


def _aged(system, days):
    System.objects.filter(pk=system.pk).update(confirmed_at=timezone.now() - timedelta(days=days))


def test_the_keepers_of_a_record_not_confirmed_for_a_year_are_asked_once(council):
    maker, confirmer = member_of(council, "maker"), member_of(council, "confirmer")
    stale = SystemFactory(organisation=council, created_by=maker, confirmed_by=confirmer)
    _aged(stale, 370)
    fresh = SystemFactory(organisation=council, created_by=maker, confirmed_by=maker)
    _aged(fresh, 200)
    mail.outbox.clear()

    assert remind_keepers() == 1
    assert sorted(email.to[0] for email in mail.outbox) == [confirmer.email, maker.email]
    email = mail.outbox[0]
    assert stale.product.name in email.subject and "Kingston upon Thames" in email.subject
    assert "/systems/yours/" in email.body
    stale.refresh_from_db()
    assert stale.reminded_at is not None
    assert AuditEvent.objects.filter(action="system keepers reminded", object_id=str(stale.pk)).exists()

    mail.outbox.clear()
    assert remind_keepers() == 0  # not reminded again until it is confirmed and a year goes by
    assert mail.outbox == []


def test_someone_who_no_longer_acts_for_the_organisation_is_not_emailed(council):
    elsewhere = CouncilFactory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    moved_on = member_of(elsewhere, "moved")
    keeper = member_of(council, "keeper")
    system = SystemFactory(organisation=council, created_by=moved_on, confirmed_by=keeper)
    _aged(system, 400)
    retired = SystemFactory(organisation=council, created_by=keeper, state=System.State.RETIRED)
    _aged(retired, 400)
    mail.outbox.clear()

    assert remind_keepers() == 1
    assert [email.to for email in mail.outbox] == [[keeper.email]]


def test_a_record_confirmed_after_a_reminder_is_reminded_again_a_year_later(council):
    keeper = member_of(council)
    system = SystemFactory(organisation=council, created_by=keeper)
    now = timezone.now()
    System.objects.filter(pk=system.pk).update(
        confirmed_at=now - timedelta(days=370), reminded_at=now - timedelta(days=740)
    )
    mail.outbox.clear()
    assert remind_keepers(now) == 1


def test_the_daily_job_runs_the_reminder_at_its_time(council):
    keeper = member_of(council)
    _aged(SystemFactory(organisation=council, created_by=keeper), 400)
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    jobs.enqueue_due(morning)
    mail.outbox.clear()

    assert "remind_system_keepers" not in jobs.enqueue_due(morning + timedelta(minutes=59))
    assert "remind_system_keepers" in jobs.enqueue_due(morning + timedelta(hours=1, minutes=15))
    assert [email.to for email in mail.outbox] == [[keeper.email]]
