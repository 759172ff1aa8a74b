"""Recording a system as a member of an organisation: the pages one part at a time, the checks on what is
typed, "Check your answers", and changing, confirming and retiring a record. Only members may."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from localdigital.audit.models import AuditEvent
from localdigital.plumbing.models import Product, ProductName, Supplier, System, Visibility
from localdigital.plumbing.tests.factories import ProductFactory, StandardFactory, SystemFactory
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")


@pytest.fixture
def officer(council, client):
    person = member_of(council)
    client.force_login(person)
    return person


@pytest.fixture
def waste():
    return Service.objects.create(code=524, label="Household waste collection")


def contract(**changes):
    data = {
        "hosting": "supplier",
        "contract_start-day": "1",
        "contract_start-month": "4",
        "contract_start-year": "2022",
        "contract_end-day": "31",
        "contract_end-month": "3",
        "contract_end-year": "2027",
        "extension_options": "Two further periods of 12 months",
        "extension_months": "24",
        "procurement": "framework",
        "framework": "G-Cloud 14",
        "value_band": "100k-500k",
        "value_band_visibility": "public",
    }
    data.update(changes)
    return data


def record(client, waste, product="Whitespace Work", supplier="Whitespace Ltd", **contract_changes):
    """Go through the pages as an officer would, up to "Check your answers"."""
    client.get(reverse("plumbing:record-new"))
    response = client.post(reverse("plumbing:record-product"), {"product": product, "supplier": supplier})
    if response.url == reverse("plumbing:record-choose"):
        return response
    client.post(reverse("plumbing:record-section", args=["services"]), {"service_1": waste.pk})
    client.post(reverse("plumbing:record-section", args=["contract"]), contract(**contract_changes))
    standard = StandardFactory(name="Local Waste Service Standards")
    client.post(
        reverse("plumbing:record-section", args=["standards"]),
        {"standards": [standard.pk], "api": "open", "api_url": "https://developer.example.com/"},
    )
    return client.post(
        reverse("plumbing:record-section", args=["replacement"]),
        {
            "replacement": "planned",
            "replace_by-day": "31",
            "replace_by-month": "3",
            "replace_by-year": "2028",
        },
    )


def test_an_officer_records_a_system_checks_the_answers_and_saves_it(client, officer, council, waste):
    response = record(client, waste)
    assert response.url == reverse("plumbing:record-check")

    check = client.get(reverse("plumbing:record-check"))
    page = check.content.decode()
    assert "Check your answers before saving the record" in page
    assert "Whitespace Work" in page and "Household waste collection" in page and "G-Cloud 14" in page
    assert "31 March 2027" in page

    saved = client.post(reverse("plumbing:record-check"))
    system = System.objects.get()
    assert saved.url == reverse("plumbing:record-saved", args=[system.pk])
    assert "System recorded" in client.get(saved.url).content.decode()
    assert system.organisation == council
    assert system.product.name == "Whitespace Work"
    assert system.product.supplier.name == "Whitespace Ltd"
    assert list(system.services.all()) == [waste]
    assert system.contract_start == date(2022, 4, 1) and system.contract_end == date(2027, 3, 31)
    assert system.extension_months == 24 and system.framework == "G-Cloud 14"
    assert system.value_band_visibility == Visibility.PUBLIC
    assert system.api_url == "https://developer.example.com/"
    assert system.replace_by == date(2028, 3, 31)
    assert system.confirmed_by == officer and system.created_by == officer
    assert system.standards.get().name == "Local Waste Service Standards"
    assert AuditEvent.objects.filter(action="system recorded", object_id=str(system.pk)).exists()
    assert AuditEvent.objects.filter(action="product added").exists()


def test_someone_who_acts_for_no_organisation_is_told_how_to_ask(client):
    from localdigital.accounts.models import User

    client.force_login(User.objects.create_user("someone@example.com"))
    response = client.get(reverse("plumbing:record-new"))
    assert response.status_code == 403
    assert reverse("organisations:request-access") in response.content.decode()


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(reverse("plumbing:record-new"))
    assert response.status_code == 302 and "next=" in response.url


def test_someone_acting_for_two_organisations_chooses_which(client, council, waste):
    from localdigital.organisations.models import AccessRequest

    sutton = CouncilFactory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    person = member_of(council)
    AccessRequest.objects.create(
        user=person, organisation=sutton, role="Officer", reason="Shared service", status="approved"
    )
    client.force_login(person)

    page = client.get(reverse("plumbing:record-new")).content.decode()
    assert "Which organisation is the system for?" in page and "Sutton" in page
    assert "Select the organisation" in client.post(reverse("plumbing:record-new"), {}).content.decode()
    response = client.post(reverse("plumbing:record-new"), {"organisation": str(sutton.pk)})
    assert response.url == reverse("plumbing:record-product")
    assert "Record a system for Sutton" in client.get(response.url).content.decode()


def test_the_contract_cannot_end_before_it_starts_and_what_was_typed_is_kept(client, officer, waste):
    client.get(reverse("plumbing:record-new"))
    client.post(reverse("plumbing:record-product"), {"product": "Bartec Collective", "supplier": ""})
    response = client.post(
        reverse("plumbing:record-section", args=["contract"]),
        contract(**{"contract_end-year": "2021", "extension_months": "6.5", "framework": "RM6259"}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The date the contract ends must be the same as or after it starts" in page
    assert "The longest extension must be a whole number of months, like 24" in page
    assert 'value="2021"' in page and 'value="RM6259"' in page


@pytest.mark.parametrize(
    ("months", "message"),
    [("121", "120 months or fewer"), ("-1", "0 months or more"), ("twelve", "whole number of months")],
)
def test_the_longest_extension_is_a_whole_number_of_months_up_to_ten_years(client, officer, months, message):
    client.get(reverse("plumbing:record-new"))
    client.post(reverse("plumbing:record-product"), {"product": "Bartec Collective"})
    response = client.post(
        reverse("plumbing:record-section", args=["contract"]), contract(extension_months=months)
    )
    assert message in response.content.decode()


def test_the_replace_by_date_must_be_real_and_the_api_address_valid(client, officer):
    client.get(reverse("plumbing:record-new"))
    client.post(reverse("plumbing:record-product"), {"product": "Bartec Collective"})
    response = client.post(
        reverse("plumbing:record-section", args=["replacement"]),
        {
            "replacement": "planned",
            "replace_by-day": "31",
            "replace_by-month": "2",
            "replace_by-year": "2028",
        },
    )
    assert "Enter a real date" in response.content.decode()
    response = client.post(
        reverse("plumbing:record-section", args=["standards"]),
        {"api": "open", "api_url": "not a web address"},
    )
    page = response.content.decode()
    assert "Enter a web address in the correct format" in page and "not a web address" in page


def test_a_close_product_name_is_offered_and_choosing_it_uses_the_one_record(client, officer, waste):
    existing = ProductFactory(name="Whitespace Work", slug="whitespace-work")
    ProductName.objects.create(product=existing, name="Whitespace Work", folded="whitespace work")

    response = record(client, waste, product="Whitespce Work", supplier="")
    assert response.url == reverse("plumbing:record-choose")
    offer = client.get(response.url).content.decode()
    assert "Did you mean one of these?" in offer
    assert "No, it is a new product: Whitespce Work" in offer

    client.post(reverse("plumbing:record-choose"), {"choice": str(existing.pk)})
    record_rest = reverse("plumbing:record-section", args=["services"])
    client.post(record_rest, {"service_1": waste.pk})
    client.post(reverse("plumbing:record-section", args=["contract"]), contract())
    client.post(reverse("plumbing:record-section", args=["standards"]), {"api": "none"})
    client.post(reverse("plumbing:record-section", args=["replacement"]), {"replacement": "no-plans"})
    client.post(reverse("plumbing:record-check"))

    assert Product.objects.count() == 1
    assert System.objects.get().product == existing
    assert set(existing.names.values_list("name", flat=True)) == {"Whitespace Work", "Whitespce Work"}


def test_saying_it_is_a_new_product_makes_one(client, officer, waste):
    existing = ProductFactory(name="Whitespace Work", slug="whitespace-work")
    ProductName.objects.create(product=existing, name="Whitespace Work", folded="whitespace work")
    record(client, waste, product="Whitespace Wok", supplier="Wok Ltd")
    client.post(reverse("plumbing:record-choose"), {"choice": "new"})
    client.post(reverse("plumbing:record-section", args=["services"]), {"service_1": waste.pk})
    client.post(reverse("plumbing:record-section", args=["contract"]), contract())
    client.post(reverse("plumbing:record-section", args=["standards"]), {"api": "none"})
    client.post(reverse("plumbing:record-section", args=["replacement"]), {"replacement": "no-plans"})
    client.post(reverse("plumbing:record-check"))
    assert System.objects.get().product.name == "Whitespace Wok"
    assert Supplier.objects.get(name="Wok Ltd")


def _members_record(council, waste):
    return SystemFactory(organisation=council, services=[waste], contract_end=date(2027, 3, 31))


def test_a_member_changes_a_record_from_the_check_page_and_the_change_is_audited(
    client, officer, council, waste
):
    system = _members_record(council, waste)
    response = client.get(reverse("plumbing:record-edit", args=[system.pk]))
    assert response.url == reverse("plumbing:record-check")
    assert "Save the changes" in client.get(response.url).content.decode()

    client.post(
        reverse("plumbing:record-section", args=["contract"]) + "?from=check",
        contract(**{"contract_end-year": "2029"}),
    )
    client.post(reverse("plumbing:record-check"))

    system.refresh_from_db()
    assert system.contract_end == date(2029, 3, 31)
    assert System.objects.count() == 1
    event = AuditEvent.objects.get(action="system changed")
    assert event.after["contract_end"] == "2029-03-31"
    assert event.before["contract_end"] == "2027-03-31"


def test_this_record_is_still_right_confirms_it(client, officer, council, waste):
    system = _members_record(council, waste)
    System.objects.filter(pk=system.pk).update(confirmed_at=timezone.now() - timedelta(days=400))
    page = client.get(reverse("plumbing:record-yours")).content.decode()
    assert "1 record needs confirming." in page and "Needs confirming" in page

    client.post(reverse("plumbing:record-still-right", args=[system.pk]))
    system.refresh_from_db()
    assert system.confirmed_by == officer
    assert timezone.now() - system.confirmed_at < timedelta(minutes=1)
    assert AuditEvent.objects.filter(action="system confirmed").exists()
    assert "needs confirming" not in client.get(reverse("plumbing:record-yours")).content.decode()


def test_we_no_longer_use_this_retires_the_record(client, officer, council, waste):
    system = _members_record(council, waste)
    assert "Are you sure" in client.get(reverse("plumbing:record-retire", args=[system.pk])).content.decode()
    client.post(reverse("plumbing:record-retire", args=[system.pk]))
    system.refresh_from_db()
    assert system.state == System.State.RETIRED
    assert AuditEvent.objects.get(action="system retired").after == {"state": "retired"}


def test_only_members_of_the_record_s_organisation_may_change_it(client, officer, waste):
    elsewhere = SystemFactory(organisation=CouncilFactory(), services=[waste])
    for name in ("record-edit", "record-retire", "record-saved"):
        assert client.get(reverse(f"plumbing:{name}", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("plumbing:record-still-right", args=[elsewhere.pk])).status_code == 404
    assert client.post(reverse("plumbing:record-retire", args=[elsewhere.pk])).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.state == System.State.PUBLISHED
    assert not AuditEvent.objects.filter(object_type="plumbing.system").exists()
    assert str(elsewhere.product) not in client.get(reverse("plumbing:record-yours")).content.decode()


def test_the_product_suggestions_give_names_and_suppliers_only(client):
    product = ProductFactory(name="Whitespace Work", slug="whitespace-work", supplier__name="Whitespace Ltd")
    ProductName.objects.create(product=product, name="Whitespace Work", folded="whitespace work")
    merged = ProductFactory(name="Whitespace Works", slug="whitespace-works", merged_into=product)
    ProductName.objects.create(product=merged, name="Whitespace Works", folded="whitespace works")

    answer = client.get(reverse("plumbing:record-products-json"), {"q": "white"}).json()
    assert answer == {"products": [{"name": "Whitespace Work", "supplier": "Whitespace Ltd"}]}
    assert client.get(reverse("plumbing:record-products-json"), {"q": "w"}).json() == {"products": []}


def test_the_pages_are_in_welsh_under_cy(client, officer, waste):
    client.get("/cy/systems/new/")
    page = client.get("/cy/systems/new/product/").content.decode()
    assert "Beth yw enw’r cynnyrch?" in page and "Cofnodi system ar gyfer Kingston upon Thames" in page
    client.post("/cy/systems/new/product/", {"product": "Whitespace Work"})
    errors = client.post(
        "/cy/systems/new/contract/", contract(**{"contract_end-year": "2021"})
    ).content.decode()
    assert "Rhaid i’r dyddiad y daw’r contract i ben fod yr un fath" in errors
