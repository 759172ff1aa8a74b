"""Only people who have a password are offered to change it."""

import pytest

from localdigital.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "offered"),
    [
        (lambda: User.objects.create_superuser("team@localdigital.example", "a long test password"), True),
        (lambda: User.objects.create_superuser("link@localdigital.example"), False),  # unusable password
        # as made on a first sign-in by link, or by the demo data: an empty password
        (lambda: User.objects.create(email="made@ld.example", is_superuser=True, is_staff=True), False),
    ],
)
def test_the_staff_tools_offer_change_password_only_to_people_with_one(client, make, offered):
    person = make()
    client.force_login(person)

    html = client.get("/staff/").content.decode()

    assert person.has_usable_password() is offered
    assert ("Change password" in html) is offered
