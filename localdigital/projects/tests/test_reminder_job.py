"""The projects' daily reminder, run from the worker's schedule at its time."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from localdigital.platform import jobs
from localdigital.projects import services as projects
from localdigital.projects.models import Project
from localdigital.projects.tests.test_projects import project_data
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


def test_the_daily_reminder_runs_its_function_at_its_time():
    kingston = CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    owner = member_of(kingston)
    project = projects.create(kingston, owner, project_data())
    Project.objects.filter(pk=project.pk).update(last_update_at=timezone.now() - timedelta(days=91))
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    jobs.enqueue_due(morning)
    mail.outbox.clear()

    assert "remind_project_owners" not in jobs.enqueue_due(morning + timedelta(minutes=59))
    assert mail.outbox == []
    assert "remind_project_owners" in jobs.enqueue_due(morning + timedelta(hours=1))
    assert [email.to for email in mail.outbox] == [[owner.email]]
    project.refresh_from_db()
    assert project.reminded_at is not None
