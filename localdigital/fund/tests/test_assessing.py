"""The assessor's pages (conflicts, then scores) and the programme team's moderation and decisions."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.fund import services
from localdigital.fund.models import Assignment, Score
from localdigital.fund.tests.factories import ApplicationFactory, close_round, partner
from localdigital.projects.models import Project
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    application = ApplicationFactory()
    partner(application)
    return services.submit(application, actor=application.created_by)


@pytest.fixture
def assessor():
    return User.objects.create_user("assessor@panel.example", full_name="Alex Assessor")


@pytest.fixture
def staff():
    return User.objects.create_user("team@localdigital.example", is_staff=True)


def marks(application, score: int = 4) -> dict:
    data = {}
    for criterion in application.round.criteria.all():
        data[f"score_{criterion.pk}"] = str(score)
        data[f"comment_{criterion.pk}"] = f"Evidence for {criterion.name}"
    return data


class TestAssessor:
    def test_declares_no_conflict_then_scores_every_criterion(self, client, submitted, assessor):
        assignment = Assignment.objects.create(application=submitted, assessor=assessor)
        client.force_login(assessor)
        page = client.get(reverse("fund:assess", args=[assignment.pk])).content.decode()
        assert "Do you have a conflict of interest with this bid?" in page and "Your scores" not in page

        client.post(reverse("fund:assess", args=[assignment.pk]), {"conflict": "no"})
        page = client.get(reverse("fund:assess", args=[assignment.pk])).content.decode()
        assert "Your scores" in page
        response = client.post(reverse("fund:assess", args=[assignment.pk]), marks(submitted))

        assert response.url == reverse("fund:assessments")
        assert sorted(Score.objects.values_list("score", flat=True)) == [4, 4, 4]
        assert AuditEvent.objects.filter(action="assessor declared no conflict").exists()
        assert "Scored" in client.get(reverse("fund:assessments")).content.decode()

    def test_a_missing_score_or_comment_is_explained_and_the_rest_kept(self, client, submitted, assessor):
        assignment = Assignment.objects.create(application=submitted, assessor=assessor)
        client.force_login(assessor)
        client.post(reverse("fund:assess", args=[assignment.pk]), {"conflict": "no"})
        data = marks(submitted)
        first = submitted.round.criteria.first()
        data[f"comment_{first.pk}"] = ""

        response = client.post(reverse("fund:assess", args=[assignment.pk]), data)

        page = response.content.decode()
        assert f"Say why you gave this score for {first.name.lower()}" in page
        assert "Evidence for Deliverability" in page
        assert not Score.objects.exists()

    def test_a_declared_conflict_means_no_scoring(self, client, submitted, assessor):
        assignment = Assignment.objects.create(application=submitted, assessor=assessor)
        client.force_login(assessor)

        missing = client.post(
            reverse("fund:assess", args=[assignment.pk]), {"conflict": "yes", "details": ""}
        )
        assert "Describe the conflict of interest" in missing.content.decode()
        client.post(
            reverse("fund:assess", args=[assignment.pk]), {"conflict": "yes", "details": "I advised the lead"}
        )

        page = client.get(reverse("fund:assess", args=[assignment.pk])).content.decode()
        assert "You cannot score this bid. You declared a conflict of interest." in page
        refused = client.post(reverse("fund:assess", args=[assignment.pk]), marks(submitted))
        assert refused.status_code == 403 and not Score.objects.exists()

    def test_someone_from_a_bidding_organisation_is_never_asked_to_score(self, client, submitted):
        insider = member_of(submitted.partners.get().organisation, "insider")
        assignment = Assignment.objects.create(application=submitted, assessor=insider)
        client.force_login(insider)

        page = client.get(reverse("fund:assess", args=[assignment.pk])).content.decode()

        assert "You work for an organisation in the bid." in page
        assert "Do you have a conflict" not in page and "Your scores" not in page

    def test_only_the_assigned_assessor_sees_the_assignment(self, client, submitted, assessor):
        assignment = Assignment.objects.create(application=submitted, assessor=assessor)
        client.force_login(User.objects.create_user("other@panel.example"))

        assert client.get(reverse("fund:assess", args=[assignment.pk])).status_code == 404


class TestProgrammeTeam:
    def test_moderation_ranks_bids_and_flags_assessors_who_differ(self, client, submitted, staff):
        for number, score in ((1, 5), (2, 2)):
            assessor = User.objects.create_user(f"assessor{number}@panel.example")
            assignment = Assignment.objects.create(application=submitted, assessor=assessor)
            client.force_login(assessor)
            client.post(reverse("fund:assess", args=[assignment.pk]), {"conflict": "no"})
            client.post(reverse("fund:assess", args=[assignment.pk]), marks(submitted, score))
        client.force_login(staff)

        page = client.get(reverse("fund:moderation", args=[submitted.round.slug])).content.decode()

        assert "100.0, 40.0" in page  # each assessor's weighted percentage
        assert "70.0" in page and "60.0" in page and "Discuss" in page

    def test_moderation_reads_a_fixed_number_of_queries(
        self, client, submitted, staff, assessor, django_assert_max_num_queries
    ):
        Assignment.objects.create(application=submitted, assessor=assessor)
        client.force_login(staff)
        url = reverse("fund:moderation", args=[submitted.round.slug])
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for _ in range(3):
            extra = ApplicationFactory(round=submitted.round)
            partner(extra)
            services.submit(extra, actor=extra.created_by)
            Assignment.objects.create(
                application=extra, assessor=User.objects.create_user(f"a{extra.pk}@panel.example")
            )

        with django_assert_max_num_queries(len(one.captured_queries)):
            assert client.get(url).status_code == 200

    def test_only_the_programme_team_moderates_and_decides(self, client, submitted, assessor):
        client.force_login(assessor)

        assert client.get(reverse("fund:moderation", args=[submitted.round.slug])).status_code == 403
        decide = reverse("fund:decide", args=[submitted.round.slug, submitted.reference])
        assert client.post(decide, {"decision": "funded", "feedback": "Yes"}).status_code == 403
        submitted.refresh_from_db()
        assert submitted.status == "submitted"

    def test_funding_a_bid_emails_feedback_and_registers_the_project(self, client, submitted, staff):
        close_round(submitted.round)
        client.force_login(staff)
        decide = reverse("fund:decide", args=[submitted.round.slug, submitted.reference])
        missing = client.post(decide, {"decision": "funded"})
        assert "Give feedback for the applicant" in missing.content.decode()
        mail.outbox.clear()

        response = client.post(decide, {"decision": "funded", "feedback": "A strong, clear plan."})

        submitted.refresh_from_db()
        assert response.url == reverse("fund:moderation", args=[submitted.round.slug])
        assert submitted.status == "funded"
        project = Project.objects.get(award=submitted)
        assert (project.lead, project.phase, project.budget) == (submitted.lead, "discovery", "50k-250k")
        project_page = client.get(project.get_absolute_url()).content.decode()
        assert "Funded by the Local Digital Fund: £60,000 for discovery in" in project_page
        assert mail.outbox[0].to == [submitted.created_by.email]
        assert "A strong, clear plan." in mail.outbox[0].body
        page = client.get(decide).content.decode()
        assert "Record the decision" not in page and "A strong, clear plan." in page
