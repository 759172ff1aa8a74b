"""What the check-your-email pages say is true whether or not an email was sent, and the same either way."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def main(html: str) -> str:
    return re.search(r"<main.*</main>", html, re.S).group(0)


def pledge(client, email="jo.bloggs@example.org"):
    data = {"name": "Jo Bloggs", "email": email, "organisation": "", "role": ""}
    return main(client.get(client.post(reverse("pledges:pledge"), data)["Location"]).content.decode())


def test_a_repeat_pledge_is_not_told_an_email_was_sent_when_none_was(client):
    first = pledge(client)
    repeat = pledge(client)

    assert len(mail.outbox) == 1  # the repeat, within 10 minutes, was sent nothing
    for page in (first, repeat):
        assert "We have sent an email" not in page
        assert (
            "If you have not had an email from us in the last 10 minutes, we have sent one to "
            "<strong>jo.bloggs@example.org</strong>." in page
        )
    assert repeat == first  # nothing on screen says whether the address had pledged


def test_a_new_pledge_and_a_repeat_see_the_same_page(client):
    pledge(client)
    repeat = pledge(client)
    new = pledge(client, "sam@example.org")

    assert len(mail.outbox) == 2
    assert repeat.replace("jo.bloggs@example.org", "sam@example.org") == new


def test_asking_twice_for_a_withdraw_link_is_told_only_what_is_true(client):
    pledge(client)
    mail.outbox.clear()
    asked = [
        main(
            client.post(reverse("pledges:withdraw-link"), {"email": "jo.bloggs@example.org"}).content.decode()
        )
        for _ in range(2)
    ]

    assert len(mail.outbox) == 0  # the pledge's email went within the last 10 minutes
    assert asked[0] == asked[1]
    assert "has not had an email from us in the last 10 minutes, we have sent it a link" in asked[0]
