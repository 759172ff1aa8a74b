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
    # E079…: no real district's code (E07000001 to E07000250) is ever made by the sequence, so a
    # test that names a real code beside factory-made bodies cannot collide with one.
    gss_code = factory.Sequence(lambda n: f"E079{n:05d}")
    register_code = factory.Sequence(lambda n: f"T{n:03d}")


class OrganisationDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationDomain

    organisation = factory.SubFactory(OrganisationFactory)
    domain = factory.Sequence(lambda n: f"testshire{n}.gov.uk")
