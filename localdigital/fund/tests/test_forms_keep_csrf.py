"""Every form on the fund's pages carries its CSRF token, wherever it is rendered (a page, a block
set aside, or a macro), so that pressing its button never answers 403."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.fund import services
from localdigital.fund.models import ApplicationPartner, Assignment
from localdigital.fund.tests.factories import (
    ApplicationFactory,
    RoundFactory,
    close_round,
    partner,
    signatory,
)
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db

POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.DOTALL)


def post_forms(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return POST_FORM.findall(response.content.decode())


def assert_every_form_has_its_token(client, url, at_least: int) -> None:
    forms = post_forms(client, url)
    assert len(forms) >= at_least, url
    for form in forms:
        assert 'name="csrfmiddlewaretoken"' in form, f"a form on {url} has no CSRF token"
        assert "{{" not in form and "csrf_input" not in form


def test_the_applicants_pages(client):
    draft = ApplicationFactory(round=RoundFactory(expressions_of_interest=True))
    partner(draft, status=ApplicationPartner.Status.INVITED)
    client.force_login(draft.created_by)

    for name, forms in (("bid", 1), ("bid-partners", 2), ("bid-budget", 3), ("bid-check", 1)):
        assert_every_form_has_its_token(client, reverse(f"fund:{name}", args=[draft.reference]), forms)
    assert_every_form_has_its_token(client, reverse("fund:bid-answer", args=[draft.reference, "title"]), 1)
    assert_every_form_has_its_token(client, reverse("fund:start", args=[draft.round.slug]), 1)


def test_a_partners_answer(client):
    draft = ApplicationFactory()
    sutton = signatory(name="Sutton", domain="sutton.gov.uk")
    partner(draft, sutton, status=ApplicationPartner.Status.INVITED)
    client.force_login(member_of(sutton))

    assert_every_form_has_its_token(client, reverse("fund:your-bids"), 1)


def test_the_assessors_and_the_programme_teams_pages():
    application = ApplicationFactory()
    partner(application)
    services.submit(application, actor=application.created_by)
    close_round(application.round)
    assessor = User.objects.create_user("assessor@panel.example")
    assignment = Assignment.objects.create(application=application, assessor=assessor)
    staff = User.objects.create_user("team@localdigital.example", is_staff=True)
    as_assessor, as_staff = Client(), Client()
    as_assessor.force_login(assessor)
    as_staff.force_login(staff)

    assert_every_form_has_its_token(as_assessor, reverse("fund:assess", args=[assignment.pk]), 1)
    decide = reverse("fund:decide", args=[application.round.slug, application.reference])
    assert_every_form_has_its_token(as_staff, decide, 1)
