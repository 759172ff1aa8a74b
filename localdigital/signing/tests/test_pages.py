"""The signing journey and the public registers through their web pages, API, CSV and Atom."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.service_list.models import Service
from localdigital.signing.models import Signing
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(
        name="Kingston upon Thames", slug="kingston", gss_code="E09000021", domain="kingston.gov.uk"
    )


@pytest.fixture
def partner():
    return CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029", domain="sutton.gov.uk")


@pytest.fixture
def officer_client(client, council):
    client.force_login(member_of(council))
    return client


@pytest.fixture
def staff_client(client):
    from django.test import Client

    staff = Client()
    staff.force_login(User.objects.create_superuser("team@localdigital.example", "a long test password"))
    return staff


def due_in(days: int) -> dict:
    day = timezone.localdate() + timedelta(days=days)
    return {"due_date-day": day.day, "due_date-month": day.month, "due_date-year": day.year}


def commitment_data(**overrides) -> dict:
    service, _ = Service.objects.get_or_create(code=524, label="Household waste collection")
    return {
        "title": "Report missed bins online",
        "mission": "A live service",
        "impact": "Bins emptied sooner",
        "principles": ["1", "5"],
        "service": service.pk,
        **due_in(100),
        **overrides,
    }


def walk_to_submission(client, partners=()) -> None:
    base = "/sign/E09000021"
    client.post(f"{base}/start/")
    client.post(
        f"{base}/approvers/chief-executive/",
        {"name": "Alex Chief", "job_title": "Chief Executive", "email": "chief@kingston.gov.uk"},
    )
    client.post(
        f"{base}/approvers/leader/",
        {"name": "Sam Leader", "job_title": "Leader", "email": "leader@kingston.gov.uk"},
    )
    chosen = {f"partner_{number}": organisation.pk for number, organisation in enumerate(partners, 1)}
    response = client.post(f"{base}/commitments/new/", commitment_data(**chosen))
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(f"{base}/check-your-answers/")
    assert response["Location"] == f"{base}/submitted/"


class TestTheApplicantsPages:
    def test_a_member_walks_to_submission(self, officer_client, council, partner):
        walk_to_submission(officer_client, partners=[partner])

        signing = Signing.objects.get(organisation=council)
        assert signing.status == "submitted"
        assert [p.organisation for p in signing.commitments.get().partnerships.all()] == [partner]
        assert "Submitted for review" in officer_client.get("/sign/E09000021/submitted/").content.decode()

    def test_partners_are_chosen_from_the_register_one_more_each_time(self, officer_client, council, partner):
        officer_client.post("/sign/E09000021/start/")
        page = officer_client.get("/sign/E09000021/commitments/new/").content.decode()
        assert [f'name="partner_{number}"' in page for number in (1, 2, 3, 4)] == [True, True, True, False]
        assert ">Sutton</option>" in page

        merton = CouncilFactory(name="Merton", slug="merton", gss_code="E09000024")
        response = officer_client.post(
            "/sign/E09000021/commitments/new/",
            commitment_data(partner_1=partner.pk, partner_2=partner.pk, partner_3=merton.pk),
        )

        commitment = council.commitments.get()
        assert response.status_code == 302
        assert sorted(p.organisation.name for p in commitment.partnerships.all()) == ["Merton", "Sutton"]
        page = officer_client.get(f"/sign/E09000021/commitments/{commitment.pk}/").content.decode()
        assert 'name="partner_3"' in page and 'name="partner_4"' not in page
        assert f'<option value="{partner.pk}" selected>Sutton</option>' in page.replace(
            'selected=""', "selected"
        )

    def test_a_partner_that_has_left_the_register_stays_shown_to_fix(self, officer_client, council, partner):
        officer_client.post("/sign/E09000021/start/")
        officer_client.post("/sign/E09000021/commitments/new/", commitment_data(partner_1=partner.pk))
        commitment = council.commitments.get()
        partner.end_date = timezone.localdate()
        partner.save()

        page = officer_client.get(f"/sign/E09000021/commitments/{commitment.pk}/").content.decode()

        assert f'<option value="{partner.pk}" selected>Sutton</option>' in page.replace(
            'selected=""', "selected"
        )
        officer_client.post(f"/sign/E09000021/commitments/{commitment.pk}/", commitment_data(partner_1=""))
        assert not commitment.partnerships.exists()

    def test_someone_from_another_council_cannot_see_or_act(self, client, council):
        outsider = CouncilFactory(slug="elsewhere", domain="elsewhere.gov.uk")
        client.force_login(member_of(outsider))

        assert client.post("/sign/E09000021/start/").status_code == 403
        assert not Signing.objects.exists()

    def test_a_colleague_sees_who_started_the_draft(self, client, council, officer_client):
        officer_client.post("/sign/E09000021/start/")
        client.force_login(member_of(council, "colleague"))

        html = client.get(reverse("signing:choose")).content.decode()

        assert "Started by officer@kingston.gov.uk" in html

    def test_an_approver_email_at_another_domain_is_explained_and_kept(self, officer_client):
        officer_client.post("/sign/E09000021/start/")

        response = officer_client.post(
            "/sign/E09000021/approvers/leader/",
            {
                "name": "<script>x</script>",
                "job_title": "Leader",
                "email": "leader@kingston.gov.uk.example.com",
            },
        )

        html = unescape(response.content.decode())
        assert "Enter an email address at one of Kingston upon Thames's domains (kingston.gov.uk)" in html
        assert 'value="leader@kingston.gov.uk.example.com"' in html
        raw = response.content.decode()
        assert "&lt;script&gt;x&lt;/script&gt;" in raw
        assert "<script>x</script>" not in raw

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"title": ""}, "Enter a title"),
            ({"principles": []}, "Select at least one principle"),
            ({"due_date-day": "31", "due_date-month": "2", "due_date-year": "2027"}, "Enter a real date"),
            (
                {"due_date-day": "", "due_date-month": "", "due_date-year": ""},
                "Enter the date it will be done by",
            ),
            (due_in(500), "The date must be within 12 months"),
            ({"partner_1": "999999"}, "Choose an organisation from the list"),
            ({"title": "x" * 201}, "Title must be 200 characters or fewer"),
        ],
    )
    def test_a_bad_commitment_is_explained_and_what_was_typed_kept(self, officer_client, change, message):
        officer_client.post("/sign/E09000021/start/")

        response = officer_client.post("/sign/E09000021/commitments/new/", commitment_data(**change))

        html = unescape(response.content.decode())
        assert response.status_code == 200
        assert "There is a problem" in html
        assert message in html
        assert "A live service" in html

    def test_submitting_too_early_lists_what_is_missing(self, officer_client):
        officer_client.post("/sign/E09000021/start/")

        response = officer_client.post("/sign/E09000021/check-your-answers/")

        html = response.content.decode()
        assert "Add the chief executive or head of paid service" in html
        assert "Add at least one commitment" in html

    def test_what_is_missing_is_said_in_welsh_on_the_welsh_page(self, officer_client):
        officer_client.post("/sign/E09000021/start/")

        response = officer_client.post("/cy/sign/E09000021/check-your-answers/")

        html = unescape(response.content.decode())
        assert "Ychwanegwch y prif weithredwr neu bennaeth y gwasanaeth cyflogedig" in html
        assert "Ychwanegwch yr arweinydd gwleidyddol neu’r cadeirydd" in html
        assert "Ychwanegwch o leiaf un ymrwymiad" in html
        assert "Add the" not in html and "Add at least" not in html

    def test_unicode_and_long_text_are_kept(self, officer_client, council):
        officer_client.post("/sign/E09000021/start/")

        officer_client.post(
            "/sign/E09000021/commitments/new/",
            commitment_data(title="Gwasanaethau digidol i bawb ✓", mission="m" * 2000),
        )

        assert council.commitments.get().title == "Gwasanaethau digidol i bawb ✓"


class TestReviewAndApprovalPages:
    def test_the_whole_journey_to_the_public_registers(self, officer_client, staff_client, council, partner):
        DeclarationVersionFactory()
        walk_to_submission(officer_client, partners=[partner])
        signing = Signing.objects.get()

        queue = staff_client.get(reverse("signing:review-queue")).content.decode()
        assert "Kingston upon Thames" in queue and "0 working days" in queue
        staff_client.post(reverse("signing:review", args=[signing.pk]), {"decision": "send"})

        links = {
            m.to[0]: re.search(r"(/approve/[^\s]+/)", m.body).group(1)
            for m in mail.outbox
            if "/approve/" in m.body
        }
        for email, name in [
            ("chief@kingston.gov.uk", "Alex Chief"),
            ("leader@kingston.gov.uk", "Sam Leader"),
        ]:
            page = officer_client.get(links[email]).content.decode()
            assert "Sign the Local Digital Declaration" in page
            response = officer_client.post(links[email], {"typed_name": name, "confirm": "on"})
            assert response["Location"] == reverse("signing:approved")

        again = officer_client.get(links["chief@kingston.gov.uk"])
        assert again.status_code == 410
        assert "This link has already been used" in again.content.decode()

        register = officer_client.get(reverse("signatories")).content.decode()
        assert "1 of" in register and "Kingston upon Thames" in register
        page = officer_client.get(reverse("signatory", args=["E09000021"])).content.decode()
        assert "Alex Chief, Chief Executive" in page
        assert "chief@kingston.gov.uk" not in page
        record = officer_client.get(signing.get_record_url()).content.decode()
        assert "Sam Leader, Leader, signed" in record
        assert signing.reference in record
        assert "Report missed bins online" in page

        api = officer_client.get("/api/v1/signatories").json()
        assert api["items"][0]["organisation_id"] == "E09000021"
        assert "@" not in str(api)
        rows = list(
            csv.DictReader(
                io.StringIO(
                    b"".join(officer_client.get("/signatories.csv").streaming_content).decode("utf-8-sig")
                )
            )
        )
        assert rows[0]["political_leader"] == "Sam Leader, Leader"
        assert "@" not in str(rows)
        atom = officer_client.get("/signatories.atom").content.decode()
        assert "Kingston upon Thames signed the Local Digital Declaration" in atom

        commitments = officer_client.get("/api/v1/commitments", {"principle": 5}).json()
        assert commitments["count"] == 1
        assert commitments["items"][0]["partners"] == []  # Sutton has not confirmed
        assert officer_client.get("/api/v1/commitments", {"principle": 3}).json()["count"] == 0
        by_service = officer_client.get(reverse("commitments"), {"service": 524}).content.decode()
        assert "1 commitment" in by_service and "Household waste collection</option>" in by_service

        declaration = officer_client.get(reverse("declaration:current")).content.decode()
        assert "<strong>1</strong> organisation has signed" in declaration

    def test_asking_for_changes_needs_a_message(self, officer_client, staff_client):
        walk_to_submission(officer_client)
        signing = Signing.objects.get()

        response = staff_client.post(reverse("signing:review", args=[signing.pk]), {"decision": "changes"})

        assert "Say what the applicant needs to change" in response.content.decode()
        signing.refresh_from_db()
        assert signing.status == "submitted"

    def test_the_review_pages_are_for_the_programme_team_only(self, officer_client):
        assert officer_client.get(reverse("signing:review-queue")).status_code == 403

    def test_a_wrong_name_is_explained(self, officer_client, staff_client):
        DeclarationVersionFactory()
        walk_to_submission(officer_client)
        staff_client.post(reverse("signing:review", args=[Signing.objects.get().pk]), {"decision": "send"})
        link = re.search(r"(/approve/[^\s]+/)", mail.outbox[-1].body).group(1)

        response = officer_client.post(link, {"typed_name": "Someone Else", "confirm": "on"})

        assert "Type your name as it is shown" in response.content.decode()

        welsh = officer_client.post("/cy" + link, {"typed_name": "Someone Else", "confirm": "on"})

        approver = Signing.objects.get().approvers.get(email=mail.outbox[-1].to[0])
        html = unescape(welsh.content.decode())
        assert f"Teipiwch eich enw fel y mae wedi’i ddangos: {approver.name}" in html
        assert "Type your name" not in html

    def test_a_made_up_approval_link_is_explained(self, client):
        response = client.get("/approve/not-a-real-token/")

        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
