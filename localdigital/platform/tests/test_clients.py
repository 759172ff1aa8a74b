"""The address of the person, read through our own proxies only."""

import pytest
from django.test import RequestFactory

from localdigital.platform import clients


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

    assert clients.client_ip(request) == expected


def test_a_proxy_that_is_not_declared_is_reported_once(settings, caplog, monkeypatch):
    monkeypatch.setattr(clients, "_warned_about_proxies", False)
    settings.TRUSTED_PROXY_COUNT = 0
    proxied = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1")
    direct = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="81.2.69.160")

    assert clients.client_ip(direct) == "81.2.69.160"  # a visitor's own header, not a proxy's
    assert caplog.records == []
    assert clients.client_ip(proxied) == clients.client_ip(proxied) == "10.0.0.1"

    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "TRUSTED_PROXY_COUNT is 0" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_sign_in_and_pledges_count_the_address_behind_the_proxy(client, settings):
    """Both limits read the address the same way: one proxy's address is not everyone's."""
    from localdigital.platform.models import RateCounter
    from localdigital.platform.ratelimit import address_key

    settings.TRUSTED_PROXY_COUNT = 1
    client.post("/pledge/", {"name": "Jo", "email": "jo@example.org"}, HTTP_X_FORWARDED_FOR="81.2.69.160")
    client.post("/sign-in/", {"email": "jo@kingston.gov.uk"}, HTTP_X_FORWARDED_FOR="81.2.69.161")

    keys = set(RateCounter.objects.values_list("key", flat=True))
    assert f"address-burst:{address_key('81.2.69.160')}" in keys
    assert f"sign-in-source:{address_key('81.2.69.161')}" in keys
