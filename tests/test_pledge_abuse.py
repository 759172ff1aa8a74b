"""Pledges refused by address and email domain, and the block and allow lists staff keep, through the pledge
form."""

import pytest
from django.urls import reverse

from localdigital.abuse.models import AddressRule, EmailDomainRule
from localdigital.platform import ratelimit
from localdigital.platform.models import RateCounter
from localdigital.pledges.models import Pledge
from localdigital.pledges.views import ADDRESS_BURST

pytestmark = pytest.mark.django_db


def pledge(client, email, address="198.51.100.7"):
    return client.post(reverse("pledges:pledge"), {"name": "Jo", "email": email}, REMOTE_ADDR=address)


def test_a_burst_from_one_address_is_refused_with_what_was_typed_kept(client):
    for index in range(ADDRESS_BURST.hits):
        assert pledge(client, f"person{index}@example.org").status_code == 302

    refused = pledge(client, "one.more@example.org")

    assert refused.status_code == 429
    assert "Too many pledges" in refused.content.decode()
    assert 'value="one.more@example.org"' in refused.content.decode()
    assert Pledge.objects.count() == ADDRESS_BURST.hits
    assert pledge(client, "elsewhere@example.org", address="198.51.100.8").status_code == 302


def test_counters_keep_no_addresses(client):
    pledge(client, "jo@example.org", address="198.51.100.7")

    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert keys and not any("198.51.100.7" in key for key in keys)


def test_an_allowed_network_passes_the_address_limits(client):
    AddressRule.objects.create(network="198.51.100.0/24", action="allow", reason="Council office")
    for index in range(ADDRESS_BURST.hits + 5):
        assert pledge(client, f"person{index}@example.org").status_code == 302


def test_blocked_addresses_and_domains_are_told_who_to_contact(client):
    AddressRule.objects.create(network="203.0.113.0/24", reason="Flood on 1 May")
    EmailDomainRule.objects.create(domain="spam.example", reason="Throwaway addresses")

    by_address = pledge(client, "jo@example.org", address="203.0.113.9")
    by_domain = pledge(client, "jo@mail.spam.example")

    assert by_address.status_code == by_domain.status_code == 403
    assert "We cannot take a pledge" in by_address.content.decode()
    assert not Pledge.objects.exists()


def test_asking_for_a_withdraw_link_is_refused_the_same_way(client):
    EmailDomainRule.objects.create(domain="spam.example", reason="Throwaway addresses")

    response = client.post(reverse("pledges:withdraw-link"), {"email": "jo@spam.example"})

    assert response.status_code == 403
    assert "We cannot take a pledge" in response.content.decode()
    assert 'value="jo@spam.example"' in response.content.decode()


ON_THE_HOUR = 1_796_000_400.0 + 5  # hh:00:05, when the minute and hour windows start together


def test_pledges_in_the_first_minute_of_an_hour_are_taken(client, monkeypatch):
    monkeypatch.setattr(ratelimit, "clock", lambda: ON_THE_HOUR)

    responses = [pledge(client, f"person{index}@example.org") for index in range(3)]

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert Pledge.objects.count() == 3
