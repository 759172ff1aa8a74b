import csv
import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.organisations import partnerships
from localdigital.projects import services
from localdigital.projects.models import Project, ProjectPartner
from localdigital.projects.tests.factories import project_data
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def kingston():
    return CouncilFactory(
        name="Kingston upon Thames",
        slug="kingston",
        gss_code="E09000021",
        region="london",
        domain="kingston.gov.uk",
    )


@pytest.fixture
def sutton():
    return CouncilFactory(
        name="Sutton", slug="sutton", gss_code="E09000029", region="london", domain="sutton.gov.uk"
    )


@pytest.fixture
def owner(kingston):
    return member_of(kingston)


@pytest.fixture
def project(kingston, owner):
    return services.create(kingston, owner, project_data())


class TestWhoMayDoWhat:
    def test_members_of_the_lead_register_and_edit(self, kingston, owner, project):
        services.change(project, member_of(kingston, "colleague"), {"phase": "beta"})

        project.refresh_from_db()
        assert project.phase == "beta"
        assert AuditEvent.objects.filter(action="project changed").exists()

    def test_others_cannot_register_for_or_edit_another_organisation(self, kingston, sutton, project):
        outsider = member_of(sutton)

        with pytest.raises(services.NotAllowed):
            services.create(kingston, outsider, project_data())
        with pytest.raises(services.NotAllowed):
            services.change(project, outsider, {"title": "Taken over"})
        with pytest.raises(services.NotAllowed):
            services.post_update(project, outsider, "Nope")


class TestUpdatesAndFollowing:
    def test_an_update_moves_last_updated_and_tells_followers(self, project, owner, sutton):
        follower = member_of(sutton)
        weekly = User.objects.create_user("weekly@sutton.gov.uk", project_emails="weekly")
        services.follow(project, follower)
        services.follow(project, weekly)
        mail.outbox.clear()

        services.post_update(project, owner, "Alpha finished; starting beta")

        assert [m.to[0] for m in mail.outbox] == [follower.email]
        assert "Alpha finished" in mail.outbox[0].body
        assert services.send_weekly_digests() == 1
        assert mail.outbox[-1].to == [weekly.email]

    def test_the_weekly_digest_reads_the_same_number_of_queries_however_many_follow(
        self, kingston, owner, sutton
    ):
        def reads(queries) -> int:  # each email sent is also recorded, one insert each
            return sum(query["sql"].startswith("SELECT") for query in queries.captured_queries)

        def follow_new_project(number: int):
            project = services.create(kingston, owner, project_data(title=f"Project {number}"))
            services.follow(
                project, User.objects.create_user(f"reader{number}@sutton.gov.uk", project_emails="weekly")
            )
            services.post_update(project, owner, f"News of project {number}")
            services.post_update(project, owner, "More news")

        follow_new_project(1)
        follow_new_project(2)
        services.follow(
            services.create(kingston, owner, project_data(title="Quiet")),
            User.objects.create_user("quiet@sutton.gov.uk", project_emails="weekly"),
        )
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as two:
            assert services.send_weekly_digests() == 2
        for number in range(3, 8):
            follow_new_project(number)

        with CaptureQueriesContext(connection) as seven:
            assert services.send_weekly_digests() == 7

        assert reads(seven) == reads(two)
        assert "More news" in mail.outbox[-1].body

    def test_unfollowing_stops_emails(self, project, owner, sutton):
        follower = member_of(sutton)
        services.follow(project, follower)
        services.unfollow(project, follower)
        mail.outbox.clear()

        services.post_update(project, owner, "News")

        assert mail.outbox == []


class TestJoining:
    def test_an_organisation_asks_and_the_lead_accepts(self, project, owner, sutton):
        requester = member_of(sutton)

        partner = services.ask_to_join(project, sutton, requester, "We have the same problem")
        assert partner.status == ProjectPartner.Status.ASKED
        assert mail.outbox[-1].to == [owner.email]
        with pytest.raises(services.NotAllowed):
            partnerships.confirm(partner, requester)
        partnerships.confirm(partner, owner)

        partner.refresh_from_db()
        assert partner.status == ProjectPartner.Status.CONFIRMED
        assert mail.outbox[-1].to == [requester.email]

    def test_the_leads_answer_goes_through_the_one_partnership_service(self, project, owner, sutton):
        requester = member_of(sutton)
        partner = services.ask_to_join(project, sutton, requester, "We have the same problem")

        assert partnerships.decline(partner, owner).status == ProjectPartner.Status.DECLINED
        assert mail.outbox[-1].to == [requester.email]
        assert partnerships.confirm(partner, owner).status == ProjectPartner.Status.DECLINED  # once only
        assert list(
            AuditEvent.objects.filter(action__in=["asked to join project", "join declined"])
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["asked to join project", "join declined"]
        assert partner not in partnerships.waiting_for(requester)  # the lead answers, not the requester

    def test_the_lead_answers_from_the_project_page(self, client, project, owner, sutton):
        partner = services.ask_to_join(project, sutton, member_of(sutton), "")
        client.force_login(owner)

        response = client.post(
            reverse("projects:decide-join", args=[project.pk, partner.pk]), {"decision": "accept"}
        )

        assert response.status_code == 302
        partner.refresh_from_db()
        assert partner.status == ProjectPartner.Status.CONFIRMED

    def test_only_a_member_can_ask_for_an_organisation(self, project, sutton, kingston):
        with pytest.raises(services.NotAllowed):
            services.ask_to_join(project, sutton, member_of(kingston, "someone"))


class TestForgottenProjects:
    def test_the_owner_is_reminded_once_after_90_days(self, project, owner):
        Project.objects.filter(pk=project.pk).update(last_update_at=timezone.now() - timedelta(days=91))

        assert services.remind_owners() == 1
        assert services.remind_owners() == 0
        assert mail.outbox[-1].to == [owner.email]
        services.post_update(project, owner, "Still going")
        Project.objects.filter(pk=project.pk).update(last_update_at=timezone.now() - timedelta(days=95))
        assert services.remind_owners() == 1

    def test_shows_as_stale_after_six_months_until_updated(self, project, owner, client):
        Project.objects.filter(pk=project.pk).update(last_update_at=timezone.now() - timedelta(days=200))
        project.refresh_from_db()

        assert project.is_stale
        assert "Not updated recently" in client.get(reverse("projects:list")).content.decode()
        assert "6 months ago" in client.get(project.get_absolute_url()).content.decode()
        services.post_update(project, owner, "Back on track")
        project.refresh_from_db()
        assert not project.is_stale


class TestRegisters:
    def test_filters_are_the_same_on_the_page_the_api_and_the_csv(self, kingston, owner, client):
        service = Service.objects.create(code=524, label="Household waste collection")
        services.create(kingston, owner, project_data(service=service))
        services.create(kingston, owner, project_data(title="Parking permits", phase="live", tags=[]))
        params = {"phase": "alpha", "service": 524}

        page = client.get(reverse("projects:list"), params).content.decode()
        api = client.get("/api/v1/projects", params).json()
        rows = list(
            csv.DictReader(
                io.StringIO(
                    b"".join(client.get(reverse("projects-csv"), params).streaming_content).decode(
                        "utf-8-sig"
                    )
                )
            )
        )

        assert "1 project" in page and "Report missed bins online" in page and "Parking permits" not in page
        assert api["count"] == 1 and api["items"][0]["service"] == "Household waste collection"
        assert [row["title"] for row in rows] == ["Report missed bins online"]

    def test_the_contact_email_is_only_for_people_signed_in_for_an_organisation(
        self, project, client, sutton
    ):
        public = client.get(project.get_absolute_url()).content.decode()
        client.force_login(member_of(sutton))
        member = client.get(project.get_absolute_url()).content.decode()

        assert "pat.lead@kingston.gov.uk" not in public
        assert "pat.lead@kingston.gov.uk" in member
        assert "@" not in str(client.get("/api/v1/projects").json())

    def test_atom_feeds_of_updates(self, project, owner, client):
        services.post_update(project, owner, "Sprint 4: user research with residents")

        assert "Sprint 4" in client.get(reverse("projects:updates-atom")).content.decode()
        assert "Sprint 4" in client.get(reverse("projects:project-atom", args=[project.pk])).content.decode()
        assert "Sprint 4" in client.get(reverse("projects:activity")).content.decode()


class TestPages:
    @pytest.mark.parametrize(
        ("started", "ends", "shown"),
        [
            ((2026, 3, 2), (2026, 6, 30), "2 March 2026 to 30 June 2026"),
            ((2026, 3, 2), None, "Started 2 March 2026"),
            (None, (2026, 6, 30), "Due to end 30 June 2026"),
        ],
    )
    def test_the_dates_of_a_phase_read_as_a_sentence(self, client, project, started, ends, shown):
        project.phase_started = date(*started) if started else None
        project.phase_ends = date(*ends) if ends else None
        project.save()

        html = client.get(project.get_absolute_url()).content.decode()

        assert "Dates of this phase" in html
        assert shown in html
        assert "Not given to" not in html and "not given" not in html

    def test_a_phase_with_no_dates_has_no_dates_row(self, client, project):
        html = client.get(project.get_absolute_url()).content.decode()

        assert "Dates of this phase" not in html
        assert "Phase dates" not in html

    def test_registering_shows_similar_work_before_saving(self, client, kingston, owner, sutton):
        services.create(
            sutton,
            member_of(sutton),
            project_data(
                title="Refuse collection: report a missed bin",
                problem="Residents ring us when the refuse lorry misses them",
            ),
        )
        client.force_login(owner)

        first = client.post(
            reverse("projects:new"),
            {"title": "Missed bin reports", "problem": "People phone when their bins are not emptied"},
        )
        details = client.get(first["Location"]).content.decode()

        assert first["Location"] == reverse("projects:new-details")
        assert "Before you save: who else is working on this" in details
        assert "Refuse collection: report a missed bin" in details
        assert not Project.objects.filter(lead=kingston).exists()

        response = client.post(
            reverse("projects:new-details"),
            {
                "title": "Missed bin reports",
                "problem": "People phone when their bins are not emptied",
                "phase": "discovery",
                "status": "active",
                "collaboration": "open-to-conversation",
                "contact_name": "Sam",
                "contact_email": "sam@kingston.gov.uk",
                "budget": "not-known",
                "tags": "bins, waste",
            },
        )

        project = Project.objects.get(lead=kingston)
        assert response["Location"] == project.get_absolute_url()
        assert project.tags == ["bins", "waste"]
        page = client.get(project.get_absolute_url()).content.decode()
        assert "Similar work by other organisations" in page
        assert "Refuse collection: report a missed bin" in page
        # The end of sharing a project offers the feedback form, once.
        assert 'href="/feedback/?journey=sharing"' in page
        assert "journey=sharing" not in client.get(project.get_absolute_url()).content.decode()

    def test_a_bad_form_is_explained_and_kept(self, client, owner):
        client.force_login(owner)

        first = client.post(reverse("projects:new"), {"title": "<b>Bold</b>"})
        assert "Describe the problem and who has it" in first.content.decode()
        assert "&lt;b&gt;Bold&lt;/b&gt;" in first.content.decode()
        client.post(reverse("projects:new"), {"title": "<b>Bold</b>", "problem": "A problem"})
        response = client.post(
            reverse("projects:new-details"),
            {"title": "<b>Bold</b>", "problem": "A problem", "contact_email": "not-an-email"},
        )

        html = response.content.decode()
        assert "There is a problem" in html
        assert "Enter an email address in the correct format" in html
        assert "&lt;b&gt;Bold&lt;/b&gt;" in html

    def test_someone_with_no_organisation_is_told_how_to_get_one(self, client):
        client.force_login(User.objects.create_user("someone@gmail.example"))

        response = client.get(reverse("projects:new"))

        assert response.status_code == 403
        assert "Ask to act for an organisation" in response.content.decode()


class TestSimilarity:
    def test_finds_the_same_problem_in_other_words_and_says_why(self, kingston, owner, sutton):
        from localdigital.projects.similarity.search import similar_to_text

        services.create(
            sutton,
            member_of(sutton),
            project_data(
                title="Waste collection: report a missed collection",
                problem="Households phone the contact centre when the refuse lorry does not come",
            ),
        )
        services.create(
            sutton,
            member_of(sutton, "other"),
            project_data(
                title="Parking permits online", problem="Residents apply for parking permits on paper"
            ),
        )

        matches = similar_to_text(
            "Missed bins", "Residents call us when their bin is not emptied", organisation_id=kingston.pk
        )

        assert matches[0].document.title == "Waste collection: report a missed collection"
        assert matches[0].document.organisation_name == "Sutton"

    def test_a_new_project_is_findable_at_once_and_its_own_organisation_is_left_out(
        self, kingston, owner, sutton
    ):
        from localdigital.projects.similarity.search import similar_to_text

        assert similar_to_text("Blue badges", "Applying for a blue badge", organisation_id=sutton.pk) == []
        services.create(
            kingston,
            owner,
            project_data(title="Apply for a blue badge online", problem="Disabled residents apply on paper"),
        )

        found = similar_to_text("Blue badges", "Applying for a blue badge", organisation_id=sutton.pk)
        own = similar_to_text("Blue badges", "Applying for a blue badge", organisation_id=kingston.pk)

        assert [m.document.title for m in found] == ["Apply for a blue badge online"]
        # One term each, shown as the query first wrote it: "badges" (then "badge"), "applying" ("apply").
        assert set(found[0].shared_terms) == {"blue", "badges", "applying"}
        assert own == []


class TestSearchPage:
    def test_finds_projects_and_commitments_by_meaning_and_filters_them(
        self, client, kingston, owner, sutton
    ):
        services.create(
            sutton,
            member_of(sutton),
            project_data(
                title="Refuse collection: report a missed collection",
                problem="The refuse lorry did not come",
                phase="beta",
            ),
        )
        services.create(
            kingston, owner, project_data(title="Parking permits online", problem="Paper permits")
        )
        url = reverse("projects:search")

        everything = client.get(url, {"q": "my bin was not emptied"}).content.decode()
        in_alpha = client.get(url, {"q": "my bin was not emptied", "phase": "alpha"}).content.decode()
        at_sutton = client.get(
            url, {"q": "my bin was not emptied", "organisation": "E09000029"}
        ).content.decode()

        assert everything.index("Refuse collection") < everything.index("Parking permits")
        assert "Refuse collection" not in in_alpha
        assert "Refuse collection" in at_sutton and "Parking permits" not in at_sutton

    def test_an_empty_search_asks_for_words(self, client):
        assert (
            "Type what you are working on to start."
            in client.get(reverse("projects:search")).content.decode()
        )


class TestOutputsPartnersAndCommitments:
    def test_outputs_are_published_with_their_licence(self, client, project, owner):
        client.force_login(owner)

        client.post(
            reverse("projects:add-output", args=[project.pk]),
            {"kind": "code", "label": "Source code", "url": "github.com/kingston/bins", "licence": "MIT"},
        )

        item = client.get("/api/v1/projects").json()["items"][0]
        assert item["outputs"] == [
            {
                "kind": "code",
                "label": "Source code",
                "url": "https://github.com/kingston/bins",
                "licence": "MIT",
            }
        ]
        assert "Source code" in client.get(project.get_absolute_url()).content.decode()

    def test_a_bad_address_is_explained(self, client, project, owner):
        client.force_login(owner)

        response = client.post(
            reverse("projects:add-output", args=[project.pk]),
            {"kind": "code", "label": "Code", "url": "not a web address"},
        )

        assert "Enter a web address" in response.content.decode()

    def test_a_named_partner_shows_once_someone_from_it_confirms(self, client, project, owner, sutton):
        services.name_partner(project, sutton, owner)
        assert client.get("/api/v1/projects").json()["items"][0]["partners"] == []
        sutton_officer = member_of(sutton)
        client.force_login(sutton_officer)
        assert (
            "Projects naming your organisation as a partner"
            in client.get(reverse("accounts:account")).content.decode()
        )

        partner = ProjectPartner.objects.get()
        client.post(reverse("projects:confirm-partner", args=[project.pk, partner.pk]))

        assert client.get("/api/v1/projects").json()["items"][0]["partners"] == ["E09000029"]

    def test_only_the_lead_names_partners_and_only_the_partner_confirms(
        self, project, owner, sutton, kingston
    ):
        with pytest.raises(services.NotAllowed):
            services.name_partner(project, kingston, member_of(sutton))
        partner = services.name_partner(project, sutton, owner)
        with pytest.raises(partnerships.NotAllowed):
            partnerships.confirm(partner, owner)

    def test_a_project_links_the_leads_published_commitments_only(self, project, owner, sutton):
        from localdigital.signing.tests.factories import CommitmentFactory, SigningFactory

        own = CommitmentFactory(signing=SigningFactory(organisation=project.lead, status="signed"))
        other = CommitmentFactory(signing=SigningFactory(organisation=sutton, status="signed"))

        services.set_commitments(project, owner, [own, other])

        assert list(project.commitments.all()) == [own]
