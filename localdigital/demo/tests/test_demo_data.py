import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from localdigital.declaration.models import DeclarationVersion
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.demo.services import load_demo_data
from localdigital.fund.models import Application
from localdigital.organisations.models import Organisation
from localdigital.pledges import services as pledge_services
from localdigital.pledges.models import Pledge
from localdigital.plumbing import together
from localdigital.plumbing.models import Adoption, Product, Supplier, System
from localdigital.projects.models import Project, ProjectPartner
from localdigital.signing.models import Commitment, Signing

pytestmark = pytest.mark.django_db


def test_demo_content_is_marked_as_demo_and_loads_once():
    DeclarationVersionFactory()
    first = load_demo_data()
    second = load_demo_data()

    demo = Organisation.objects.filter(is_demo=True)
    assert first.organisations_created == demo.count() > 0
    assert first.signatories_created == demo.count()
    assert first.projects_created >= demo.count()
    # One partner confirmed on a shared project, and one on the project made from the funded bid.
    assert ProjectPartner.objects.filter(status="confirmed", project__lead__is_demo=True).count() == 2
    assert (second.organisations_created, second.signatories_created, second.projects_created) == (0, 0, 0)
    assert (first.pledges_created, second.pledges_created) == (12, 0)
    assert (first.rounds_created, second.rounds_created) == (2, 0)
    assert Application.objects.get(status="funded").project.partners.filter(status="confirmed").count() == 1
    assert pledge_services.counts().total == Pledge.objects.filter(status="confirmed").count() == 12
    assert not demo.councils().exists()
    assert Signing.objects.filter(organisation__in=demo, status="signed").count() == demo.count()
    assert all("(demo)" in org.name for org in demo)
    assert all(domain.endswith(".example") for domain in demo.values_list("domains__domain", flat=True))


@override_settings(DEBUG=False)
def test_demo_content_is_never_loaded_with_debug_off():
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_data")
    assert not Organisation.objects.filter(is_demo=True).exists()


def test_demo_content_is_filed_under_services_that_fit_it(real_data_dir):
    call_command("import_services", "--data-dir", str(real_data_dir), stdout=io.StringIO())
    DeclarationVersionFactory()
    load_demo_data()

    filed = {
        **dict(Commitment.objects.filter(organisation__is_demo=True).values_list("title", "service__label")),
        **dict(Project.objects.filter(lead__is_demo=True).values_list("title", "service__label")),
    }
    assert filed == {
        "Book a home fire safety visit online": "Community fire safety",
        "Online booking for home fire safety visits": "Community fire safety",
        "Publish a shared data standard for missed bin reports": "Household waste collection",
        "Shared data standard for missed bin reports": "Household waste collection",
        "Shared booking for bulky waste collections (demo)": "Bulky household waste collections",
        "Choosing our next waste collection system with our neighbours": "Household waste collection",
        "Replace our waste collection software with open, modular parts": "Household waste collection",
    }


def test_demo_commitments_serve_principles_that_fit_them():
    version = DeclarationVersion.objects.current()  # the Declaration as published
    load_demo_data()

    titles = dict(version.principles.values_list("position", "title"))
    served = {
        commitment.title: {titles[number] for number in commitment.principles}
        for commitment in Commitment.objects.filter(organisation__is_demo=True)
    }
    assert served == {
        "Book a home fire safety visit online": {"Design services around the people who use them"},
        "Publish a shared data standard for missed bin reports": {"Fix the plumbing", "Work in the open"},
        "Replace our waste collection software with open, modular parts": {"Fix the plumbing"},
    }


def test_the_demo_shows_councils_whose_waste_contracts_end_together(real_data_dir, client):
    call_command("import_organisations", "--data-dir", str(real_data_dir), stdout=io.StringIO())
    call_command("import_services", "--data-dir", str(real_data_dir), stdout=io.StringIO())
    DeclarationVersionFactory()
    first = load_demo_data()
    second = load_demo_data()

    assert (first.systems_created, second.systems_created) == (15, 0)
    assert all("(demo)" in name for name in Product.objects.values_list("name", flat=True))
    assert all("(demo)" in name for name in Supplier.objects.values_list("name", flat=True))
    mine = System.objects.get(organisation__slug="demo-westmere-waste-partnership")
    [moment] = together.contracts_ending(mine)
    assert moment.sentence() == (
        "11 organisations' contracts for Household waste collection end between April 2027 and March 2028."
    )
    assert len(together.same_product(mine).organisations) == 5
    page = client.get(f"/systems/{mine.pk}/together/").content.decode()
    assert "11 organisations&#39; contracts for Household waste collection" in page
    # The demo partnership's project names the system it replaces and the standard it adopts.
    project = Project.objects.get(lead=mine.organisation)
    assert {(link.system, link.standard and link.standard.slug) for link in project.plumbing_links.all()} == {
        (mine, None),
        (None, "local-waste-service-standards"),
    }
    stages = dict(
        Adoption.objects.filter(standard__slug="local-waste-service-standards").values_list(
            "organisation__slug", "stage"
        )
    )
    assert stages == {
        "demo-westmere-waste-partnership": "live",
        "demo-council-digital-network": "in-progress",
    }
    # No record of a real council has a keeper, so no one there is ever emailed of a match.
    assert not System.objects.filter(organisation__is_demo=False).exclude(created_by=None).exists()
