"""A shared network's domain, or another body's own website domain, proves no membership until staff
confirm that the bodies share it; the import reports such domains and staff settle them."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from localdigital.audit.models import AuditEvent
from localdigital.organisations.models import Organisation, OrganisationDomain
from localdigital.organisations.services.importer import import_organisations
from localdigital.organisations.services.membership import organisations_for
from localdigital.organisations.tests.test_admin import domain_formset

User = get_user_model()

pytestmark = pytest.mark.django_db


def member_of(email: str) -> set[str]:
    return {org.name for org in organisations_for(User.objects.create_user(email))}


@pytest.fixture
def staff_client(client):
    staff = User.objects.create_superuser("team@localdigital.example", "a long test password")
    client.force_login(staff)
    client.user = staff
    return client


@pytest.fixture
def imported(official_lists):
    """The small lists, with Adur's own website domain also listed under its county, West Sussex."""
    official_lists.domains.append(
        {"local_authority_code": "WSX", "register": "local-authority-eng", "domain": "adur-worthing.gov.uk",
         "start_date": "2005-01-01", "end_date": ""}
    )  # fmt: skip
    official_lists.write()
    return import_organisations(official_lists.folder)


def settle(staff_client, action: str, domain: str, organisation: str):
    row = OrganisationDomain.objects.get(domain=domain, organisation__name=organisation)
    return staff_client.post(
        reverse("admin:organisations_organisationdomain_changelist"),
        {"action": action, "_selected_action": [row.pk]},
    )


def test_a_shared_network_domain_makes_no_one_a_member_and_is_reported(imported):
    assert member_of("x@londonpsn.gov.uk") == set()
    assert member_of("x@kingston.gov.uk") == {"Kingston upon Thames"}
    assert "londonpsn.gov.uk on Kingston upon Thames: a shared network domain" in imported.conflicts


def test_another_bodys_website_domain_makes_you_a_member_of_that_body_only(imported):
    assert member_of("x@adur-worthing.gov.uk") == {"Adur"}
    assert "adur-worthing.gov.uk on West Sussex: the website domain of Adur" in imported.conflicts
    assert len(imported.conflicts) == 2
    assert (
        "2 domains do not count for membership of the body listed until staff confirm" in imported.summary()
    )


def test_the_import_command_prints_the_conflicts(official_lists):
    out = io.StringIO()
    call_command("import_organisations", "--data-dir", str(official_lists.folder), stdout=out, verbosity=0)

    assert "1 domain does not count for membership of the body listed until staff confirm" in out.getvalue()
    assert "- londonpsn.gov.uk on Kingston upon Thames: a shared network domain" in out.getvalue()


def test_staff_see_the_domains_needing_a_decision(imported, staff_client):
    response = staff_client.get(
        reverse("admin:organisations_organisationdomain_changelist"), {"decision": "needed"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "londonpsn.gov.uk" in html and "adur-worthing.gov.uk" in html
    assert "kingston.gov.uk</a>" not in html
    assert "No, until confirmed as shared" in html


def test_staff_confirm_a_shared_domain_audited_and_the_import_keeps_it(
    imported, staff_client, official_lists
):
    response = settle(staff_client, "confirm_shared", "londonpsn.gov.uk", "Kingston upon Thames")

    assert response.status_code == 302
    assert member_of("x@londonpsn.gov.uk") == {"Kingston upon Thames"}
    event = AuditEvent.objects.get(action="domain confirmed as shared")
    assert (event.actor, event.object_label) == (staff_client.user, "londonpsn.gov.uk")
    again = import_organisations(official_lists.folder)
    assert not again.has_changes
    assert member_of("y@londonpsn.gov.uk") == {"Kingston upon Thames"}
    assert len(again.conflicts) == 1


def test_staff_switch_a_domain_off_audited_and_the_import_keeps_it_off(
    imported, staff_client, official_lists
):
    settle(staff_client, "switch_off", "adur-worthing.gov.uk", "West Sussex")

    import_organisations(official_lists.folder)

    row = OrganisationDomain.objects.get(domain="adur-worthing.gov.uk", organisation__name="West Sussex")
    assert not row.is_active
    assert AuditEvent.objects.filter(action="domain switched off", actor=staff_client.user).exists()
    assert member_of("x@adur-worthing.gov.uk") == {"Adur"}


def test_the_conflict_clears_when_the_other_body_leaves_the_lists(imported, official_lists):
    official_lists.councils = [row for row in official_lists.councils if row["local_authority_code"] != "ADU"]
    official_lists.write()

    report = import_organisations(official_lists.folder)

    assert member_of("x@adur-worthing.gov.uk") == {"West Sussex"}
    assert report.conflicts == ["londonpsn.gov.uk on Kingston upon Thames: a shared network domain"]
    assert AuditEvent.objects.filter(action="domain conflict cleared by import").exists()


def test_a_shared_network_domain_staff_add_also_waits_for_confirmation(imported, staff_client):
    west_sussex = Organisation.objects.get(name="West Sussex")

    staff_client.post(
        reverse("admin:organisations_organisation_change", args=[west_sussex.pk]),
        domain_formset(west_sussex, {}, new=["gcsx.gov.uk"]),
    )

    assert OrganisationDomain.objects.get(domain="gcsx.gov.uk").conflict == "shared-network"
    assert member_of("x@gcsx.gov.uk") == set()


def test_the_organisation_page_lists_only_domains_that_prove_membership(imported, client):
    kingston = Organisation.objects.get(name="Kingston upon Thames")

    html = client.get(kingston.get_absolute_url()).content.decode()

    assert "kingston.gov.uk" in html
    assert "londonpsn.gov.uk" not in html


class TestTheRealLists:
    def test_shared_and_borrowed_domains_prove_nothing_until_confirmed(self, real_data_dir):
        report = import_organisations(real_data_dir)

        assert member_of("x@londonpsn.gov.uk") == set()
        assert member_of("x@hart.gov.uk") == {"Hart"}
        assert member_of("x@hants.gov.uk") == {"Hampshire"}
        assert member_of("x@teesvalley-ca.gov.uk") == {"Tees Valley"}
        assert member_of("x@liverpoolcityregion-ca.gov.uk") == {"Liverpool City Region"}
        # Two councils that both give a domain as their own website's do share it.
        assert member_of("x@adur-worthing.gov.uk") == {"Adur", "Worthing"}
        assert len(report.conflicts) == 5
        assert {line.split(" on ")[0] for line in report.conflicts} == {
            "londonpsn.gov.uk", "hart.gov.uk", "teesvalley-ca.gov.uk", "liverpoolcityregion-ca.gov.uk",
            "westofengland-ca.gov.uk",
        }  # fmt: skip


def test_the_register_csv_lists_only_domains_that_prove_membership(imported, client):
    response = client.get("/organisations.csv", {"q": "Kingston"})

    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "kingston.gov.uk" in body
    assert "londonpsn.gov.uk" not in body


def test_the_api_lists_only_the_domains_that_prove_membership(imported, client, staff_client):
    def domains() -> list[str]:
        return client.get("/api/v1/organisations/E09000021").json()["email_domains"]

    assert domains() == ["kingston.gov.uk"]
    settle(staff_client, "confirm_shared", "londonpsn.gov.uk", "Kingston upon Thames")
    assert sorted(domains()) == ["kingston.gov.uk", "londonpsn.gov.uk"]
