import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.demo.services import load_demo_data
from localdigital.fund.models import Application
from localdigital.organisations.models import Organisation
from localdigital.pledges import services as pledge_services
from localdigital.pledges.models import Pledge
from localdigital.projects.models import ProjectPartner
from localdigital.signing.models import Signing

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
