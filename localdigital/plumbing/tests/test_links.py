import pytest

from localdigital.audit.models import AuditEvent
from localdigital.plumbing.models import System, SystemLink
from localdigital.plumbing.tests.factories import ProductFactory, StandardFactory, SystemFactory
from localdigital.projects import services as project_services
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import CommitmentFactory, CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def project(kingston):
    owner = member_of(kingston, "owner")
    return project_services.create(
        kingston, owner,
        {"title": "New bin rounds", "problem": "Rounds", "phase": "alpha", "collaboration": "share-ideas",
         "contact_name": "Pat", "contact_email": owner.email},
    )  # fmt: skip


@pytest.fixture
def commitment(kingston):
    commitment = CommitmentFactory(signing__organisation=kingston, principles=[2])
    Signing.objects.filter(pk=commitment.signing_id).update(status=Signing.Status.SIGNED)
    return commitment


def test_a_project_names_the_system_it_replaces_and_the_standard_it_adopts(client, kingston, project):
    system = SystemFactory(organisation=kingston, product=ProductFactory(name="BinRound"))
    SystemFactory(product=ProductFactory(name="Elsewhere's system"))  # another organisation's
    standard = StandardFactory(name="Local Waste Service Standards")
    client.force_login(member_of(kingston))
    url = f"/systems/link/project/{project.pk}/"

    page = client.get(url).content.decode()
    assert "BinRound" in page and "Elsewhere&#39;s system" not in page
    empty = client.post(url, {"system": "", "standard": ""})
    assert empty.status_code == 400
    assert "Choose a system it replaces or a standard it adopts" in empty.content.decode()
    client.post(url, {"system": system.pk, "standard": standard.pk})

    assert {(link.system, link.standard) for link in SystemLink.objects.all()} == {
        (system, None),
        (None, standard),
    }
    assert AuditEvent.objects.filter(action="system link added").count() == 2
    shown = client.get(project.get_absolute_url()).content.decode()
    assert "Replaces BinRound" in shown and "Adopts Local Waste Service Standards" in shown
    assert f"/systems/link/project/{project.pk}/" in shown

    link = SystemLink.objects.get(system=system)
    client.post(f"/systems/link/{link.pk}/remove/")
    assert not SystemLink.objects.filter(system=system).exists()
    assert AuditEvent.objects.filter(action="system link removed").count() == 1


def test_another_organisation_s_system_cannot_be_named(client, kingston, project):
    theirs = SystemFactory()
    client.force_login(member_of(kingston))
    response = client.post(f"/systems/link/project/{project.pk}/", {"system": theirs.pk})
    assert response.status_code == 400
    assert not SystemLink.objects.exists()


def test_only_the_lead_s_members_name_them(client, project):
    client.force_login(member_of(CouncilFactory(name="Sutton")))
    standard = StandardFactory()
    assert client.get(f"/systems/link/project/{project.pk}/").status_code == 403
    assert client.post(f"/systems/link/project/{project.pk}/", {"standard": standard.pk}).status_code == 403
    assert "/systems/link/project/" not in client.get(project.get_absolute_url()).content.decode()
    assert not SystemLink.objects.exists()


def test_a_commitment_to_fix_the_plumbing_names_a_standard(client, kingston, commitment):
    standard = StandardFactory(name="Open Referral UK")
    client.force_login(member_of(kingston))
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert f"/systems/link/commitment/{commitment.pk}/" in page

    client.post(f"/systems/link/commitment/{commitment.pk}/", {"standard": standard.pk})

    assert SystemLink.objects.get().commitment == commitment
    client.logout()
    assert "Adopts Open Referral UK" in client.get(commitment.get_absolute_url()).content.decode()


def test_a_commitment_to_another_principle_names_none(client, kingston, commitment):
    commitment.principles = [1]
    commitment.save()
    client.force_login(member_of(kingston))
    assert client.get(f"/systems/link/commitment/{commitment.pk}/").status_code == 404
    assert "/systems/link/commitment/" not in client.get(commitment.get_absolute_url()).content.decode()


def test_a_retired_system_is_not_offered(client, kingston, project):
    SystemFactory(organisation=kingston, product=ProductFactory(name="Old thing"), state=System.State.RETIRED)
    client.force_login(member_of(kingston))
    assert "Old thing" not in client.get(f"/systems/link/project/{project.pk}/").content.decode()
