import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from localdigital.audit.models import AuditEvent
from localdigital.organisations.models import Organisation, OrganisationDomain
from localdigital.organisations.services.importer import import_organisations

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("team@localdigital.example", "a long test password"))
    return client


def domain_formset(organisation: Organisation, changes: dict[str, dict], new: list[str] = ()) -> dict:
    """The admin's inline form data for a body's domains, with some rows changed and some added."""
    rows = list(organisation.domains.order_by("pk")) if organisation.pk else []
    data = {
        "domains-TOTAL_FORMS": str(len(rows) + len(new)),
        "domains-INITIAL_FORMS": str(len(rows)),
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        values = {
            "id": row.pk,
            "organisation": organisation.pk,
            "domain": row.domain,
            "is_active": "on" if row.is_active else "",
            "note": row.note,
        }
        values.update(changes.get(row.domain, {}))
        data.update({f"domains-{index}-{key}": value for key, value in values.items() if value != ""})
    for offset, domain in enumerate(new, start=len(rows)):
        data.update(
            {
                f"domains-{offset}-domain": domain,
                f"domains-{offset}-is_active": "on",
            }
        )
    return data


def test_staff_open_an_imported_body_whose_own_fields_are_read_only(staff_client, official_lists):
    import_organisations(official_lists.folder)
    kingston = Organisation.objects.get(gss_code="E09000021")

    response = staff_client.get(reverse("admin:organisations_organisation_change", args=[kingston.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="name"' not in html
    assert 'name="domains-0-domain"' in html


def test_a_staff_correction_of_domains_survives_the_next_import(staff_client, official_lists):
    import_organisations(official_lists.folder)
    kingston = Organisation.objects.get(gss_code="E09000021")

    response = staff_client.post(
        reverse("admin:organisations_organisation_change", args=[kingston.pk]),
        domain_formset(kingston, {"londonpsn.gov.uk": {"is_active": ""}}, new=["RBK.Kingston.gov.uk"]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    import_organisations(official_lists.folder)

    active = set(kingston.domains.filter(is_active=True).values_list("domain", flat=True))
    assert active == {"kingston.gov.uk", "rbk.kingston.gov.uk"}
    assert OrganisationDomain.objects.get(domain="londonpsn.gov.uk").source == "staff"
    assert AuditEvent.objects.filter(
        action="changed in admin", object_type="organisations.organisationdomain"
    ).exists()
    assert AuditEvent.objects.filter(action="added in admin", object_label="rbk.kingston.gov.uk").exists()


def test_staff_add_a_body_the_lists_do_not_have(staff_client):
    response = staff_client.post(
        reverse("admin:organisations_organisation_add"),
        {"name": "Avon Fire and Rescue Service", "official_name": "Avon Fire Authority", "slug": "avon-fire",
         "type": "fire-and-rescue", "nation": "england", "region": "south-west", "former_gss_codes": "[]",
         **domain_formset(Organisation(), {}, new=["avonfire.gov.uk"])},
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    avon = Organisation.objects.get(slug="avon-fire")
    assert avon.managed_by == "staff"
    assert list(avon.domains.values_list("domain", flat=True)) == ["avonfire.gov.uk"]
    assert AuditEvent.objects.filter(
        action="added in admin", object_label="Avon Fire and Rescue Service"
    ).exists()


def test_the_admin_refuses_a_domain_that_is_not_one(staff_client):
    response = staff_client.post(
        reverse("admin:organisations_organisation_add"),
        {"name": "Bad", "slug": "bad", "type": "other", "nation": "england", "former_gss_codes": "[]",
         **domain_formset(Organisation(), {}, new=["https://bad.example/path"])},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Enter a domain name like kingston.gov.uk" in response.content.decode()
