import pytest
from django.contrib.admin.sites import site as admin_site
from django.urls import reverse

from localdigital.abuse.models import AddressRule
from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.pages import feedback
from localdigital.pages.models import Feedback

pytestmark = pytest.mark.django_db


def test_the_form_asks_govuks_satisfaction_question_without_personal_details(client):
    html = client.get(reverse("pages:feedback"), {"journey": "pledging"}).content.decode()

    assert "Overall, how did you feel about the service you used today?" in html
    for answer in (
        "Very satisfied",
        "Satisfied",
        "Neither satisfied nor dissatisfied",
        "Dissatisfied",
        "Very dissatisfied",
    ):
        assert answer in html
    assert "How could we improve this service? (optional)" in html
    assert "Do not include personal details" in html
    assert 'name="journey" value="pledging"' in html
    assert 'type="email"' not in html and 'name="email"' not in html


def test_feedback_is_kept_audited_and_confirmed(client):
    response = client.post(
        reverse("pages:feedback"),
        {"journey": "bidding", "satisfaction": "4", "improvement": "  Say when the round closes.  "},
    )

    assert response.status_code == 302 and response["Location"] == reverse("pages:feedback-sent")
    kept = Feedback.objects.get()
    assert (kept.journey, kept.satisfaction, kept.improvement) == ("bidding", 4, "Say when the round closes.")
    event = AuditEvent.objects.get(action="feedback given")
    assert event.object_id == str(kept.pk)
    assert event.actor is None and event.actor_label == "member of the public"
    assert event.after == {"journey": "bidding", "satisfaction": 4, "improvement": True}
    sent = client.get(response["Location"]).content.decode()
    assert "Feedback sent" in sent


def test_a_signed_in_person_is_the_audited_actor_but_not_kept_with_the_feedback(client):
    person = User.objects.create_user("jo@sutton.gov.uk")
    client.force_login(person)

    client.post(reverse("pages:feedback"), {"journey": "signing", "satisfaction": "1"})

    assert AuditEvent.objects.get(action="feedback given").actor == person
    assert [field.name for field in Feedback._meta.fields] == [
        "id",
        "journey",
        "satisfaction",
        "improvement",
        "created_at",
    ]


def test_an_unknown_journey_is_kept_as_none(client):
    client.post(reverse("pages:feedback"), {"journey": "<script>", "satisfaction": "3"})

    assert Feedback.objects.get().journey == ""


def test_no_answer_shows_the_error_summary_and_the_error_by_the_question(client):
    response = client.post(reverse("pages:feedback"), {"journey": "sharing", "improvement": "x" * 1201})

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Give feedback" in html
    assert "govuk-error-summary" in html
    assert html.count("Select how you felt about the service you used today") == 2  # summary and inline
    assert html.count("What you tell us must be 1200 characters or fewer") == 2
    assert 'href="#id_satisfaction"' in html or 'href="#satisfaction"' in html
    assert 'name="journey" value="sharing"' in html
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited_per_address(client):
    for _ in range(feedback.ADDRESS_BURST.hits):
        assert client.post(reverse("pages:feedback"), {"satisfaction": "5"}).status_code == 302

    response = client.post(reverse("pages:feedback"), {"satisfaction": "5"})

    assert response.status_code == 429
    assert "Too much feedback has come from your internet connection" in response.content.decode()
    assert Feedback.objects.count() == feedback.ADDRESS_BURST.hits


def test_blocked_and_allowed_addresses(client):
    rule = AddressRule.objects.create(network="127.0.0.1", reason="flood", action="block")
    assert client.post(reverse("pages:feedback"), {"satisfaction": "5"}).status_code == 403

    rule.action = "allow"
    rule.save()
    from localdigital.platform import caches

    caches.forget_all()
    for _ in range(feedback.ADDRESS_BURST.hits + 2):
        assert client.post(reverse("pages:feedback"), {"satisfaction": "5"}).status_code == 302


def test_the_programme_team_reads_feedback_in_the_staff_tools_and_cannot_change_it(client):
    Feedback.objects.create(journey="pledging", satisfaction=2, improvement="The counts were slow")
    staff = User.objects.create_superuser("team@localdigital.example", "a long test password")
    client.force_login(staff)

    listing = client.get(reverse("admin:pages_feedback_changelist")).content.decode()

    assert "The counts were slow" in listing
    model_admin = admin_site._registry[Feedback]
    request = client.get(reverse("admin:pages_feedback_changelist")).wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_programme_team_group_may_read_feedback_and_no_more(client):
    from localdigital.organisations.services import programme_team

    Feedback.objects.create(journey="sharing", satisfaction=5)
    member = User.objects.create_user("team.member@localdigital.example")
    programme_team.add_member(member)
    member = User.objects.get(pk=member.pk)

    assert member.has_perm("pages.view_feedback")
    assert not member.has_perm("pages.change_feedback") and not member.has_perm("pages.delete_feedback")
    client.force_login(member)
    assert client.get(reverse("admin:pages_feedback_changelist")).status_code == 200


def test_a_post_with_nothing_in_it_is_told_what_to_answer(client):
    response = client.post(reverse("pages:feedback"), {})

    assert response.status_code == 400
    assert "Select how you felt about the service you used today" in response.content.decode()
