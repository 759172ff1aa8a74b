"""Members of a buyer confirm or reject the records proposed from contract notices."""

import pytest
from django.urls import reverse

from localdigital.audit.models import AuditEvent
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory
from localdigital.plumbing import ocds_import
from localdigital.plumbing.models import System
from localdigital.plumbing.tests.factories import ProductFactory, SupplierFactory, SystemFactory

pytestmark = pytest.mark.django_db

PROPOSED = reverse("plumbing:proposed")


@pytest.fixture
def northfield():
    body = OrganisationFactory(name="Northfield")
    OrganisationDomainFactory(organisation=body, domain="northfield.gov.uk")
    return body


@pytest.fixture
def proposed(northfield):
    product = ProductFactory(name="RoundRunner", supplier=SupplierFactory(name="Bincorp Systems Ltd"))
    return SystemFactory(
        organisation=northfield,
        product=product,
        state=System.State.PROPOSED,
        confirmed_at=None,
        ocid="ocds-b5fd17-0001",
        release_id="ocds-b5fd17-0001-award",
    )


@pytest.fixture
def member(client, django_user_model):
    person = django_user_model.objects.create_user("officer@northfield.gov.uk")
    client.force_login(person)
    return person


def answer(client, system, value: str):
    return client.post(reverse("plumbing:answer-proposed", args=[system.pk]), {"answer": value})


def test_a_member_sees_their_organisations_proposed_records_only(client, member, proposed):
    elsewhere = SystemFactory(state=System.State.PROPOSED, product=ProductFactory(name="Elsewhere CRM"))
    published = SystemFactory(organisation=proposed.organisation, product=ProductFactory(name="Old system"))

    page = client.get(PROPOSED)

    assert "RoundRunner at Northfield" in page.text
    assert "Bincorp Systems Ltd" in page.text
    assert "ocds-b5fd17-0001" in page.text
    assert elsewhere.product.name not in page.text
    assert published.product.name not in page.text


def test_confirming_publishes_the_record_and_is_audited(client, member, proposed):
    response = answer(client, proposed, "confirm")

    assert response["Location"] == PROPOSED
    proposed.refresh_from_db()
    assert proposed.state == System.State.PUBLISHED
    assert proposed.confirmed_by == member
    assert proposed.confirmed_at is not None
    event = AuditEvent.objects.get(action=ocds_import.CONFIRMED)
    assert (event.actor, event.object_id) == (member, str(proposed.pk))
    assert (event.before["state"], event.after["state"]) == ("proposed", "published")
    assert "RoundRunner at Northfield is confirmed and published" in client.get(PROPOSED).text


def test_rejecting_removes_the_record_and_is_audited(client, member, proposed):
    pk = proposed.pk

    answer(client, proposed, "reject")

    assert not System.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action=ocds_import.REJECTED)
    assert (event.actor, event.object_id, event.after["ocid"]) == (member, str(pk), "ocds-b5fd17-0001")
    assert event.before["product_id"] == proposed.product_id


def test_someone_not_a_member_cannot_confirm_or_reject(client, django_user_model, proposed):
    client.force_login(django_user_model.objects.create_user("officer@elsewhere.gov.uk"))

    assert answer(client, proposed, "confirm").status_code == 403
    assert answer(client, proposed, "reject").status_code == 403
    assert "RoundRunner" not in client.get(PROPOSED).text
    proposed.refresh_from_db()
    assert proposed.state == System.State.PROPOSED
    assert not AuditEvent.objects.filter(action__in=[ocds_import.CONFIRMED, ocds_import.REJECTED]).exists()


def test_a_published_record_cannot_be_confirmed_again(client, member, proposed):
    answer(client, proposed, "confirm")

    assert answer(client, proposed, "reject").status_code == 403
    assert System.objects.filter(pk=proposed.pk, state=System.State.PUBLISHED).exists()


def test_a_signed_out_person_is_sent_to_sign_in(client, proposed):
    assert client.get(PROPOSED).status_code == 302
    assert answer(client, proposed, "confirm").status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == System.State.PROPOSED


def test_names_from_a_notice_are_shown_as_text(client, member, northfield):
    hostile = "<script>alert('owned')</script> Systems"
    SystemFactory(
        organisation=northfield,
        product=ProductFactory(name=hostile, supplier=SupplierFactory(name="<b>Bold</b> Ltd")),
        state=System.State.PROPOSED,
        notes=f"From the contract notice x: {hostile}",
    )

    page = client.get(PROPOSED).text

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; Systems" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; Ltd" in page


def test_someone_who_acts_for_no_organisation_is_told_why_the_list_is_empty(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone@gmail.example"))

    assert "cannot act for one yet" in client.get(PROPOSED).text
