"""Products and suppliers as shared records: the same product typed ten ways ends as one record.

A typed name is folded (`fold`) and compared with every way a current record's name has been typed before
(`ProductName`, `SupplierName`), with rapidfuzz's similarity of the folded names. A name whose fold is
already known is that record; a close one is offered ("Did you mean one of these?"); a new one makes a
new record. Staff merge the duplicates that still get through (`merge`), keeping the merged record and its
history: `resolve_merged` finds where an old address now points.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from rapidfuzz import fuzz

from localdigital.audit import services as audit
from localdigital.plumbing.models import Product, ProductName, Supplier, SupplierName, System

# Words that say nothing about which product or company it is, dropped for matching only.
NOISE_WORDS = frozenset(
    {"ltd", "limited", "plc", "llp", "inc", "co", "company", "uk", "software", "system", "systems", "the"}
)
# How alike two folded names must be (0 to 100) to be offered as the same.
CLOSE = 80
MOST_OFFERED = 10


def fold(name: str) -> str:
    """A name reduced for matching: lower case, accents and punctuation gone, single spaces, and without
    words such as "Ltd" or "software". Falls back to the plain lower-cased words if only such words
    remain, so that "Software Ltd" is not folded to nothing."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("&", " and ")
    words = re.sub(r"[^\w\s]|_", " ", text).split()
    kept = [word for word in words if word not in NOISE_WORDS]
    return " ".join(kept or words)[:200]


@dataclass(frozen=True)
class Match:
    record: Any  # a Product or a Supplier
    score: float
    exact: bool


def _matches(name: str, names_model, owner: str, limit: int) -> list[Match]:
    folded = fold(name)
    if not folded:
        return []
    best: dict[int, Match] = {}
    rows = names_model.objects.filter(**{f"{owner}__merged_into": None}).select_related(owner)
    for row in rows.iterator():
        score = 100.0 if row.folded == folded else fuzz.ratio(row.folded, folded)
        if score < CLOSE:
            continue
        record = getattr(row, owner)
        if record.pk not in best or best[record.pk].score < score:
            best[record.pk] = Match(record, score, row.folded == folded)
    return sorted(best.values(), key=lambda match: (-match.score, match.record.name))[:limit]


def similar_products(name: str, limit: int = MOST_OFFERED) -> list[Match]:
    """Current products whose names (as ever typed) are close to `name`, closest first."""
    return _matches(name, ProductName, "product", limit)


def similar_suppliers(name: str, limit: int = MOST_OFFERED) -> list[Match]:
    return _matches(name, SupplierName, "supplier", limit)


def exact_product(name: str) -> Product | None:
    """The current product this name has been typed as before (after folding), if any."""
    row = ProductName.objects.filter(folded=fold(name), product__merged_into=None).select_related("product")
    first = row.first()
    return first.product if first else None


def exact_supplier(name: str) -> Supplier | None:
    row = SupplierName.objects.filter(folded=fold(name), supplier__merged_into=None).select_related(
        "supplier"
    )
    first = row.first()
    return first.supplier if first else None


def unique_slug(model, name: str) -> str:
    base = slugify(name)[:180] or "record"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def remember_product_name(product: Product, typed: str) -> None:
    """Keep a way the product's name was typed, so that the next person typing it is offered it."""
    typed = " ".join(typed.split())[:200]
    if typed:
        ProductName.objects.get_or_create(product=product, folded=fold(typed), defaults={"name": typed})


def remember_supplier_name(supplier: Supplier, typed: str) -> None:
    typed = " ".join(typed.split())[:200]
    if typed:
        SupplierName.objects.get_or_create(supplier=supplier, folded=fold(typed), defaults={"name": typed})


@transaction.atomic
def supplier_for(typed: str, *, chosen: Supplier | None = None, actor=None) -> Supplier | None:
    """The supplier a person chose or typed: the one chosen, else the one this name was typed as before,
    else the closest very near one, else a new one. The typed name is kept either way."""
    typed = " ".join((typed or "").split())
    if chosen is None and not typed:
        return None
    supplier = chosen or exact_supplier(typed)
    if supplier is None:
        supplier = Supplier.objects.create(name=typed, slug=unique_slug(Supplier, typed))
        audit.record("supplier added", supplier, actor=actor)
    remember_supplier_name(supplier, typed or supplier.name)
    return supplier


@transaction.atomic
def product_for(
    typed: str, *, chosen: Product | None = None, supplier: Supplier | None = None, actor=None
) -> Product:
    """The product a person chose or typed, made if it is new, with the typed name kept. A new product is
    made only when no current product was ever typed as this name (after folding): the person has already
    been offered the close ones."""
    typed = " ".join((typed or "").split())
    product = chosen or exact_product(typed)
    if product is None:
        product = Product.objects.create(name=typed, slug=unique_slug(Product, typed), supplier=supplier)
        audit.record("product added", product, actor=actor)
    elif product.supplier_id is None and supplier is not None:
        product.supplier = supplier
        product.save(update_fields=["supplier"])
    remember_product_name(product, typed or product.name)
    return product


def current(record):
    """The record itself, or the one it was (perhaps in turn) merged into."""
    seen = set()
    while record.merged_into_id is not None and record.pk not in seen:
        seen.add(record.pk)
        record = record.merged_into
    return record


def resolve_merged(model, slug: str):
    """The current record for `slug`: the record itself, or the one it was (perhaps in turn) merged into;
    None if there is no such record. A public page redirects to this one's address when it differs."""
    record = model.objects.filter(slug=slug).first()
    return current(record) if record is not None else None


class CannotMerge(ValueError):
    pass


@transaction.atomic
def merge(duplicate, into, *, actor) -> None:
    """Merge one product (or supplier) into another: its systems (or products) and the names it was typed
    as move to `into`; the duplicate is kept, pointing at `into`, so its history and old address remain."""
    if type(duplicate) is not type(into) or not isinstance(into, Product | Supplier):
        raise CannotMerge("Only a product into a product, or a supplier into a supplier")
    if duplicate.pk == into.pk or current(into).pk == duplicate.pk:
        raise CannotMerge("A record cannot be merged into itself")
    if into.merged_into_id is not None:
        raise CannotMerge("Merge into a current record, not one already merged")
    before = {"merged_into": None}
    if isinstance(duplicate, Product) and isinstance(into, Product):
        detail = {"systems_moved": _merge_product(duplicate, into)}
        action = "product merged"
    elif isinstance(duplicate, Supplier) and isinstance(into, Supplier):
        detail = {"products_moved": _merge_supplier(duplicate, into)}
        action = "supplier merged"
    else:  # pragma: no cover - refused above
        raise CannotMerge("Only a product into a product, or a supplier into a supplier")
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into"])
    audit.record(
        action,
        duplicate,
        actor=actor,
        before=before,
        after={"merged_into": into.pk, "merged_into_name": into.name, **detail},
    )


def _merge_product(duplicate: Product, into: Product) -> int:
    moved = System.objects.filter(product=duplicate).update(product=into)
    known = set(ProductName.objects.filter(product=into).values_list("folded", flat=True))
    ProductName.objects.filter(product=duplicate).exclude(folded__in=known).update(product=into)
    remember_product_name(into, duplicate.name)
    if into.supplier_id is None and duplicate.supplier_id is not None:
        into.supplier_id = duplicate.supplier_id
        into.save(update_fields=["supplier"])
    return moved


def _merge_supplier(duplicate: Supplier, into: Supplier) -> int:
    moved = Product.objects.filter(supplier=duplicate).update(supplier=into)
    known = set(SupplierName.objects.filter(supplier=into).values_list("folded", flat=True))
    SupplierName.objects.filter(supplier=duplicate).exclude(folded__in=known).update(supplier=into)
    remember_supplier_name(into, duplicate.name)
    if not into.identifier and duplicate.identifier:
        into.identifier = duplicate.identifier
        into.save(update_fields=["identifier"])
    return moved
