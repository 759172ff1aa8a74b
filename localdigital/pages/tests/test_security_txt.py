from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings


def fields(response) -> list[tuple[str, str]]:
    lines = response.content.decode().splitlines()
    return [tuple(line.split(": ", 1)) for line in lines]


def test_security_txt_follows_rfc_9116(client, settings):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = dict(fields(response))
    assert found["Contact"] == f"mailto:{settings.CONTACT_EMAIL}"
    assert found["Preferred-Languages"] == "en, cy"
    assert found["Canonical"] == f"{settings.SITE_URL}/.well-known/security.txt"
    expires = datetime.strptime(found["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # Unset, it is never stale and never more than a year ahead (RFC 9116 section 2.5.5).
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)
    assert "Policy" not in found


@override_settings(
    SECURITY_CONTACTS=["mailto:security@localdigital.example", "https://localdigital.example/report"],
    SECURITY_TXT_EXPIRES="2027-03-31",
    SECURITY_POLICY_URL="https://localdigital.example/disclosure",
)
def test_security_txt_says_what_settings_give(client):
    response = client.get("/.well-known/security.txt")

    assert fields(response)[:2] == [
        ("Contact", "mailto:security@localdigital.example"),
        ("Contact", "https://localdigital.example/report"),
    ]
    found = dict(fields(response))
    assert found["Expires"] == "2027-03-31T23:59:59Z"
    assert found["Policy"] == "https://localdigital.example/disclosure"


@override_settings(SECURITY_TXT_EXPIRES="2027-03-31T12:00:00+01:00")
def test_an_expiry_time_is_given_in_utc(client):
    assert dict(fields(client.get("/.well-known/security.txt")))["Expires"] == "2027-03-31T11:00:00Z"


@override_settings(SECURITY_TXT_EXPIRES="next spring")
def test_an_expiry_that_is_not_a_date_is_a_configuration_error(client):
    with pytest.raises(ImproperlyConfigured):
        client.get("/.well-known/security.txt")
