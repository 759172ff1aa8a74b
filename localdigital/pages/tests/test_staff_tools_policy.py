"""The staff tools (Django's admin) may use inline styles, which its markup is full of; nothing else may,
and scripts keep their nonce everywhere."""

import pytest

from localdigital.accounts.models import User

pytestmark = pytest.mark.django_db


def directive(response, name: str) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith(name + " "))


def test_the_staff_tools_allow_inline_styles_but_not_inline_scripts(client):
    client.force_login(User.objects.create_superuser("team@localdigital.example", "a long test password"))
    response = client.get("/staff/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in directive(response, "style-src")
    assert "'unsafe-inline'" not in directive(response, "script-src")


def test_public_pages_allow_no_inline_styles(client):
    response = client.get("/")
    assert "'unsafe-inline'" not in directive(response, "style-src")
