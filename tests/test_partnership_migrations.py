"""The migrations to the shared partnership shape keep every partner and map its old status."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Organisations as they were then too: a body's later columns (its Welsh name) are not in these states'
# models, so the table must not have them either while the test makes bodies.
BEFORE = [
    ("organisations", "0004_domain_in_use_hint"),
    ("signing", "0004_approver_changes_reviewed"),
    ("fund", "0004_bid_contact_name"),
    ("projects", "0002_similarity_vectors"),
]
AFTER = [
    ("organisations", "0004_domain_in_use_hint"),
    ("signing", "0005_partnership_shape"),
    ("fund", "0005_partnership_shape"),
    ("projects", "0003_partnership_shape"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_statuses_become_the_shared_ones_and_back():
    apps = migrate(BEFORE)
    try:
        Organisation = apps.get_model("organisations", "Organisation")
        User = apps.get_model("accounts", "User")
        now = timezone.now()
        kingston = Organisation.objects.create(name="Kingston", slug="kingston", type="london", nation="E")
        sutton = Organisation.objects.create(name="Sutton", slug="sutton", type="london", nation="E")
        merton = Organisation.objects.create(name="Merton", slug="merton", type="london", nation="E")
        someone = User.objects.create(email="someone@sutton.gov.uk")

        signing = apps.get_model("signing", "Signing").objects.create(
            organisation=kingston, started_by=someone
        )
        commitment = apps.get_model("signing", "Commitment").objects.create(
            organisation=kingston,
            signing=signing,
            title="t",
            mission="m",
            impact="i",
            due_date=date.today() + timedelta(days=30),
            created_by=someone,
        )
        CommitmentPartner = apps.get_model("signing", "CommitmentPartner")
        CommitmentPartner.objects.create(
            commitment=commitment, organisation=sutton, confirmed_at=now, confirmed_by=someone
        )
        CommitmentPartner.objects.create(commitment=commitment, organisation=merton)

        round_ = apps.get_model("fund", "Round").objects.create(
            name="Round", slug="round", prospectus="p", opens_at=now, closes_at=now + timedelta(days=9)
        )
        bid = apps.get_model("fund", "Application").objects.create(
            round=round_, lead=kingston, created_by=someone, title="b", reference="LDF-0001"
        )
        ApplicationPartner = apps.get_model("fund", "ApplicationPartner")
        for organisation, status in ((sutton, "confirmed"), (merton, "named")):
            ApplicationPartner.objects.create(
                application=bid, organisation=organisation, status=status, confirmed_by=someone
            )

        project = apps.get_model("projects", "Project").objects.create(
            title="p",
            problem="p",
            collaboration="share-ideas",
            lead=kingston,
            owner=someone,
            contact_name="c",
            contact_email="c@kingston.gov.uk",
        )
        ProjectPartner = apps.get_model("projects", "ProjectPartner")
        wales = Organisation.objects.create(name="Wales", slug="wales", type="london", nation="W")
        for organisation, status in ((sutton, "named"), (merton, "asked-to-join"), (wales, "declined")):
            ProjectPartner.objects.create(
                project=project, organisation=organisation, status=status, requested_by=someone
            )

        apps = migrate(AFTER)

        def statuses(label, model):
            rows = apps.get_model(label, model).objects.order_by("organisation__slug")
            return {row.organisation.slug: (row.status, row.decided_by_id) for row in rows}

        assert statuses("signing", "CommitmentPartner") == {
            "sutton": ("confirmed", someone.pk),
            "merton": ("invited", None),
        }
        assert (
            apps.get_model("signing", "CommitmentPartner").objects.get(status="confirmed").decided_at == now
        )
        assert statuses("fund", "ApplicationPartner") == {
            "sutton": ("confirmed", someone.pk),
            "merton": ("invited", someone.pk),
        }
        assert statuses("projects", "ProjectPartner") == {
            "sutton": ("invited", None),
            "merton": ("asked", None),
            "wales": ("declined", None),
        }

        # And back again, for a rollback.
        declined = apps.get_model("signing", "CommitmentPartner").objects.get(organisation__slug="merton")
        declined.status, declined.decided_at = "declined", now
        declined.save()
        apps = migrate(BEFORE)
        old = apps.get_model("signing", "CommitmentPartner").objects.order_by("organisation__slug")
        assert [(p.organisation.slug, p.confirmed_at is not None) for p in old] == [
            ("merton", False),
            ("sutton", True),
        ]
        assert sorted(
            apps.get_model("fund", "ApplicationPartner").objects.values_list("status", flat=True)
        ) == [
            "confirmed",
            "named",
        ]
        assert sorted(
            apps.get_model("projects", "ProjectPartner").objects.values_list("status", flat=True)
        ) == [
            "asked-to-join",
            "declined",
            "named",
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
