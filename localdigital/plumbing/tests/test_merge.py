"""Staff merge duplicate products and suppliers in the staff tools: what used the duplicate moves to the
record kept, the duplicate stays (pointing at it) with its history, and the merge is audited."""

import pytest
from django.urls import reverse

from localdigital.accounts.models import User
from localdigital.audit.models import AuditEvent
from localdigital.plumbing import matching
from localdigital.plumbing.models import Product, ProductName, Supplier
from localdigital.plumbing.tests.factories import ProductFactory, SupplierFactory, SystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    person = User.objects.create_user("team@localdigital.example", is_staff=True, is_superuser=True)
    client.force_login(person)
    return person


def test_staff_merge_a_duplicate_product_after_choosing_the_one_to_keep(client, staff):
    kept = ProductFactory(name="Whitespace Work", slug="whitespace-work")
    matching.remember_product_name(kept, "Whitespace Work")
    duplicate = ProductFactory(name="White Space Works", slug="white-space-works", supplier=None)
    matching.remember_product_name(duplicate, "White Space Works")
    matching.remember_product_name(duplicate, "whitespace work")  # already one of the kept record's names
    systems = [SystemFactory(product=duplicate), SystemFactory(product=duplicate)]
    url = reverse("admin:plumbing_product_changelist")

    asked = client.post(url, {"action": "merge_into", "_selected_action": [str(duplicate.pk)]})
    assert asked.status_code == 200
    assert "Merge into" in asked.content.decode()
    assert Product.objects.get(pk=duplicate.pk).merged_into is None

    client.post(url, {"action": "merge_into", "_selected_action": [str(duplicate.pk)], "into": str(kept.pk)})

    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept  # kept, not deleted
    assert {system.product for system in Product.objects.get(pk=kept.pk).systems.all()} == {kept}
    assert {s.pk for s in kept.systems.all()} == {s.pk for s in systems}
    assert set(ProductName.objects.filter(product=kept).values_list("name", flat=True)) == {
        "Whitespace Work",
        "White Space Works",
    }
    assert not ProductName.objects.filter(product=duplicate).exclude(folded="whitespace work").exists()
    event = AuditEvent.objects.get(action="product merged")
    assert (event.actor, event.object_id, event.after["merged_into"], event.after["systems_moved"]) == (
        staff,
        str(duplicate.pk),
        kept.pk,
        2,
    )
    # The next person typing the duplicate's name is given the record kept, and its old address leads there.
    assert matching.exact_product("White Space Works") == kept
    assert matching.resolve_merged(Product, "white-space-works") == kept
    assert [match.record for match in matching.similar_products("White Space Works")] == [kept]


def test_staff_merge_a_duplicate_supplier_and_its_products_move(client, staff):
    kept = SupplierFactory(name="Bartec Municipal Technologies", slug="bartec")
    duplicate = SupplierFactory(name="Bartec Ltd", slug="bartec-ltd", identifier="GB-COH-01234567")
    product = ProductFactory(supplier=duplicate)
    url = reverse("admin:plumbing_supplier_changelist")

    client.post(url, {"action": "merge_into", "_selected_action": [str(duplicate.pk)], "into": str(kept.pk)})

    product.refresh_from_db()
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert product.supplier == kept
    assert duplicate.merged_into == kept
    assert kept.identifier == "GB-COH-01234567"
    assert AuditEvent.objects.get(action="supplier merged").after["products_moved"] == 1
    assert matching.resolve_merged(Supplier, "bartec-ltd") == kept


def test_a_record_is_not_merged_into_itself_nor_into_a_merged_one(staff):
    kept = ProductFactory()
    duplicate = ProductFactory(merged_into=kept)
    with pytest.raises(matching.CannotMerge):
        matching.merge(kept, kept, actor=staff)
    with pytest.raises(matching.CannotMerge):
        matching.merge(ProductFactory(), duplicate, actor=staff)
    with pytest.raises(matching.CannotMerge):
        matching.merge(kept, SupplierFactory(), actor=staff)
    assert not AuditEvent.objects.filter(action="product merged").exists()
