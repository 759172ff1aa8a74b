import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from localdigital.accounts import services
from localdigital.accounts.models import SignInLink, User
from localdigital.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def ask_for_link(client, email="officer@kingston.gov.uk", **extra):
    return client.post(reverse("accounts:sign-in"), {"email": email, **extra})


def link_in_last_email() -> str:
    return re.search(r"http://\S+/sign-in/\S+/", mail.outbox[-1].body).group(0)


def path_of(url: str) -> str:
    return url.split("8000", 1)[1]


def test_asking_for_a_link_emails_one_and_keeps_only_its_hash(client):
    response = ask_for_link(client, "  Officer@KINGSTON.gov.uk ")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:check-email")
    assert mail.outbox[-1].to == ["officer@kingston.gov.uk"]
    token = link_in_last_email().rstrip("/").rsplit("/", 1)[1]
    stored = SignInLink.objects.get()
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64
    assert "officer@kingston.gov.uk" in client.get(reverse("accounts:check-email")).content.decode()


def test_the_link_signs_in_once(client):
    ask_for_link(client)
    link = path_of(link_in_last_email())

    confirm_page = client.get(link)
    signed_in = client.post(link)
    again = client.post(link)

    assert "You are signing in as <strong>officer@kingston.gov.uk</strong>" in confirm_page.content.decode()
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("accounts:account")
    assert User.objects.filter(email="officer@kingston.gov.uk").exists()
    assert again.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert AuditEvent.objects.filter(action="signed in").count() == 1


def test_opening_the_link_does_not_use_it_up(client):
    ask_for_link(client)
    link = path_of(link_in_last_email())

    client.get(link)
    client.get(link)

    assert client.post(link).status_code == 302


def test_an_expired_link_says_so_and_offers_a_new_one(client):
    ask_for_link(client)
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(path_of(link_in_last_email()))

    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert "Get a new link to sign in" in html
    assert "_auth_user_id" not in client.session


def test_a_tampered_link_does_not_work(client):
    ask_for_link(client)

    response = client.post(path_of(link_in_last_email())[:-5] + "xxxx/")

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


@pytest.mark.parametrize("typed", ["", "not an email", "a@b", "<script>alert(1)</script>@x.gov.uk"])
def test_a_bad_address_is_explained_and_kept(client, typed):
    response = ask_for_link(client, typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<script>alert(1)</script>" not in html
    assert mail.outbox == []


def test_too_many_links_for_one_address_are_refused(client):
    for _ in range(5):
        ask_for_link(client)

    response = ask_for_link(client)

    assert "You have asked for too many links" in response.content.decode()
    assert len(mail.outbox) == 5


def test_after_signing_in_you_go_back_where_you_were_but_never_off_site(client):
    ask_for_link(client, next="/organisations/")
    assert client.post(path_of(link_in_last_email()))["Location"] == "/organisations/"

    client.post(reverse("accounts:sign-out"))
    ask_for_link(client, next="https://evil.example/")
    assert client.post(path_of(link_in_last_email()))["Location"] == reverse("accounts:account")


def test_signing_out(client):
    ask_for_link(client)
    client.post(path_of(link_in_last_email()))

    response = client.post(reverse("accounts:sign-out"))

    assert response["Location"] == reverse("accounts:signed-out")
    assert client.get(reverse("accounts:account")).status_code == 302


def test_the_account_page_needs_you_to_sign_in(client):
    response = client.get(reverse("accounts:account"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_worker_deletes_links_a_month_after_they_expire(client):
    from io import StringIO

    from django.core.management import call_command

    ask_for_link(client, "old@kingston.gov.uk")
    ask_for_link(client, "new@kingston.gov.uk")
    asked = timezone.now() - timedelta(days=30, hours=2)
    SignInLink.objects.filter(email="old@kingston.gov.uk").update(
        created_at=asked, expires_at=asked + timedelta(hours=1)
    )
    output = StringIO()

    call_command("run_worker", "--once", stdout=output)

    assert list(SignInLink.objects.values_list("email", flat=True)) == ["new@kingston.gov.uk"]
    assert "Purged 1 old sign-in links" in output.getvalue()
    assert AuditEvent.objects.get(action="old sign-in links purged").after == {"deleted": 1}


def test_a_link_is_kept_for_a_month_after_it_expires_to_say_what_happened(client):
    from localdigital.accounts import services

    ask_for_link(client)
    asked = timezone.now() - timedelta(days=29)
    SignInLink.objects.update(created_at=asked, expires_at=asked + services.LINK_LIFETIME)

    assert services.purge_links() == 0
    response = client.post(path_of(link_in_last_email()))
    assert response.status_code == 410
    assert "This link has expired" in response.text


class TestLimitsBehindAProxy:
    """Sign-in is limited by the person's own address, read through our proxies as pledges are."""

    @pytest.fixture(autouse=True)
    def behind_one_proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1

    @staticmethod
    def ask_from(client, index, forwarded):
        return client.post(
            reverse("accounts:sign-in"),
            {"email": f"officer{index}@kingston.gov.uk"},
            HTTP_X_FORWARDED_FOR=forwarded,
            REMOTE_ADDR="10.0.0.1",
        )

    def test_two_people_behind_the_load_balancer_are_limited_separately(self, client):
        limit = services.LINKS_PER_SOURCE.hits
        for index in range(limit):
            assert self.ask_from(client, index, "198.51.100.7").status_code == 302

        refused = self.ask_from(client, limit, "198.51.100.7")
        someone_else = self.ask_from(client, limit + 1, "203.0.113.9")

        assert "You have asked for too many links" in refused.content.decode()
        assert someone_else.status_code == 302
        assert len(mail.outbox) == limit + 1

    def test_a_made_up_forwarded_address_does_not_get_past_the_limit(self, client):
        limit = services.LINKS_PER_SOURCE.hits
        for index in range(limit):
            # The client types its own X-Forwarded-For entry; our proxy appends the real address.
            assert self.ask_from(client, index, f"192.0.2.{index}, 198.51.100.7").status_code == 302

        refused = self.ask_from(client, limit, "192.0.2.200, 198.51.100.7")

        assert "You have asked for too many links" in refused.content.decode()
        assert len(mail.outbox) == limit


@pytest.mark.parametrize(
    ("typed", "sent_to"),
    [
        ("a@kingston.gov.uk\u3002", "a@kingston.gov.uk"),  # a trailing ideographic full stop
        ("a@kingston.gov.uk\uff0e", "a@kingston.gov.uk"),  # a trailing full-width full stop
        ("a@kingston.gov.uk.", "a@kingston.gov.uk"),
        ("a@kingston\u3002gov\u3002uk", "a@kingston.gov.uk"),
        ("a@KINGSTON\uff0egov\uff0euk", "a@kingston.gov.uk"),
        ("a@b\u00fccher.example", "a@xn--bcher-kva.example"),  # an internationalised domain, in ASCII
    ],
)
def test_odd_but_real_addresses_are_cleaned_and_sent_a_link(client, typed, sent_to):
    response = ask_for_link(client, typed)

    assert response.status_code == 302
    assert mail.outbox[-1].to == [sent_to]
    assert SignInLink.objects.get().email == sent_to


@pytest.mark.parametrize(
    "typed",
    [
        "a@kingston.gov.uk\u3002\u3002",
        "jo bloggs@kingston.gov.uk",
        "a@kingston .gov.uk",
        "\U0001f600@kingston.gov.uk",
        "a@\U0001f600.gov.uk",
        "\uff41@kingston.gov.uk",  # a full-width letter before the @
        "a@\u3002kingston.gov.uk",
        "a\u3002@kingston.gov.uk",
    ],
)
def test_addresses_that_are_not_addresses_get_the_gov_uk_message(client, typed):
    response = ask_for_link(client, typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.gov.uk" in html
    assert mail.outbox == []
