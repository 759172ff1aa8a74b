import pytest

from localdigital.audit.models import AuditEvent
from localdigital.plumbing.models import Adoption
from localdigital.plumbing.tests.factories import StandardFactory
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard():
    return StandardFactory(slug="local-waste-service-standards", name="Local Waste Service Standards")


@pytest.fixture
def kingston():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


def test_a_member_of_one_organisation_goes_straight_to_the_question(client, standard, kingston):
    client.force_login(member_of(kingston))
    response = client.get("/standards/local-waste-service-standards/adopt/")
    assert response.status_code == 302
    assert response.url == f"/standards/local-waste-service-standards/adopt/{kingston.pk}/"


def test_someone_acting_for_several_chooses_which(client, standard, kingston):
    person = member_of(kingston)
    sutton = CouncilFactory(name="Sutton", domain="sutton.gov.uk")
    sutton.domains.create(domain="kingston.gov.uk", note="shared")
    client.force_login(person)

    page = client.get("/standards/local-waste-service-standards/adopt/")
    assert "Which organisation are you answering for?" in page.content.decode()
    missing = client.post("/standards/local-waste-service-standards/adopt/", {})
    assert missing.status_code == 400
    assert "Select the organisation you are answering for" in missing.content.decode()
    chosen = client.post("/standards/local-waste-service-standards/adopt/", {"organisation": sutton.pk})
    assert chosen.url == f"/standards/local-waste-service-standards/adopt/{sutton.pk}/"


def test_recording_changing_and_removing_an_adoption_are_confirmed_and_audited(client, standard, kingston):
    person = member_of(kingston)
    client.force_login(person)
    url = f"/standards/local-waste-service-standards/adopt/{kingston.pk}/"

    empty = client.post(url, {"note": ""})
    assert empty.status_code == 400
    assert "Select how far it has got with the standard" in empty.content.decode()
    assert "There is a problem" in empty.content.decode()

    done = client.post(url, {"stage": "in-progress", "note": "Used for <b>bin</b> days"}, follow=True)
    adoption = Adoption.objects.get()
    assert (adoption.stage, adoption.note, adoption.confirmed_by) == (
        "in-progress",
        "Used for <b>bin</b> days",
        person,
    )
    assert "Adoption saved" in done.content.decode()

    client.post(url, {"stage": "live", "note": "Used for <b>bin</b> days"})
    adoption.refresh_from_db()
    assert adoption.stage == "live"
    page = client.get(url).content.decode()
    assert 'value="live" checked' in page
    assert "Used for &lt;b&gt;bin&lt;/b&gt; days" in page

    client.post(url + "remove/")
    assert not Adoption.objects.exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="adoption")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "adoption recorded",
        "adoption changed",
        "adoption removed",
    ]


def test_only_members_say_how_far_an_organisation_has_got(client, standard, kingston):
    client.force_login(member_of(CouncilFactory(name="Sutton")))
    url = f"/standards/local-waste-service-standards/adopt/{kingston.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"stage": "live"}).status_code == 403
    assert not Adoption.objects.exists()


def test_someone_who_acts_for_no_organisation_is_told_why(client, standard, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone@example.com"))
    response = client.get("/standards/local-waste-service-standards/adopt/")
    assert response.status_code == 403
    assert "Only people who act for an organisation" in response.content.decode()


def test_signed_out_people_are_asked_to_sign_in(client, standard):
    response = client.get("/standards/local-waste-service-standards/adopt/")
    assert response.status_code == 302 and "sign-in" in response.url
