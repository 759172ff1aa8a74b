"""What the public sees of pledges: counts everywhere, names only by choice, never an email address."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.govuk.tests.reading import as_table, bar_values, figures
from localdigital.notifications.models import SentEmail
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.pledges import services
from localdigital.pledges.models import Pledge

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def pledged(db):
    DeclarationVersionFactory()
    council = OrganisationFactory(
        name="Kingston upon Thames", slug="kingston-upon-thames", gss_code="E09000021"
    )
    client = Client()
    for email, name, show in [
        ("shown.person@kingston.gov.uk", "Shown Person", True),
        ("hidden.person@kingston.gov.uk", "Hidden Person", False),
    ]:
        client.post(
            reverse("pledges:pledge"),
            {"name": name, "email": email, "organisation": council.slug, "show_name": "on" if show else ""},
        )
        body = SentEmail.objects.filter(to=email).get().body
        client.post(re.search(r"http://\S+(/pledge/confirm/\S+/)", body).group(1))
    services.tally()
    services.forget_counts()
    return council


def test_names_are_shown_only_by_choice_and_emails_never(client, pledged):
    pages = {
        "supporters": client.get(reverse("pledges:supporters")),
        "declaration": client.get(reverse("declaration:current")),
        "organisation": client.get(reverse("organisations:detail", args=["E09000021"])),
        "api": client.get("/api/v1/pledges/count"),
        "csv": client.get(reverse("pledges:daily-csv")),
        "pledge form": client.get(reverse("pledges:pledge")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        assert "Hidden Person" not in text, name
        assert not [found for found in EMAIL.findall(text) if "kingston.gov.uk" in found], name
    assert "Shown Person" in pages["supporters"].content.decode()
    assert "<strong>2</strong> people have pledged" in pages["declaration"].content.decode()
    assert "2 people from Kingston upon Thames" in pages["organisation"].content.decode()


def test_the_count_api_gives_totals_by_organisation_with_honest_caching(client, pledged):
    response = client.get("/api/v1/pledges/count")

    body = response.json()
    assert body["total"] == 2
    assert body["organisations"] == [
        {"organisation_id": "E09000021", "organisation_name": "Kingston upon Thames", "count": 2}
    ]
    assert "stale-while-revalidate=30" in response["Cache-Control"]
    assert "max-age=5" in response["Cache-Control"]
    assert client.get("/api/v1/pledges/count", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    one = client.get("/api/v1/pledges/count", {"organisation": "kingston-upon-thames"}).json()
    assert one["organisations"][0]["count"] == 2
    missing = client.get("/api/v1/pledges/count", {"organisation": "nowhere"})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_daily_counts_as_csv_for_all_or_one_organisation(client, pledged):
    rows = b"".join(client.get(reverse("pledges:daily-csv")).streaming_content).decode().splitlines()

    assert rows[0].lstrip("\ufeff") == "date,pledges_confirmed,running_total"
    assert rows[1].endswith(",2,2")
    other = OrganisationFactory()
    rows = b"".join(
        client.get(reverse("pledges:daily-csv"), {"organisation": other.slug}).streaming_content
    ).decode()
    assert rows.splitlines()[1:] == []
    assert client.get(reverse("pledges:daily-csv"), {"organisation": "nowhere"}).status_code == 404


def test_staff_export_pledges_only_with_a_reason_which_is_audited(client, pledged):
    staff = User.objects.create_user("team@localdigital.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("admin:pledges_pledge_changelist")
    chosen = [str(pk) for pk in Pledge.objects.values_list("pk", flat=True)]

    asked = client.post(url, {"action": "export", "_selected_action": chosen})
    assert asked.status_code == 200
    assert "Why do you need" in asked.content.decode()
    assert not AuditEvent.objects.filter(action="pledges exported").exists()

    exported = client.post(url, {"action": "export", "_selected_action": chosen, "reason": "Invite to event"})
    text = b"".join(exported.streaming_content).decode()
    assert "hidden.person@kingston.gov.uk" in text
    event = AuditEvent.objects.get(action="pledges exported")
    assert (event.actor, event.after["reason"], event.after["count"]) == (staff, "Invite to event", 2)


@pytest.mark.django_db(transaction=True)
def test_counts_are_exact_under_concurrent_pledges_confirmations_and_tallies():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite takes one writer at a time")
    councils = OrganisationFactory.create_batch(3)
    errors = []

    def person(worker: int):
        try:
            for index in range(15):
                email = f"w{worker}p{index}@example.org"
                council = councils[(worker + index) % 3]
                services.submit(name="P", email=email, organisation_id=council.pk)
                body = SentEmail.objects.get(to=email).body
                services.confirm(re.search(r"/pledge/confirm/([^/]+)/", body).group(1))
                services.submit(name="P", email=email.upper(), organisation_id=council.pk)  # a repeat
                if index % 4 == 0:
                    services.tally()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=person, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    counts = services.tally()
    confirmed = Pledge.objects.filter(status="confirmed")
    assert counts.total == confirmed.count() == 90
    for council in councils:
        assert counts.by_organisation[str(council.pk)] == confirmed.filter(organisation=council).count()


def test_the_pledges_page_draws_its_days_as_a_chart_whose_bars_are_its_tables_numbers(client, pledged):
    html = client.get(reverse("pledges:supporters")).content.decode()

    root, rows = figures(html, "pledges-by-day")
    assert root.get("role") == "img"
    assert len(rows) == 1 and rows[0][1] == "2"
    assert bar_values(root) == as_table(rows)
    assert "app-bar" not in html  # the bars once made by hand
    assert f'href="{reverse("pages:chart-svg", args=["pledges-by-day"])}"' in html
