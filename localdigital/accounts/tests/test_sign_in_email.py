import uuid

import pytest
import responses
from django.core import mail
from django.test import override_settings

from localdigital.accounts.emails import SignInEmail

pytestmark = pytest.mark.django_db

NOTIFY_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
NOTIFY_URL = "https://api.notifications.service.gov.uk/v2/notifications/email"


def test_the_sign_in_email_gives_the_link_and_how_long_it_lasts():
    SignInEmail(link="https://x/sign-in/abc/", minutes=60).send("a@kingston.gov.uk")

    assert mail.outbox[0].subject == "Your link to sign in to Local Digital"
    assert "https://x/sign-in/abc/" in mail.outbox[0].body
    assert "The link works once, for 60 minutes." in mail.outbox[0].body


@override_settings(NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_EMAIL_TEMPLATE_ID="generic-template")
@responses.activate
def test_when_the_provider_fails_signing_in_says_so_and_keeps_the_address(client):
    responses.post(NOTIFY_URL, status=500)

    response = client.post("/sign-in/", {"email": "officer@kingston.gov.uk"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "We could not send the email just now" in html
    assert 'value="officer@kingston.gov.uk"' in html
