"""The register's records: the catalogue of standards, what the public may see of a system, and the rules
the database keeps."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from localdigital.accounts.models import User
from localdigital.organisations.tests.factories import OrganisationDomainFactory
from localdigital.plumbing.catalogue import STANDARDS
from localdigital.plumbing.models import Standard, SystemLink, Visibility
from localdigital.plumbing.services import load_standards
from localdigital.plumbing.tests.factories import StandardFactory, SystemFactory
from localdigital.service_list.models import Service

pytestmark = pytest.mark.django_db


def test_the_catalogue_loads_once_and_keeps_what_staff_changed():
    Service.objects.create(code=524, label="Household waste collection")

    assert load_standards() == len(STANDARDS)
    waste = Standard.objects.get(slug="local-waste-service-standards")
    waste.summary = "Changed by staff"
    waste.save()

    assert load_standards() == 0
    waste.refresh_from_db()
    assert waste.summary == "Changed by staff"
    assert list(waste.services.values_list("code", flat=True)) == [524]
    assert all(standard.name_cy and standard.summary_cy for standard in Standard.objects.all())


def test_a_value_band_kept_to_members_is_shown_only_to_a_member_of_a_public_body():
    system = SystemFactory(value_band="under-100k", value_band_visibility=Visibility.MEMBERS)
    domain = OrganisationDomainFactory()
    member = User.objects.create_user(f"officer@{domain.domain}")
    stranger = User.objects.create_user("someone@example.com")

    assert system.may_see("product", AnonymousUser())
    assert not system.may_see("value_band", AnonymousUser())
    assert not system.may_see("value_band", stranger)
    assert system.may_see("value_band", member)

    system.value_band_visibility = Visibility.PUBLIC
    assert system.may_see("value_band", AnonymousUser())


def test_a_contract_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SystemFactory(contract_start=date(2026, 4, 1), contract_end=date(2025, 3, 31))


def test_a_link_is_from_one_thing_to_one_thing():
    system = SystemFactory()
    user = User.objects.create_user("officer@example.gov.uk")
    with pytest.raises(IntegrityError), transaction.atomic():
        SystemLink.objects.create(system=system, standard=StandardFactory(), created_by=user)
