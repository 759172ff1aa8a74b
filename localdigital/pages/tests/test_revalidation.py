"""A revalidated page is the browser's cached copy: the 304 must not replace the policy it came with."""

import pytest
from django.urls import reverse

from localdigital.declaration.tests.factories import DeclarationVersionFactory

pytestmark = pytest.mark.django_db


def test_a_304_keeps_the_policy_the_cached_page_came_with(client):
    DeclarationVersionFactory()
    first = client.get(reverse("declaration:versions"))
    assert first.status_code == 200
    nonce = first["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in first.content.decode()

    again = client.get(reverse("declaration:versions"), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    # No policy of its own: the browser keeps the cached copy's, whose nonce its inline script has.
    assert "Content-Security-Policy" not in again
    assert "Content-Security-Policy-Report-Only" not in again
    assert again["ETag"] == first["ETag"]


def test_a_changed_page_still_gets_a_policy_with_a_fresh_nonce(client):
    DeclarationVersionFactory()
    first = client.get(reverse("declaration:versions"))
    second = client.get(reverse("declaration:versions"), headers={"if-none-match": '"something-else"'})

    assert second.status_code == 200
    assert "'nonce-" in second["Content-Security-Policy"]
    assert second["Content-Security-Policy"] != first["Content-Security-Policy"]
