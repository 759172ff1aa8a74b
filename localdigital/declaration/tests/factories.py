import factory
from django.utils import timezone

from localdigital.declaration.models import DeclarationCommitment, DeclarationVersion, Principle
from localdigital.declaration.services import next_number


class DeclarationVersionFactory(factory.django.DjangoModelFactory):
    """A version with one principle and a commitment for each audience; published unless told."""

    class Meta:
        model = DeclarationVersion
        skip_postgeneration_save = True

    # After whatever is already there, e.g. version 1 from the data migration.
    number = factory.LazyFunction(next_number)
    title = "The Local Digital Declaration"
    introduction = "We will make local services better together.\n\nSecond paragraph."
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def parts(self, create, extracted, **kwargs):
        if not create:
            return
        Principle.objects.create(
            version=self,
            position=1,
            title=f"Principle of version {self.number}",
            description="Design around users.",
        )
        DeclarationCommitment.objects.create(version=self, audience="leaders", text="Lead the change.")
        DeclarationCommitment.objects.create(version=self, audience="teams", text="Reuse before building.")
