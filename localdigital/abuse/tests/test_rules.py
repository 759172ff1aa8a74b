"""The block and allow lists staff keep (the pledges they refuse: tests/test_pledge_abuse.py)."""

import pytest

from localdigital.abuse import services

pytestmark = pytest.mark.django_db


def test_large_providers_are_allowed_past_the_domain_limit():
    assert services.rules().domain("gmail.com") == "allow"
    assert services.rules().domain("kingston.gov.uk") is None
