"""The programme team's staff tools: its whole job, and no more."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.demo.services import PROGRAMME_TEAM_EMAIL, load_demo_data
from localdigital.fund.models import Application, Assignment
from localdigital.fund.tests.factories import ApplicationFactory
from localdigital.organisations.models import AccessRequest
from localdigital.organisations.services import programme_team
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.pledges.models import Pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client):
    user = User.objects.create_user("team.member@localdigital.example")
    programme_team.add_member(user)
    client.force_login(user)
    client.user = user
    return client


def test_migrate_makes_the_group_with_exactly_the_permissions_listed():
    group = Group.objects.get(name="Programme team")
    held = {(p.content_type.app_label, p.codename) for p in group.permissions.select_related("content_type")}

    assert held == programme_team.codenames()
    assert ("fund", "add_assignment") in held
    assert ("signing", "view_signing") in held
    assert not {codename for _app, codename in held} & {
        "add_user", "change_user", "delete_user", "add_group", "change_group", "view_group",
        "change_auditevent", "delete_auditevent", "change_signing", "change_pledge", "delete_pledge",
    }  # fmt: skip


def test_permissions_changed_by_hand_are_put_back_and_the_change_audited():
    group = Group.objects.get(name="Programme team")
    group.permissions.clear()

    call_command("programme_team", stdout=io.StringIO())

    assert group.permissions.count() == len(programme_team.codenames())
    assert AuditEvent.objects.filter(action="programme team permissions set", object_label="Programme team")


def test_the_command_adds_someone_who_has_signed_in(capsys):
    user = User.objects.create_user("new.colleague@localdigital.example")

    call_command("programme_team", "New.Colleague@localdigital.example")

    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Programme team").exists()
    assert "new.colleague@localdigital.example is in the Programme team group" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="added to the programme team", object_id=str(user.pk)).exists()


def test_the_demo_programme_team_account_is_in_the_group_and_not_a_superuser():
    DeclarationVersionFactory()
    load_demo_data()

    account = User.objects.get(email=PROGRAMME_TEAM_EMAIL)
    assert account.is_staff and not account.is_superuser
    assert account.has_perm("fund.add_assignment")
    assert not account.has_perm("accounts.change_user")


def test_the_team_sees_its_tools_on_the_staff_index(team_client):
    html = team_client.get(reverse("admin:index")).content.decode()

    assert "permission to view or edit anything" not in html
    for name in ("Assignments", "Organisations", "Access requests", "Declaration versions", "Audit events"):
        assert name in html
    assert "Groups" not in html


def test_the_team_assigns_an_assessor_to_a_bid(team_client):
    bid = ApplicationFactory(status=Application.Status.SUBMITTED)
    assessor = User.objects.create_user("assessor@elsewhere.example")

    response = team_client.post(
        reverse("admin:fund_assignment_add"), {"application": bid.pk, "assessor": assessor.pk, "conflict": ""}
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Assignment.objects.filter(application=bid, assessor=assessor).exists()
    assert AuditEvent.objects.filter(action="added in admin", object_type="fund.assignment").exists()


def test_the_team_approves_an_access_request(team_client, mailoutbox):
    access_request = AccessRequest.objects.create(
        user=User.objects.create_user("officer@elsewhere.example"),
        organisation=OrganisationFactory(),
        role="Digital lead",
        reason="I lead the digital team",
    )

    response = team_client.post(
        reverse("admin:organisations_accessrequest_changelist"),
        {"action": "approve", "_selected_action": [access_request.pk]},
    )

    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == "approved"
    assert access_request.decided_by == team_client.user


def test_the_team_exports_pledges_with_a_reason(team_client):
    pledge = Pledge.objects.create(name="Sam", email="sam@example.com", email_key="sam@example.com")

    response = team_client.post(
        reverse("admin:pledges_pledge_changelist"),
        {"action": "export", "_selected_action": [pledge.pk], "reason": "Inviting supporters to an event"},
    )

    assert response.status_code == 200
    assert "sam@example.com" in b"".join(response.streaming_content).decode()
    assert AuditEvent.objects.filter(action="pledges exported").exists()


@pytest.mark.parametrize(
    "page",
    ["admin:accounts_user_add", "admin:auth_group_changelist", "admin:auth_group_add"],
)
def test_the_team_cannot_make_people_or_groups(team_client, page):
    assert team_client.get(reverse(page)).status_code == 403


def test_the_team_cannot_change_a_person_or_give_themselves_more(team_client):
    user = team_client.user
    response = team_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {"email": user.email, "is_active": "on", "is_staff": "on", "is_superuser": "on"},
    )

    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_the_team_cannot_edit_the_audit_trail_or_a_signing(team_client):
    event = AuditEvent.objects.create(action="something", object_type="x", object_id="1")

    change = team_client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "other"})
    delete = team_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    event.refresh_from_db()
    assert event.action == "something"
