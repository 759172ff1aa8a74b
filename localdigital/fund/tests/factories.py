from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from localdigital.fund.models import Application, ApplicationPartner, BudgetLine, Criterion, Round, RoundPhase
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import CouncilFactory, SigningFactory, member_of


def signatory(**kwargs):
    """A council that has signed the Declaration."""
    return SigningFactory(organisation=CouncilFactory(**kwargs), status=Signing.Status.SIGNED).organisation


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    prospectus = "Money for councils to work together on discovery and alpha work."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    status = Round.Status.OPEN
    minimum_organisations = 2
    maximum_bids_led = 2

    @factory.post_generation
    def caps(self, create, extracted, **kwargs):
        if create:
            for phase, cap in (extracted or {"discovery": 80_000, "alpha": 350_000}).items():
                RoundPhase.objects.create(round=self, phase=phase, cap=Decimal(cap))
            Criterion.objects.create(round=self, name="Strategic fit", weight=2, order=1)
            Criterion.objects.create(round=self, name="Deliverability", weight=1, order=2)
            Criterion.objects.create(round=self, name="Value for money", weight=1, order=3)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete discovery bid for £60,000 with its budget; add partners to make it eligible."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    lead = factory.LazyFunction(signatory)
    created_by = factory.LazyAttribute(lambda o: member_of(o.lead, f"bidder{Application.objects.count()}"))
    title = "Missed bin reports that reach the crew"
    contact_name = "Sam Applicant"
    phase = "discovery"
    amount = Decimal(60_000)
    problem = "Residents report missed bins by phone; crews never see the reports."
    users = "Residents, contact centre staff and crews."
    plan = "Eight weeks of user research with three councils."
    team = "A user researcher and a service designer from each council."
    finance_officer_name = "Pat Finance"
    finance_officer_email = factory.LazyAttribute(lambda o: f"s151@{o.lead.domains.first().domain}")
    open_licence = True
    reference = factory.Sequence(lambda n: f"LDF-{n:04d}")

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if create:
            for item, amount in extracted or [("User research", 40_000), ("Service design", 20_000)]:
                BudgetLine.objects.create(application=self, item=item, amount=Decimal(amount))


def partner(application, organisation=None, status=ApplicationPartner.Status.CONFIRMED):
    return ApplicationPartner.objects.create(
        application=application, organisation=organisation or signatory(), status=status
    )


def close_round(round_: Round) -> Round:
    """The round has closed and its bids are being assessed, so they can be decided."""
    Round.objects.filter(pk=round_.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1), status=Round.Status.ASSESSING
    )
    round_.refresh_from_db()
    return round_
