"""Sign-in links under pressure: long return addresses, and many clicks on one link at once."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent


def ask_for_link(client, **extra):
    return client.post(reverse("accounts:sign-in"), {"email": "officer@kingston.gov.uk", **extra})


def link_in_last_email() -> str:
    return re.search(r"http://[^/\s]+(/sign-in/\S+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("length", [301, 1999, 2001, 10_000])
def test_a_long_return_address_is_kept_or_dropped_but_never_an_error(client, length):
    search = "/projects/?q=" + "bulky+" * length
    next_url = search[:length]

    asked = ask_for_link(client, next=next_url)
    signed_in = client.post(link_in_last_email())

    assert asked.status_code == 302
    expected = next_url if length <= 2000 else reverse("accounts:account")
    assert signed_in.status_code == 302
    assert signed_in["Location"] == expected


@pytest.mark.django_db(transaction=True)
def test_many_clicks_on_one_link_at_once_sign_in_once_and_tell_the_rest_it_was_used(request):
    ask_for_link(Client())
    link = link_in_last_email()
    count = request.getfixturevalue("shared_database")
    clicks = 6
    ready = threading.Barrier(clicks)
    answers: list = []

    def click():
        browser = Client(raise_request_exception=False)
        ready.wait()
        try:
            answers.append(browser.post(link))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [302] + [410] * (clicks - 1)
    assert all(
        "This link has already been used" in a.content.decode() for a in answers if a.status_code == 410
    )
    users, audit = User._meta.db_table, AuditEvent._meta.db_table
    assert count(f"SELECT COUNT(*) FROM {users} WHERE email = 'officer@kingston.gov.uk'") == 1  # noqa: S608
    assert count(f"SELECT COUNT(*) FROM {audit} WHERE action = 'signed in'") == 1  # noqa: S608
