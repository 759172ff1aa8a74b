"""Rate limits by address and email domain, block and allow lists, and the address behind our proxies."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from localdigital.abuse import services
from localdigital.abuse.models import AddressRule, EmailDomainRule, RateCounter
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


def test_large_providers_are_allowed_past_the_domain_limit():
    assert services.rules().domain("gmail.com") == "allow"
    assert services.rules().domain("kingston.gov.uk") is None


def test_one_domain_is_limited_across_addresses():
    limit = services.Limit("domain", hits=3, seconds=60)
    results = [services.exceeded([("domain:example.org", limit)], now=1000.0) for _ in range(4)]

    assert results == [None, None, None, limit]
    assert services.exceeded([("domain:example.org", limit)], now=1060.0) is None  # a new window


def test_old_counters_are_purged():
    limit = services.Limit("burst", hits=5, seconds=60)
    services.exceeded([("a", limit)], now=1000.0)
    services.exceeded([("a", limit)], now=200_000.0)

    assert services.purge_counters(now=200_000.0) == 1
    assert RateCounter.objects.count() == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1", "10.0.0.1"),  # no proxies: the header could be typed by anyone
        (1, "1.2.3.4", "10.0.0.1", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "10.0.0.1", "1.2.3.4"),  # the client's own entry is ignored
        (2, "1.2.3.4, 10.0.0.2", "10.0.0.1", "1.2.3.4"),
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (2, "1.2.3.4", "10.0.0.1", "10.0.0.1"),  # fewer entries than proxies: not through them
    ],
)
def test_the_address_is_read_through_our_own_proxies_only(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)

    assert services.client_ip(request) == expected


def test_a_proxy_that_is_not_declared_is_reported_once(settings, caplog, monkeypatch):
    monkeypatch.setattr(services, "_warned_about_proxies", False)
    settings.TRUSTED_PROXY_COUNT = 0
    proxied = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1")
    direct = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="81.2.69.160")

    assert services.client_ip(direct) == "81.2.69.160"  # a visitor's own header, not a proxy's
    assert caplog.records == []
    assert services.client_ip(proxied) == services.client_ip(proxied) == "10.0.0.1"

    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "TRUSTED_PROXY_COUNT is 0" in caplog.records[0].getMessage()


def test_asking_for_a_withdraw_link_is_refused_the_same_way(client):
    EmailDomainRule.objects.create(domain="spam.example", reason="Throwaway addresses")

    response = client.post(reverse("pledges:withdraw-link"), {"email": "jo@spam.example"})

    assert response.status_code == 403
    assert "We cannot take a pledge" in response.content.decode()
    assert 'value="jo@spam.example"' in response.content.decode()


ON_THE_HOUR = 1_796_000_400.0 + 5  # hh:00:05, when the minute and hour windows start together


def test_pledges_in_the_first_minute_of_an_hour_are_taken(client, monkeypatch):
    monkeypatch.setattr(services, "clock", lambda: ON_THE_HOUR)

    responses = [pledge(client, f"person{index}@example.org") for index in range(3)]

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert Pledge.objects.count() == 3


def test_limits_that_start_together_count_separately():
    minute = services.Limit("burst", hits=2, seconds=60)
    hour = services.Limit("sustained", hits=3, seconds=60 * 60)
    checks = [("ip:one", minute), ("ip:one", hour)]

    at_the_hour = [services.exceeded(checks, now=ON_THE_HOUR) for _ in range(3)]
    next_minute = [services.exceeded(checks, now=ON_THE_HOUR + 60) for _ in range(2)]

    assert at_the_hour == [None, None, minute]
    assert next_minute == [hour, hour]  # a new minute, but the same hour


def test_one_limit_named_twice_counts_twice():
    limit = services.Limit("burst", hits=3, seconds=60)

    assert services.exceeded([("ip:one", limit), ("ip:one", limit)], now=1000.0) is None
    assert services.exceeded([("ip:one", limit), ("ip:one", limit)], now=1000.0) == limit
