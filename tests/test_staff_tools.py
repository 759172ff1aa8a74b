"""Every page of the staff tools opens, for every model they show, as each role that uses them."""

import html
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from localdigital.abuse.models import AddressRule, EmailDomainRule
from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.demo.services import load_demo_data
from localdigital.fund.models import Application
from localdigital.organisations.models import AccessRequest, Organisation
from localdigital.organisations.services import programme_team
from localdigital.pages.models import Feedback
from localdigital.service_list.models import Service
from localdigital.signing.models import Commitment, CommitmentUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_everything():
    make_one_of_everything()


def make_one_of_everything():
    """At least one row of every model the staff tools show, made as the service makes them."""
    DeclarationVersionFactory()
    Service.objects.create(code=524, label="Missed bin collection")
    load_demo_data()
    commitment = Commitment.objects.first()
    CommitmentUpdate.objects.create(
        commitment=commitment, progress="started", note="Research done", created_by=commitment.created_by
    )
    AddressRule.objects.create(network="192.0.2.0/24", reason="Test network")
    EmailDomainRule.objects.create(domain="spam.example", reason="Throwaway addresses")
    AccessRequest.objects.create(
        user=User.objects.create_user("newcomer@elsewhere.example"),
        organisation=Organisation.objects.first(),
        role="Digital lead",
        reason="I lead the digital team",
    )
    Group.objects.get_or_create(name="Reviewers")
    Feedback.objects.create(journey="pledging", satisfaction=4, improvement="Clear and quick")
    missing = [model._meta.label for model in admin.site._registry if not model._default_manager.exists()]
    assert not missing, f"Make a row of {missing} so that its pages are opened"


def superuser():
    return User.objects.create_superuser("admin@localdigital.example", "a long test password")


def programme_team_member():
    user = User.objects.create_user("team.member@localdigital.example")
    programme_team.add_member(user)
    return User.objects.get(pk=user.pk)


def pages_of_every_model():
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        row = model._default_manager.order_by("pk").first()
        yield "changelist", model_admin, reverse(f"{name}_changelist")
        yield "add", model_admin, reverse(f"{name}_add")
        yield "change", model_admin, reverse(f"{name}_change", args=[row.pk])


def expected_status(kind, model_admin, request):
    allowed = {
        "changelist": model_admin.has_view_or_change_permission(request),
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_view_or_change_permission(request),
    }[kind]
    return 200 if allowed else 403


@pytest.mark.parametrize("make_user", [superuser, programme_team_member], ids=["superuser", "programme team"])
def test_every_staff_page_opens_for_every_model(client, rf, one_of_everything, make_user):
    user = make_user()
    client.force_login(user)
    client.raise_request_exception = False  # list every page that fails, not only the first
    request = rf.get("/")
    request.user = user

    failures = []
    for kind, model_admin, url in pages_of_every_model():
        response = client.get(url)
        expected = expected_status(kind, model_admin, request)
        if response.status_code != expected:
            failures.append(f"{url}: {response.status_code}, expected {expected}")
    assert not failures
    assert client.get(reverse("admin:index")).status_code == 200


RAW_VALUES = {
    "a list as code": re.compile(r"\[\d|\[\""),
    "a dict as code": re.compile(r"\{\""),
    "tick rather than select or clear": re.compile(r"\b(un)?tick", re.IGNORECASE),
}


def test_no_staff_page_shows_a_value_as_the_database_holds_it(client, one_of_everything):
    client.force_login(programme_team_member())
    client.raise_request_exception = False  # pages the team may not open are another test's
    for _kind, _model_admin, url in pages_of_every_model():
        response = client.get(url)
        if response.status_code != 200:
            continue
        page = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]*>", " ", page))
        found = [what for what, pattern in RAW_VALUES.items() if pattern.search(text)]
        if re.search(r'alt="(True|False|None)"', page):
            found.append("yes or no as an icon")
        assert not found, f"{url} shows {', '.join(found)}"


def test_amounts_are_pounds_and_principles_words(client, one_of_everything):
    client.force_login(programme_team_member())
    bid = Application.objects.exclude(amount=None).order_by("pk").first()
    bid.amount = Decimal("120000.00")
    bid.save(update_fields=["amount"])
    commitment = Commitment.objects.order_by("pk").first()
    commitment.principles = [1, 5]
    commitment.save(update_fields=["principles"])

    listed = client.get(reverse("admin:fund_application_changelist")).content.decode()
    shown = client.get(reverse("admin:fund_application_change", args=[bid.pk])).content.decode()
    assert "£120,000" in listed and "£120,000" in shown and "120000.00" not in listed + shown
    page = client.get(reverse("admin:signing_commitment_change", args=[commitment.pk])).content.decode()
    assert '<div class="readonly">1 and 5</div>' in page
