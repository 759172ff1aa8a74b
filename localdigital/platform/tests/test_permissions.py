"""Who is programme team, admin or an assessor, and who may act for an organisation."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from localdigital.platform import permissions


def person(pk=1, *, staff=False, superuser=False, active=True):
    return SimpleNamespace(
        pk=pk, is_authenticated=True, is_active=active, is_staff=staff, is_superuser=superuser
    )


class Organisation:
    """Anything that says whether someone is one of its members."""

    def __init__(self, *members):
        self.members = set(members)
        self.asked = 0

    def has_member(self, user) -> bool:
        self.asked += 1
        return user.pk in self.members


@pytest.mark.parametrize(
    ("user", "team", "admin"),
    [
        (AnonymousUser(), False, False),
        (person(), False, False),
        (person(staff=True), True, False),
        (person(staff=True, superuser=True), True, True),
        (person(superuser=True), False, True),
        (person(staff=True, superuser=True, active=False), False, False),
    ],
)
def test_the_programme_team_and_admins(user, team, admin):
    assert permissions.is_programme_team(user) is team
    assert permissions.is_admin(user) is admin


def test_no_one_is_the_programme_team_without_being_signed_in():
    assert not permissions.is_programme_team(None)


def test_only_the_assessor_an_assignment_names_is_its_assessor():
    assignment = SimpleNamespace(assessor_id=7)

    assert permissions.is_assessor(person(7), assignment)
    assert not permissions.is_assessor(person(8), assignment)
    assert not permissions.is_assessor(AnonymousUser(), assignment)
    assert not permissions.is_assessor(person(None), SimpleNamespace(assessor_id=None))


def test_a_member_may_act_for_their_organisation_and_no_one_else_may():
    council = Organisation(1)

    assert permissions.may_act_for(person(1), council)
    assert not permissions.may_act_for(person(2), council)
    assert not permissions.may_act_for(
        person(2, staff=True, superuser=True), council
    )  # staff are not members


def test_the_organisation_is_not_asked_about_someone_not_signed_in():
    council = Organisation(1)

    assert not permissions.may_act_for(AnonymousUser(), council)
    assert not permissions.may_act_for(person(1, active=False), council)
    assert council.asked == 0


@pytest.mark.django_db
def test_a_real_organisation_answers_by_its_email_domains():
    from django.apps import apps

    organisation = apps.get_model("organisations", "Organisation").objects.create(
        name="Kingston upon Thames", slug="kingston-upon-thames", type="london-borough"
    )
    organisation.domains.create(domain="kingston.gov.uk")
    users = apps.get_model("accounts", "User").objects

    assert permissions.may_act_for(users.create(email="officer@kingston.gov.uk"), organisation)
    assert not permissions.may_act_for(
        users.create(email="officer@kingston.gov.uk.example.com"), organisation
    )
