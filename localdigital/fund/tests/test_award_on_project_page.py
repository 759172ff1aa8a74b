"""A project's page names the fund's award only while the bid linked to the project is funded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.fund import services
from localdigital.fund.models import Application
from localdigital.fund.tests.factories import ApplicationFactory, close_round, partner

pytestmark = pytest.mark.django_db

AWARD = "Funded by the Local Digital Fund: £60,000 for discovery in"


@pytest.fixture
def funded(client):
    application = ApplicationFactory()
    partner(application)
    services.submit(application, actor=application.created_by)
    close_round(application.round)
    client.force_login(User.objects.create_user("team@localdigital.example", is_staff=True))
    decide = reverse("fund:decide", args=[application.round.slug, application.reference])
    client.post(decide, {"decision": "funded", "feedback": "A strong, clear plan."})
    client.logout()
    application.refresh_from_db()
    assert application.status == Application.Status.FUNDED and application.project is not None
    return application


def test_the_project_page_names_the_award_of_its_funded_bid(client, funded):
    page = client.get(funded.project.get_absolute_url()).content.decode()
    assert AWARD in page
    assert reverse("fund:round", args=[funded.round.slug]) in page


def test_a_bid_linked_to_the_project_but_not_funded_is_not_named(client, funded):
    Application.objects.filter(pk=funded.pk).update(status=Application.Status.NOT_FUNDED)
    page = client.get(funded.project.get_absolute_url()).content.decode()
    assert AWARD not in page


def test_the_award_and_its_round_come_with_the_project_in_one_query(client, funded):
    url = funded.project.get_absolute_url()
    client.get(url)  # warm the per-process caches (the similar-projects index)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    award_queries = [q["sql"] for q in queries if '"fund_application"' in q["sql"]]
    assert len(award_queries) == 1
    assert '"fund_round"' in award_queries[0] and '"projects_project"' in award_queries[0]
