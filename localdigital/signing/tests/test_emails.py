import uuid

import pytest
import responses
from django.core import mail
from django.test import override_settings

from localdigital.signing.emails import ApproverDeclined
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import ApproverFactory, CommitmentFactory, SigningFactory

pytestmark = pytest.mark.django_db

NOTIFY_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"


@pytest.mark.parametrize("name", ["Sam\r\nChief", "Sam\nChief", "Sam\rChief", "Sam \t\u2028 Chief"])
def test_every_kind_of_line_break_in_a_name_is_collapsed_in_the_subject(name):
    ApproverDeclined(
        name=name, job_title="Chief executive", organisation="Brent\r\nCouncil", reason="No", link="/s/"
    ).send("a@x.gov.uk")

    assert mail.outbox[0].subject == "Sam Chief has not signed the Declaration for Brent Council"


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_a_journey_step_that_emails_is_undone_and_explained_when_the_provider_fails(client):
    signing = SigningFactory()
    ApproverFactory(signing=signing)
    ApproverFactory(
        signing=signing,
        role="political-leader",
        email=f"leader@{signing.organisation.domains.first().domain}",
    )
    CommitmentFactory(signing=signing)
    client.force_login(signing.started_by)
    responses.post(NOTIFY_URL, status=500)

    response = client.post(f"/sign/{signing.organisation.identifier}/check-your-answers/")

    signing.refresh_from_db()
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert signing.status == Signing.Status.DRAFT
