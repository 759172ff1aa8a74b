"""Each person, approver and pledger is written to in the language they used when their address was
given, with the other language one link away, until they choose another."""

import pytest
from django.core import mail
from django.utils import translation

from localdigital.accounts.models import User
from localdigital.notifications import preferences
from localdigital.notifications.models import SentEmail
from localdigital.pledges import services as pledges
from localdigital.pledges.models import Pledge
from localdigital.signing import services as signing
from localdigital.signing.models import Approver
from localdigital.signing.tests.factories import CouncilFactory, member_of
from localdigital.signing.tests.test_services import ready_to_submit

pytestmark = pytest.mark.django_db

IN_WELSH = "Get these emails in English:"
IN_ENGLISH = "Cael y negeseuon e-bost hyn yn Gymraeg:"


def test_a_pledge_made_in_welsh_is_answered_in_welsh():
    with translation.override("cy"):
        pledges.submit(name="Jo Bloggs", email="jo@example.org")

    assert Pledge.objects.get().language == "cy"
    email = SentEmail.objects.get(to="jo@example.org")
    assert email.language == "cy" and IN_WELSH in mail.outbox[-1].body


def test_a_pledge_made_in_english_offers_welsh():
    with translation.override("en"):
        pledges.submit(name="Jo Bloggs", email="jo@example.org")

    assert Pledge.objects.get().language == "en"
    assert IN_ENGLISH in mail.outbox[-1].body


def test_approvers_named_in_welsh_are_asked_to_sign_in_welsh_whoever_sends_it():
    council = CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    officer = member_of(council)
    staff = User.objects.create_superuser("team@localdigital.example", "a long test password")
    with translation.override("cy"):
        application = ready_to_submit(council, officer)
        signing.submit(application, officer)
    mail.outbox.clear()

    with translation.override("en"):
        signing.send_for_signature(application, staff)

    assert set(Approver.objects.values_list("language", flat=True)) == {"cy"}
    asked = [message for message in mail.outbox if message.to[0].startswith(("chief", "leader"))]
    assert len(asked) == 2 and all(IN_WELSH in message.body for message in asked)


def test_an_address_s_own_choice_wins_over_the_language_it_was_given_in():
    preferences.choose_language(preferences.recipient("jo@example.org", "en"), "cy")

    with translation.override("en"):
        pledges.submit(name="Jo Bloggs", email="jo@example.org")

    assert Pledge.objects.get().language == "en"
    assert SentEmail.objects.get(to="jo@example.org").language == "cy"
