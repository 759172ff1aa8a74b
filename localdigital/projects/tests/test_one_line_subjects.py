"""An action that emails goes through, and stays done, when a title typed into it has a line break."""

import pytest
from django.core import mail

from localdigital.projects import services as projects
from localdigital.projects.models import ProjectUpdate
from localdigital.projects.tests.test_projects import project_data
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


def test_posting_an_update_on_a_project_whose_title_has_a_carriage_return_emails_followers():
    kingston = CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    sutton = CouncilFactory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    owner, follower = member_of(kingston), member_of(sutton)
    project = projects.create(kingston, owner, project_data(title="Missed bins\r\nonline"))
    projects.follow(project, follower)
    mail.outbox.clear()

    projects.post_update(project, owner, "Alpha finished")

    assert ProjectUpdate.objects.filter(project=project, body="Alpha finished").exists()
    assert [email.subject for email in mail.outbox] == ["Update on Missed bins online"]


def test_a_title_with_a_carriage_return_gives_a_one_line_subject_and_keeps_the_body():
    from localdigital.notifications.models import SentEmail
    from localdigital.projects.emails import UpdatePosted

    UpdatePosted(
        project="Bulky waste\r\ncollection",
        lead="Kingston",
        update="We have started.\r\nMore soon.",
        link="/p/",
    ).send("a@x.gov.uk")

    sent = mail.outbox[0]
    assert sent.subject == "Update on Bulky waste collection"
    assert "We have started.\nMore soon." in sent.body
    assert SentEmail.objects.get().subject == "Update on Bulky waste collection"
