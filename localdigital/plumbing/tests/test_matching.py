"""Products and suppliers are shared records: the same product typed ten ways ends as one record."""

import pytest
from django.urls import reverse

from localdigital.plumbing import matching
from localdigital.plumbing.models import Product, ProductName, System
from localdigital.plumbing.tests.factories import ProductFactory
from localdigital.service_list.models import Service
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db

TEN_WAYS = [
    "Whitespace Work Software",
    "whitespace work software",
    "WHITESPACE WORK",
    "Whitespace Work Ltd",
    "Whitespace Work Software Limited",
    "  Whitespace   Work  ",
    "Whitespace-Work",
    "Whitespace Work.",
    "Whitespce Work",
    "Whitespace Wrok",
]


def test_fold_drops_case_punctuation_spaces_and_words_that_name_no_product():
    assert matching.fold("  Whitespace   WORK, Software Ltd. ") == "whitespace work"
    assert matching.fold("Civica (UK) Limited") == "civica"
    assert matching.fold("Bartec-Municipal Technologies plc") == "bartec municipal technologies"
    assert matching.fold("Software Ltd") == "software ltd"  # nothing else left: kept, not folded to nothing
    assert matching.fold("Ffôn Café") == "ffon cafe"


def test_close_names_are_offered_and_others_are_not():
    product = ProductFactory(name="Whitespace Work")
    matching.remember_product_name(product, "Whitespace Work")
    other = ProductFactory(name="Idox Uniform")
    matching.remember_product_name(other, "Idox Uniform")

    assert [match.record for match in matching.similar_products("Whitespce Work")] == [product]
    assert [match.record for match in matching.similar_products("Idox Unifrom")] == [other]
    assert matching.similar_products("Bartec Collective") == []


def test_the_same_product_typed_ten_ways_by_ten_councils_ends_as_one_record(client):
    waste = Service.objects.create(code=524, label="Household waste collection")
    for number, typed in enumerate(TEN_WAYS):
        council = CouncilFactory(
            name=f"Council {number}", slug=f"council-{number}", domain=f"c{number}.gov.uk"
        )
        client.force_login(member_of(council))
        client.get(reverse("plumbing:record-new"))
        response = client.post(
            reverse("plumbing:record-product"), {"product": typed, "supplier": "Whitespace"}
        )
        if response.url == reverse("plumbing:record-choose"):
            # Without JavaScript the close product is offered; the officer chooses it, as the page asks.
            page = client.get(response.url).content.decode()
            first = Product.objects.current().get()
            assert f'value="{first.pk}"' in page
            client.post(response.url, {"choice": str(first.pk)})
        client.post(reverse("plumbing:record-section", args=["services"]), {"service_1": waste.pk})
        client.post(
            reverse("plumbing:record-section", args=["contract"]),
            {
                "hosting": "supplier",
                "procurement": "open",
                "value_band": "not-known",
                "value_band_visibility": "members",
            },
        )
        client.post(reverse("plumbing:record-section", args=["standards"]), {"api": "not-known"})
        client.post(reverse("plumbing:record-section", args=["replacement"]), {"replacement": "no-plans"})
        client.post(reverse("plumbing:record-check"))

    assert System.objects.count() == 10
    assert Product.objects.count() == 1
    product = Product.objects.get()
    assert set(System.objects.values_list("product", flat=True)) == {product.pk}
    assert product.name == "Whitespace Work Software"  # as the first person typed it
    # Every distinct way it was typed is kept (folded alike, ones such as "WHITESPACE WORK" are one name).
    folded = set(ProductName.objects.filter(product=product).values_list("folded", flat=True))
    assert folded == {matching.fold(typed) for typed in TEN_WAYS}
    assert product.supplier.name == "Whitespace"


def test_a_merged_record_s_old_address_resolves_to_the_one_it_was_merged_into():
    kept = ProductFactory(slug="whitespace-work")
    middle = ProductFactory(slug="whitespace", merged_into=kept)
    ProductFactory(slug="white-space", merged_into=middle)

    assert matching.resolve_merged(Product, "white-space") == kept
    assert matching.resolve_merged(Product, "whitespace-work") == kept
    assert matching.resolve_merged(Product, "nothing-here") is None
