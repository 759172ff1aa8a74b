from datetime import timedelta

import factory
from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.organisations.tests.factories import OrganisationDomainFactory, OrganisationFactory
from localdigital.signing.models import Approver, Commitment, Signing


class CouncilFactory(OrganisationFactory):
    """A council with one email domain, so that people at it are members."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def domain(self, create, extracted, **kwargs):
        if create:
            OrganisationDomainFactory(organisation=self, domain=extracted or f"{self.slug}.gov.uk")


def member_of(organisation, name: str = "officer") -> User:
    domain = organisation.domains.first().domain
    return User.objects.create_user(f"{name}@{domain}")


class SigningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signing

    organisation = factory.SubFactory(CouncilFactory)
    started_by = factory.LazyAttribute(
        lambda o: member_of(o.organisation, f"starter{Signing.objects.count()}")
    )


class ApproverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approver

    signing = factory.SubFactory(SigningFactory)
    role = Approver.Role.HEAD_OF_PAID_SERVICE
    name = "Alex Chief"
    job_title = "Chief Executive"
    email = factory.LazyAttribute(lambda o: f"chief@{o.signing.organisation.domains.first().domain}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    signing = factory.SubFactory(SigningFactory)
    organisation = factory.LazyAttribute(lambda o: o.signing.organisation)
    title = "Report missed bin collections online"
    mission = "A live service for reporting missed collections"
    impact = "Residents get their bins emptied sooner"
    principles = [1, 2]
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    created_by = factory.LazyAttribute(lambda o: o.signing.started_by)
