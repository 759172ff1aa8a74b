"""The projects register offers to register a project only to people who can; anyone signed in for no
organisation is shown how to ask to act for one instead of a link to a page that refuses them."""

import pytest
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.projects.tests.test_projects import kingston, owner  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

REGISTER = reverse("projects:new")
ASK = reverse("organisations:request-access")


def test_members_and_people_signed_out_are_offered_to_register(client, owner):  # noqa: F811
    assert REGISTER in client.get(reverse("projects:list")).content.decode()
    client.force_login(owner)
    assert REGISTER in client.get(reverse("projects:list")).content.decode()


def test_someone_signed_in_for_no_organisation_is_shown_how_to_ask_for_one(client):
    client.force_login(User.objects.create_user("someone@example.com"))
    html = client.get(reverse("projects:list")).content.decode()
    assert REGISTER not in html
    assert ASK in html
