import factory
from django.utils import timezone

from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.plumbing.models import Product, Standard, Supplier, System


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Bincorp {n} Ltd")
    slug = factory.Sequence(lambda n: f"bincorp-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"WasteWorks {n}")
    slug = factory.Sequence(lambda n: f"wasteworks-{n}")
    supplier = factory.SubFactory(SupplierFactory)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    slug = factory.Sequence(lambda n: f"standard-{n}")
    name = factory.Sequence(lambda n: f"Standard {n}")
    summary = "A standard for tests."
    url = "https://standards.example/"


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    product = factory.SubFactory(ProductFactory)
    hosting = System.Hosting.SUPPLIER
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            self.services.set(extracted)
