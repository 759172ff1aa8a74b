"""A person's choices about email on their account page: how often to hear about the projects they follow,
and the language they are written to in. Each is one question on its own page, audited."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from localdigital.accounts import services
from localdigital.accounts.models import ProjectEmails, SignInLink, User
from localdigital.audit.models import AuditEvent
from localdigital.notifications import preferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = User.objects.create_user("officer@kingston.gov.uk")
    client.force_login(user)
    return user


class TestHowOftenToHear:
    def test_the_account_page_shows_the_choice_and_links_to_its_page(self, client, person):
        page = client.get(reverse("accounts:account"))

        assert page.status_code == 200
        assert b"Each time a project posts an update" in page.content
        assert reverse("accounts:project-emails").encode() in page.content

    def test_choosing_saves_it_says_so_and_is_audited(self, client, person):
        page = client.post(reverse("accounts:project-emails"), {"project_emails": "daily"}, follow=True)

        assert page.redirect_chain[-1][0] == reverse("accounts:account")
        assert b"We will email you once a day about projects you follow" in page.content
        person.refresh_from_db()
        assert person.project_emails == ProjectEmails.DAILY
        event = AuditEvent.objects.get(action="project emails chosen")
        assert (event.before, event.after, event.actor) == (
            {"project_emails": "each"},
            {"project_emails": "daily"},
            person,
        )

    def test_no_choice_is_explained(self, client, person):
        page = client.post(reverse("accounts:project-emails"), {})

        assert page.status_code == 200
        assert b"Choose how often you want to hear about projects you follow" in page.content
        assert b"Error: " in page.content

    def test_the_page_needs_you_to_sign_in(self, client):
        assert client.get(reverse("accounts:project-emails")).status_code == 302

    def test_choosing_to_hear_again_undoes_an_unsubscribe(self, client, person):
        preferences.unsubscribe(preferences.recipient(person.email), how="test")
        assert b"You unsubscribed" in client.get(reverse("accounts:project-emails")).content

        client.post(reverse("accounts:project-emails"), {"project_emails": "weekly"})

        assert not preferences.is_unsubscribed(person.email)
        assert AuditEvent.objects.filter(action="resubscribed to email").count() == 1

    def test_choosing_never_keeps_an_unsubscribe(self, person):
        preferences.unsubscribe(preferences.recipient(person.email), how="test")

        services.choose_project_emails(person, "never")

        assert preferences.is_unsubscribed(person.email)


class TestLanguage:
    def test_a_new_person_s_language_is_the_one_they_signed_in_in(self):
        with translation.override("cy"):
            services.request_link("swyddog@kingston.gov.uk", source="192.0.2.1")
            token = mail.outbox[-1].body.split("/sign-in/")[1].split("/")[0]
            user, _ = services.redeem(token)

        assert user.language == "cy"
        assert preferences.language_of(user.email) == "cy"
        assert SignInLink.objects.count() == 1

    def test_choosing_a_language_changes_the_emails_and_is_audited(self, client, person):
        page = client.post(reverse("accounts:language"), {"language": "cy"}, follow=True)

        assert b"We will email you in Cymraeg" in page.content
        person.refresh_from_db()
        assert person.language == "cy" and preferences.language_of(person.email) == "cy"
        assert AuditEvent.objects.filter(action="language chosen", actor=person).count() == 1
        assert b"Cymraeg" in client.get(reverse("accounts:account")).content

    def test_the_language_page_starts_on_the_current_choice(self, client, person):
        preferences.choose_language(preferences.recipient(person.email), "cy")

        page = client.get(reverse("accounts:language"))

        assert b'value="cy" checked' in page.content
