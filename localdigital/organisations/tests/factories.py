import factory

from localdigital.organisations.models import (
    Nation,
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testshire {n}")
    official_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    type = OrganisationType.DISTRICT
    nation = Nation.ENGLAND
    region = Region.SOUTH_EAST
    gss_code = factory.Sequence(lambda n: f"E07{n:06d}")
    register_code = factory.Sequence(lambda n: f"T{n:03d}")


class OrganisationDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationDomain

    organisation = factory.SubFactory(OrganisationFactory)
    domain = factory.Sequence(lambda n: f"testshire{n}.gov.uk")
