import re
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.organisations import partnerships
from localdigital.organisations.models import Organisation
from localdigital.organisations.services.importer import import_organisations
from localdigital.platform import links
from localdigital.service_list.models import Service
from localdigital.signing import services
from localdigital.signing.models import Approver, ReviewRound, Signing
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def officer(council):
    return member_of(council)


@pytest.fixture
def staff():
    return User.objects.create_superuser("team@localdigital.example", "a long test password")


@pytest.fixture
def version():
    return DeclarationVersionFactory()


@pytest.fixture
def signatory(council, officer, staff, version):
    """Kingston, signed by both its approvers."""
    signing = ready_to_submit(council, officer)
    services.submit(signing, officer)
    services.send_for_signature(signing, staff)
    sign_all(signing)
    signing.refresh_from_db()
    return signing


def sign_all(signing) -> None:
    for email, token in tokens_from_emails().items():
        services.sign(token, "Alex Chief" if email.startswith("chief") else "Sam Leader")


def nominate_both(signing, user):
    services.nominate(
        signing,
        user,
        role=Approver.Role.HEAD_OF_PAID_SERVICE,
        name="Alex Chief",
        job_title="Chief Executive",
        email="chief@kingston.gov.uk",
    )
    services.nominate(
        signing,
        user,
        role=Approver.Role.POLITICAL_LEADER,
        name="Sam Leader",
        job_title="Leader of the Council",
        email="leader@kingston.gov.uk",
    )


def add_commitment(signing, user, **overrides):
    data = {
        "title": "Report missed bins online",
        "mission": "A live service",
        "impact": "Bins emptied sooner",
        "principles": [1],
        "service": None,
        "due_date": timezone.localdate() + timedelta(days=100),
        **overrides,
    }
    return services.save_commitment(signing, user, data=data, partners=[])


def ready_to_submit(council, officer):
    signing = services.start(council, officer)
    nominate_both(signing, officer)
    add_commitment(signing, officer)
    return signing


def tokens_from_emails() -> dict[str, str]:
    """The approval token in the latest email to each address."""
    tokens = {}
    for message in mail.outbox:
        found = re.search(r"/approve/([^/\s]+)/", message.body)
        if found:
            tokens[message.to[0]] = found.group(1)
    return tokens


class TestStarting:
    def test_a_member_starts_a_draft(self, council, officer):
        signing = services.start(council, officer)

        assert signing.status == Signing.Status.DRAFT
        assert signing.started_by == officer
        assert AuditEvent.objects.filter(action="signing started").exists()

    def test_someone_from_another_council_cannot(self, council):
        outsider = User.objects.create_user("officer@elsewhere.gov.uk")

        with pytest.raises(services.NotAllowed):
            services.start(council, outsider)

    def test_a_second_person_gets_the_draft_already_under_way(self, council, officer):
        first = services.start(council, officer)

        second = services.start(council, member_of(council, "colleague"))

        assert second == first
        assert second.started_by == officer

    def test_the_database_refuses_a_second_live_signing(self, council, officer):
        services.start(council, officer)

        with pytest.raises(IntegrityError), transaction.atomic():
            Signing.objects.create(organisation=council, started_by=officer)


class TestApprovers:
    def test_must_have_an_email_at_the_organisations_domain(self, council, officer):
        signing = services.start(council, officer)

        for spoof in [
            "chief@kingston.gov.uk.example.com",
            "chief@elsewhere.gov.uk",
            "chief@sub.kingston.gov.uk",
        ]:
            with pytest.raises(ValidationError, match="one of Kingston upon Thames's domains"):
                services.nominate(
                    signing,
                    officer,
                    role=Approver.Role.HEAD_OF_PAID_SERVICE,
                    name="A",
                    job_title="CEO",
                    email=spoof,
                )

    def test_cannot_be_at_a_domain_that_proves_nothing(self, official_lists):
        """A shared network's domain (londonpsn.gov.uk, listed under Kingston) proves no membership."""
        import_organisations(official_lists.folder)
        kingston = Organisation.objects.get(name="Kingston upon Thames")

        with pytest.raises(ValidationError):
            services.check_approver_email(kingston, "chief@londonpsn.gov.uk")
        services.check_approver_email(kingston, "chief@kingston.gov.uk")

    def test_changing_a_nominee_in_a_draft_edits_it(self, council, officer):
        signing = services.start(council, officer)
        nominate_both(signing, officer)

        services.nominate(
            signing,
            officer,
            role=Approver.Role.POLITICAL_LEADER,
            name="Sam Other",
            job_title="Leader",
            email="other@kingston.gov.uk",
        )

        assert [a.name for a in signing.current_approvers()] == ["Alex Chief", "Sam Other"]


class TestSubmitting:
    def test_needs_both_approvers_and_a_commitment(self, council, officer):
        signing = services.start(council, officer)

        with pytest.raises(ValidationError) as error:
            services.submit(signing, officer)

        assert error.value.messages == [
            "Add the chief executive or head of paid service",
            "Add the political leader or chair",
            "Add at least one commitment",
        ]

    def test_submitting_starts_a_review_round_and_confirms_by_email(self, council, officer):
        signing = ready_to_submit(council, officer)

        services.submit(signing, officer)

        signing.refresh_from_db()
        assert signing.status == Signing.Status.SUBMITTED
        assert ReviewRound.objects.filter(signing=signing, outcome="").count() == 1
        assert mail.outbox[-1].to == [officer.email]

    def test_nothing_can_change_while_it_is_reviewed(self, council, officer):
        signing = ready_to_submit(council, officer)
        services.submit(signing, officer)
        signing.refresh_from_db()

        with pytest.raises(services.NotAllowed):
            add_commitment(signing, officer)


class TestReview:
    def test_the_queue_shows_age_against_the_target(self, council, officer, monkeypatch):
        signing = ready_to_submit(council, officer)
        services.submit(signing, officer)
        friday = timezone.make_aware(datetime(2026, 11, 20, 10))
        ReviewRound.objects.filter(signing=signing).update(submitted_at=friday)
        monkeypatch.setattr(services.timezone, "localdate", lambda: date(2026, 12, 4))

        entry = services.review_queue()[0]

        assert entry.signing == signing
        assert entry.working_days == 10
        assert entry.overdue
        assert entry.due == date(2026, 11, 25)

    @pytest.mark.parametrize(("nation", "waiting", "due"), [("england", 3, 2), ("scotland", 2, 3)])
    def test_the_queue_counts_the_bank_holidays_of_the_organisations_nation(
        self, council, officer, monkeypatch, nation, waiting, due
    ):
        council.nation = nation
        council.save()
        signing = ready_to_submit(council, officer)
        services.submit(signing, officer)
        friday = timezone.make_aware(datetime(2026, 11, 27, 16))
        ReviewRound.objects.filter(signing=signing).update(submitted_at=friday)
        # Monday 30 November is St Andrew's Day, a bank holiday in Scotland only.
        monkeypatch.setattr(services.timezone, "localdate", lambda: date(2026, 12, 2))

        entry = services.review_queue()[0]

        assert entry.working_days == waiting
        assert entry.due == date(2026, 12, due)
        assert not entry.overdue

    def test_asking_for_changes_returns_it_to_the_applicant_and_keeps_the_round(
        self, council, officer, staff
    ):
        signing = ready_to_submit(council, officer)
        services.submit(signing, officer)

        services.request_changes(signing, staff, "Make the mission more specific")
        signing.refresh_from_db()
        add_commitment(signing, officer, title="A second commitment")
        services.submit(signing, officer)

        rounds = list(signing.review_rounds.all())
        assert [r.outcome for r in rounds] == ["changes-requested", ""]
        assert rounds[0].message == "Make the mission more specific"
        assert "Make the mission more specific" in mail.outbox[-2].body

    def test_only_the_programme_team_reviews(self, council, officer):
        signing = ready_to_submit(council, officer)
        services.submit(signing, officer)

        with pytest.raises(services.NotAllowed):
            services.send_for_signature(signing, officer)


class TestApproval:
    @pytest.fixture
    def sent(self, council, officer, staff, version):
        signing = ready_to_submit(council, officer)
        services.submit(signing, officer)
        services.send_for_signature(signing, staff)
        signing.refresh_from_db()
        return signing

    def test_each_approver_is_emailed_a_link_that_is_stored_hashed(self, sent):
        tokens = tokens_from_emails()

        assert set(tokens) == {"chief@kingston.gov.uk", "leader@kingston.gov.uk"}
        for token in tokens.values():
            assert not Approver.objects.filter(token_hash=token).exists()
            assert services.find_approver(token).status == Approver.Status.ASKED

    def test_nothing_is_public_until_everyone_has_signed(self, sent, version):
        tokens = tokens_from_emails()

        services.sign(tokens["chief@kingston.gov.uk"], "Alex Chief")
        sent.refresh_from_db()
        assert sent.status == Signing.Status.AWAITING_SIGNATURES

        services.sign(tokens["leader@kingston.gov.uk"], "  sam   LEADER ")
        sent.refresh_from_db()
        assert sent.status == Signing.Status.SIGNED
        assert sent.signed_at is not None
        assert sent.declaration_version == version

    def test_signing_emails_the_record_to_applicant_and_approvers(self, sent, officer):
        tokens = tokens_from_emails()
        mail.outbox.clear()

        services.sign(tokens["chief@kingston.gov.uk"], "Alex Chief")
        services.sign(tokens["leader@kingston.gov.uk"], "Sam Leader")

        assert {m.to[0] for m in mail.outbox} == {
            officer.email,
            "chief@kingston.gov.uk",
            "leader@kingston.gov.uk",
        }
        assert all(sent.reference in m.body for m in mail.outbox)

    def test_an_approver_cannot_sign_twice(self, sent):
        token = tokens_from_emails()["chief@kingston.gov.uk"]
        services.sign(token, "Alex Chief")

        with pytest.raises(links.LinkProblem) as problem:
            services.sign(token, "Alex Chief")

        assert problem.value.reason == "used"

    def test_the_typed_name_must_match(self, sent):
        with pytest.raises(ValidationError, match="Type your name as it is shown: Alex Chief"):
            services.sign(tokens_from_emails()["chief@kingston.gov.uk"], "Someone Else")

    def test_an_expired_link_cannot_be_used(self, sent):
        Approver.objects.update(link_expires_at=timezone.now() - timedelta(seconds=1))

        with pytest.raises(links.LinkProblem) as problem:
            services.sign(tokens_from_emails()["chief@kingston.gov.uk"], "Alex Chief")

        assert problem.value.reason == "expired"

    def test_a_tampered_link_does_not_work(self, sent):
        with pytest.raises(links.LinkProblem) as problem:
            services.find_approver(tokens_from_emails()["chief@kingston.gov.uk"] + "x")

        assert problem.value.reason == "unknown"

    def test_declining_tells_the_applicant_who_can_replace_the_nominee(self, sent, officer, staff):
        old_token = tokens_from_emails()["leader@kingston.gov.uk"]

        services.decline(old_token, "I am leaving next week")
        assert "I am leaving next week" in mail.outbox[-1].body
        services.nominate(
            sent,
            officer,
            role=Approver.Role.POLITICAL_LEADER,
            name="Jo New",
            job_title="Leader",
            email="newleader@kingston.gov.uk",
        )
        assert "newleader@kingston.gov.uk" not in tokens_from_emails()
        services.decide_approver_change(sent, staff, approve=True)

        assert "newleader@kingston.gov.uk" in tokens_from_emails()
        assert [a.name for a in sent.current_approvers()] == ["Alex Chief", "Jo New"]

    def test_a_replaced_nominees_link_stops_working(self, sent, officer):
        old_token = tokens_from_emails()["leader@kingston.gov.uk"]

        services.nominate(
            sent,
            officer,
            role=Approver.Role.POLITICAL_LEADER,
            name="Jo New",
            job_title="Leader",
            email="newleader@kingston.gov.uk",
        )

        with pytest.raises(links.LinkProblem) as problem:
            services.sign(old_token, "Sam Leader")

        assert problem.value.reason == "replaced"

    def test_every_step_is_in_the_audit_trail(self, sent):
        tokens = tokens_from_emails()
        services.sign(tokens["chief@kingston.gov.uk"], "Alex Chief")
        services.sign(tokens["leader@kingston.gov.uk"], "Sam Leader")

        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {
            "signing started",
            "approver nominated",
            "commitment added",
            "signing submitted",
            "sent for signature",
            "approver asked to sign",
            "approver signed",
            "signed",
        } <= actions


class TestAfterSigning:
    def test_progress_updates_are_dated_and_published(self, signatory, officer, client):
        commitment = signatory.commitments.get()

        services.update_progress(commitment, officer, progress="in-progress", note="Alpha started")

        commitment.refresh_from_db()
        assert commitment.progress == "in-progress"
        assert commitment.updates.get().note == "Alpha started"
        assert "Alpha started" in client.get(commitment.get_absolute_url()).content.decode()

    def test_only_members_update_progress(self, signatory):
        outsider = User.objects.create_user("someone@elsewhere.gov.uk")

        with pytest.raises(services.NotAllowed):
            services.update_progress(signatory.commitments.get(), outsider, progress="done", note="x")

    def test_withdrawing_keeps_the_record_and_allows_signing_again(self, signatory, officer, council, client):
        services.withdraw(signatory, officer, "A new administration")

        signatory.refresh_from_db()
        assert signatory.status == "withdrawn"
        assert client.get("/api/v1/signatories").json()["count"] == 0
        page = client.get("/signatories/kingston/").content.decode()
        assert "withdrew from the Declaration" in page and "A new administration" in page
        assert client.get(signatory.get_record_url()).status_code == 200
        assert services.start(council, officer) != signatory

    def test_a_partner_shows_publicly_once_someone_from_it_confirms(
        self, council, officer, staff, version, client
    ):
        sutton = CouncilFactory(name="Sutton", slug="sutton", gss_code="E09000029", domain="sutton.gov.uk")
        signing = services.start(council, officer)
        nominate_both(signing, officer)
        data = {
            "title": "Shared bins service",
            "mission": "m",
            "impact": "i",
            "principles": [1],
            "service": None,
            "due_date": timezone.localdate() + timedelta(days=100),
        }
        commitment = services.save_commitment(signing, officer, data=data, partners=[sutton])
        services.submit(signing, officer)
        services.send_for_signature(signing, staff)
        sign_all(signing)
        partnership = commitment.partnerships.get()

        with pytest.raises(partnerships.NotAllowed):
            partnerships.confirm(partnership, officer)
        assert client.get("/api/v1/commitments").json()["items"][0]["partners"] == []
        sutton_officer = member_of(sutton)
        assert partnerships.waiting_for(sutton_officer) == [partnership]
        partnerships.confirm(partnership, sutton_officer)

        assert client.get("/api/v1/commitments").json()["items"][0]["partners"] == ["E09000029"]
        assert client.get("/api/v1/commitments", {"partner": "E09000029"}).json()["count"] == 1


class TestNewCommitmentsAfterSigning:
    def test_are_reviewed_then_published_without_signing_again(self, signatory, officer, staff, client):
        added = add_commitment(signatory, officer, title="Open up our planning data")
        assert added.state == "draft"
        assert client.get("/api/v1/commitments").json()["count"] == 1

        services.submit_additions(signatory, officer)
        assert services.review_queue()[0].review.kind == "additions"
        services.decide_additions(signatory, staff, publish=False, message="Say which datasets")
        added.refresh_from_db()
        assert (added.state, added.review_message) == ("changes-requested", "Say which datasets")
        add_commitment(signatory, officer, title="Open up our planning data", mission="Brownfield register")
        services.submit_additions(signatory, officer)
        services.decide_additions(signatory, staff, publish=True)

        titles = [item["title"] for item in client.get("/api/v1/commitments").json()["items"]]
        assert "Open up our planning data" in titles
        signatory.refresh_from_db()
        assert signatory.status == "signed"
        assert signatory.approvers.filter(status="signed").count() == 2

    def test_a_published_commitment_cannot_be_rewritten(self, signatory, officer):
        with pytest.raises(services.NotAllowed):
            services.save_commitment(
                signatory,
                officer,
                data={"title": "Something else"},
                partners=[],
                commitment=signatory.commitments.get(),
            )


class TestReaffirming:
    def test_a_new_leader_reaffirms_and_replaces_the_old_on_the_record(self, signatory, officer, staff):
        signing = signatory

        services.nominate(
            signing,
            officer,
            role=Approver.Role.POLITICAL_LEADER,
            name="Jo New",
            job_title="Leader of the Council",
            email="newleader@kingston.gov.uk",
        )
        signed_names = set(signing.approvers.filter(status="signed").values_list("signed_name", flat=True))
        assert signed_names == {"Alex Chief", "Sam Leader"}
        services.decide_approver_change(signing, staff, approve=True)
        services.sign(tokens_from_emails()["newleader@kingston.gov.uk"], "Jo New")

        signed_names = set(signing.approvers.filter(status="signed").values_list("signed_name", flat=True))
        assert signed_names == {"Alex Chief", "Jo New"}
        signing.refresh_from_db()
        assert signing.status == "signed"
        assert AuditEvent.objects.filter(action="re-affirmed").exists()


def test_a_commitment_s_open_data_gives_its_service_s_welsh_name(council, officer, staff, version, client):
    bins = Service.objects.create(code=524, label="Household waste collection", label_cy="Casglu gwastraff")
    signing = services.start(council, officer)
    nominate_both(signing, officer)
    add_commitment(signing, officer, service=bins)
    services.submit(signing, officer)
    services.send_for_signature(signing, staff)
    sign_all(signing)

    item = client.get("/api/v1/commitments").json()["items"][0]
    text = b"".join(client.get("/commitments.csv").streaming_content).decode("utf-8-sig")

    assert (item["service"], item["service_cy"]) == ("Household waste collection", "Casglu gwastraff")
    assert "Casglu gwastraff" in text
