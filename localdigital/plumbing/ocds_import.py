"""Contract notices in: reading an OCDS release package (the JSON that Contracts Finder and Find a Tender
publish) and proposing a system record for each award or contract in it, for a member of the buyer to
confirm before it is published.

A file is refused whole, with the file and the problem named, when it is not UTF-8, not JSON, too large,
too deeply nested, has too many releases or too long a string, fails the OCDS schema, or has no release
with an award or a contract; then nothing is imported. A file that is accepted is imported in one
transaction.

What is matched, and how:
- the buyer, to the organisation register: by a GSS code or a register code in its identifiers, then by
  its name (the register's names, and mySociety's list of the names councils go by where it is in the
  data folder), then by a near name when only one body is that near. Otherwise it is reported as not
  matched: nothing is guessed.
- each supplier, to the suppliers already recorded: by its Companies House identifier ("GB-COH-…"), then
  by its name folded (case, punctuation and "Ltd" or "Limited" do not count); a new one is added.
- the items, to LGSL services: by their CPV codes, through the small table `CPV_SERVICES` of the codes
  councils' contracts commonly carry, and by a description that holds every word of a service's name.
- the product: a product of the supplier (or another recorded product) whose name the notice's title
  or items name; otherwise a product named with the notice's title, kept with the supplier, which staff
  can merge into the right one later.
"""

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from rapidfuzz import fuzz, process

from localdigital.audit import services as audit
from localdigital.organisations.models import Organisation, search_key
from localdigital.plumbing import ocds, together
from localdigital.plumbing.matching import current, fold, unique_slug
from localdigital.plumbing.models import Product, ProductName, Supplier, SupplierName, System
from localdigital.service_list.models import Service

# The limits of a file: larger, deeper or longer than these and it is refused.
MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 32
MAX_RELEASES = 5000
MAX_STRING = 100_000
# How many problems with the schema a refusal shows.
SHOWN_PROBLEMS = 5
# How near (out of 100) a buyer's name must be to one body's, and how much nearer than the next body's.
NEAR_NAME = 92
NEAR_NAME_MARGIN = 4

# What the audit trail calls each step.
IMPORTED = "contract notices imported"
PROPOSED = "system proposed from a contract notice"
CONFIRMED = "proposed system confirmed"
REJECTED = "proposed system rejected"

# The CPV codes that local government contracts commonly carry, and the LGSL services each is for. A
# code also covers the codes below it (90511000 refuse collection covers 90511200 household refuse).
# Codes for software or IT in general (48000000, 72000000) name no service, so they are not here.
CPV_SERVICES: dict[str, tuple[int, ...]] = {
    "90511000": (524,),  # Refuse collection services: household waste collection
    "90512000": (524,),  # Refuse transport services
    "90511300": (580,),  # Litter collection services: litter removal
    "90513000": (531,),  # Non-hazardous refuse and waste treatment and disposal: waste disposal sites
    "90514000": (1130,),  # Refuse recycling services: residential recycling collections
    "90611000": (582,),  # Street-cleaning services
    "90612000": (582,),  # Street-sweeping services
    "45233141": (557,),  # Road-maintenance works
    "50232100": (564,),  # Street-lighting maintenance services
    "98351000": (478,),  # Car park management services: council car parks
    "92511000": (437,),  # Library services: library facilities
    "77313000": (709,),  # Parks maintenance services
    "98371110": (1538,),  # Cemetery services: cemeteries and crematoria
    "98371111": (1538,),  # Cemetery maintenance services
    "71410000": (608,),  # Urban planning services: development control
    "79940000": (57,),  # Collection agency services: council tax
}

GSS_CODE = re.compile(r"\b([EWSN]\d{8})\b", re.IGNORECASE)
# Org-id lists of councils' register codes: England's, Scotland's, Northern Ireland's, Wales's.
REGISTER_SCHEMES = ("GB-LAE", "GB-LAS", "GB-LANI", "GB-PLA")
# Words that say what kind of body a council is, not which: left out when names are compared.
COUNCIL_WORDS = frozenset(
    [
        "the",
        "council",
        "borough",
        "district",
        "county",
        "city",
        "metropolitan",
        "royal",
        "london",
        "of",
        "and",
        "cyngor",
        "sir",
    ]
)
# Words that say what kind of company a supplier is, not which.
NAME_VARIANTS_FILE = "lookup_name_to_registry_mysociety.csv"


class RefusedFile(Exception):
    """A file that is not imported, with what is wrong with it (naming the file) and the first problems."""

    def __init__(self, filename: str, problem: str, details: Iterable[str] = ()):
        self.filename = filename
        self.problem = problem
        self.details = list(details)
        super().__init__(f"{filename}: {problem}")


@dataclass
class Report:
    """What an import did, kept as plain values so that a page can show it after a redirect."""

    filename: str
    releases: int = 0
    proposed: list[dict] = field(default_factory=list)  # {"ocid", "organisation", "product", "supplier"}
    already_imported: list[str] = field(default_factory=list)  # ocids
    no_award: int = 0
    buyers_not_matched: list[dict] = field(default_factory=list)  # {"ocid", "buyer"}
    services_not_matched: list[dict] = field(default_factory=list)  # {"ocid", "title"}

    def counts(self) -> dict:
        return {
            "releases": self.releases,
            "proposed": len(self.proposed),
            "already_imported": len(self.already_imported),
            "without_award_or_contract": self.no_award,
            "buyers_not_matched": len(self.buyers_not_matched),
            "services_not_matched": len(self.services_not_matched),
        }

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report in words, for the command line."""
        counts = self.counts()
        lines = [
            gettext("Releases read: %(num)s") % {"num": counts["releases"]},
            gettext("Systems proposed: %(num)s") % {"num": counts["proposed"]},
            gettext("Skipped as already imported: %(num)s") % {"num": counts["already_imported"]},
            gettext("Releases with no award or contract: %(num)s")
            % {"num": counts["without_award_or_contract"]},
        ]
        lines += [f"  {item['organisation']}: {item['product']} ({item['ocid']})" for item in self.proposed]
        lines.append(gettext("Buyers not matched: %(num)s") % {"num": counts["buyers_not_matched"]})
        lines += [f"  {item['buyer']} ({item['ocid']})" for item in self.buyers_not_matched]
        lines.append(gettext("Services not matched: %(num)s") % {"num": counts["services_not_matched"]})
        lines += [f"  {item['title']} ({item['ocid']})" for item in self.services_not_matched]
        return lines


# Reading and checking the file.


def read_package(filename: str, data: bytes) -> dict:
    """The release package in `data`, checked; RefusedFile naming `filename` if it is not one to import."""
    if len(data) > MAX_BYTES:
        raise RefusedFile(filename, too_large_message())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RefusedFile(
            filename,
            gettext("The file is not UTF-8 text (a byte that is not UTF-8 is at position %(position)s)")
            % {"position": error.start},
        ) from None
    try:
        package: Any = json.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise RefusedFile(filename, too_deep_message()) from None
    except json.JSONDecodeError as error:
        raise RefusedFile(
            filename,
            gettext("The file is not JSON: %(problem)s at line %(line)s, column %(column)s")
            % {"problem": error.msg, "line": error.lineno, "column": error.colno},
        ) from None
    _check_shape(filename, package)
    found = ocds.problems(package)
    if found:
        raise RefusedFile(
            filename,
            gettext("The file is not a valid OCDS release package: it does not follow the standard's schema"),
            found[:SHOWN_PROBLEMS],
        )
    if not any(_has_award_or_contract(release) for release in package["releases"]):
        raise RefusedFile(filename, gettext("The file has no release with an award or a contract"))
    return package


def too_large_message() -> str:
    return gettext("The file is larger than %(size)s MB") % {"size": MAX_BYTES // (1024 * 1024)}


def too_deep_message() -> str:
    return gettext("The file is nested more than %(depth)s levels deep") % {"depth": MAX_DEPTH}


def _check_shape(filename: str, package: object) -> None:
    """Refuse a package nested too deep, with a string too long or too many releases, before the schema
    is asked about it. Walked without recursion, so that no nesting can exhaust the stack."""
    releases = package.get("releases") if isinstance(package, dict) else None
    if isinstance(releases, list) and len(releases) > MAX_RELEASES:
        raise RefusedFile(
            filename,
            gettext("The file has %(num)s releases: at most %(limit)s can be imported at once")
            % {"num": len(releases), "limit": MAX_RELEASES},
        )
    stack: list[tuple[object, int]] = [(package, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise RefusedFile(filename, too_deep_message())
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise RefusedFile(
                    filename,
                    gettext("The file has a text longer than %(limit)s characters") % {"limit": MAX_STRING},
                )
        elif isinstance(value, dict):
            stack.extend((key, depth + 1) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _has_award_or_contract(release: dict) -> bool:
    return bool(release.get("awards") or release.get("contracts"))


# Matching.


def _council_name(name: str) -> str:
    """A body's name without the words that say what kind of council it is."""
    key = search_key(name.replace("&", " and "))
    return " ".join(word for word in key.split() if word not in COUNCIL_WORDS) or key


@cache
def _name_variants(folder: str) -> dict[str, str]:
    """mySociety's names that councils go by, folded, each with the council's register code."""
    path = Path(folder) / NAME_VARIANTS_FILE
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {
            search_key(row["la-name"]): row["local-authority-code"].strip()
            for row in csv.DictReader(handle)
            if row.get("la-name") and row.get("local-authority-code")
        }


class BuyerMatcher:
    """Finds the body a notice's buyer is, in the organisation register. The register is read once."""

    def __init__(self):
        bodies = list(Organisation.objects.current())
        self.by_gss = {body.gss_code: body for body in bodies if body.gss_code}
        for body in bodies:
            for code in body.former_gss_codes or []:
                self.by_gss.setdefault(str(code).upper(), body)
        self.by_register = {body.register_code.upper(): body for body in bodies if body.register_code}
        self.by_name: dict[str, list[Organisation]] = {}
        for body in bodies:
            for name in {body.name, body.name_cy, body.official_name} - {""}:
                self.by_name.setdefault(search_key(name), []).append(body)
        self.by_short_name: dict[str, set[int]] = {}
        self.bodies = {body.pk: body for body in bodies}
        for body in bodies:
            for name in {body.name, body.name_cy, body.official_name} - {""}:
                self.by_short_name.setdefault(_council_name(name), set()).add(body.pk)
        self.near_names: dict[str, set[int]] = {key: set(pks) for key, pks in self.by_short_name.items()}
        for key, found in self.by_name.items():
            self.near_names.setdefault(key, set()).update(body.pk for body in found)
        self.variants = _name_variants(str(settings.ORGANISATION_DATA_DIR))

    def match(self, identifiers: Iterable[str], names: Iterable[str]) -> Organisation | None:
        for identifier in identifiers:
            body = self._by_identifier(identifier)
            if body is not None:
                return body
        names = [name for name in names if name and name.strip()]
        for name in names:
            body = self._by_name(name)
            if body is not None:
                return body
        for name in names:
            body = self._by_near_name(name)
            if body is not None:
                return body
        return None

    def _by_identifier(self, identifier: str) -> Organisation | None:
        text = identifier.strip().upper()
        for code in GSS_CODE.findall(text):
            if code.upper() in self.by_gss:
                return self.by_gss[code.upper()]
        for scheme in REGISTER_SCHEMES:
            if text.startswith(scheme + "-"):
                return self.by_register.get(text.removeprefix(scheme + "-"))
        return None

    def _by_name(self, name: str) -> Organisation | None:
        found = self.by_name.get(search_key(name), [])
        if len(found) == 1:
            return found[0]
        code = self.variants.get(search_key(name))
        if code and code.upper() in self.by_register:
            return self.by_register[code.upper()]
        short = self.by_short_name.get(_council_name(name), set())
        if len(short) == 1:
            return self.bodies[next(iter(short))]
        return None

    def _by_near_name(self, name: str) -> Organisation | None:
        """The one body with a name (in full, or without the words for a kind of council) this near."""
        best: dict[int, float] = {}
        for key in {search_key(name), _council_name(name)}:
            for found, score, _index in process.extract(
                key, list(self.near_names), scorer=fuzz.ratio, limit=10
            ):
                for pk in self.near_names[found]:
                    best[pk] = max(best.get(pk, 0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < NEAR_NAME:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < NEAR_NAME_MARGIN:
            return None  # two bodies are about as near: not a confident match
        return self.bodies[ranked[0][0]]


def _cpv(code: str) -> str:
    """A CPV code's significant digits: "90511200-7" gives "905112"."""
    digits = code.split("-")[0].strip()
    return digits.rstrip("0") if digits.isdigit() else ""


CPV_PREFIXES = {_cpv(code): services for code, services in CPV_SERVICES.items()}


class ServiceMatcher:
    """Finds the LGSL services a notice's items are for. The service list is read once."""

    def __init__(self):
        self.services = {service.code: service for service in Service.objects.all()}
        self.labels = {
            code: set(search_key(service.label).split())
            for code, service in self.services.items()
            if len(search_key(service.label).split()) >= 2
        }

    def for_code(self, code: str) -> list[Service]:
        digits = _cpv(code)
        while digits:
            if digits in CPV_PREFIXES:
                return [self.services[lgsl] for lgsl in CPV_PREFIXES[digits] if lgsl in self.services]
            digits = digits[:-1]
        return []

    def for_description(self, text: str) -> list[Service]:
        """The services whose every word the description holds (of two or more words)."""
        words = set(search_key(text).split())
        return [self.services[code] for code, label in self.labels.items() if label <= words]


def _supplier_identifier(party: dict) -> str:
    identifier = party.get("identifier") or {}
    scheme, value = str(identifier.get("scheme") or ""), str(identifier.get("id") or "")
    if scheme and value:
        return value if value.upper().startswith(scheme.upper() + "-") else f"{scheme}-{value}"
    return str(party.get("id") or "") if str(party.get("id") or "").upper().startswith("GB-COH-") else ""


def find_or_add_supplier(name: str, identifier: str) -> Supplier:
    supplier = None
    if identifier:
        supplier = Supplier.objects.filter(identifier__iexact=identifier).first()
    if supplier is None:
        folded = fold(name)
        supplier = (
            Supplier.objects.filter(names__folded=folded).first()
            or next((s for s in Supplier.objects.filter(name__iexact=name.strip())), None)
            or next((s for s in Supplier.objects.current() if fold(s.name) == folded), None)
        )
    if supplier is None:
        name = name.strip()[:200]
        supplier = Supplier.objects.create(name=name, slug=unique_slug(Supplier, name), identifier=identifier)
    supplier = current(supplier)
    if identifier and not supplier.identifier:
        supplier.identifier = identifier
        supplier.save(update_fields=["identifier"])
    SupplierName.objects.get_or_create(
        supplier=supplier, folded=fold(name)[:200], defaults={"name": name[:200]}
    )
    return supplier


def find_or_add_product(supplier: Supplier, title: str, texts: list[str]) -> Product:
    """The recorded product the notice names (the supplier's own first), or a new one named with the
    title."""
    words = " " + " ".join(search_key(text) for text in [title, *texts]) + " "

    def named(product: Product) -> bool:
        folded = fold(product.name)
        return len(folded) >= 4 and f" {folded} " in words

    products = Product.objects.current()
    product = next((p for p in products.filter(supplier=supplier) if named(p)), None) or next(
        (p for p in products.exclude(supplier=supplier) if named(p)), None
    )
    if product is None:
        name = (title.strip() or gettext("%(supplier)s contract") % {"supplier": supplier.name})[:200]
        product = products.filter(
            supplier=supplier, names__folded=fold(name)[:200]
        ).first() or Product.objects.create(name=name, slug=unique_slug(Product, name), supplier=supplier)
        ProductName.objects.get_or_create(product=product, folded=fold(name)[:200], defaults={"name": name})
    return current(product)


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


BANDS = [
    (Decimal(100_000), System.ValueBand.UNDER_100K),
    (Decimal(500_000), System.ValueBand.FROM_100K),
    (Decimal(1_000_000), System.ValueBand.FROM_500K),
    (Decimal(5_000_000), System.ValueBand.FROM_1M),
]


def value_band(value: dict | None) -> str:
    if not value or value.get("currency") not in (None, "GBP"):
        return System.ValueBand.NOT_KNOWN
    try:
        amount = Decimal(str(value.get("amount")))
    except (InvalidOperation, TypeError):
        return System.ValueBand.NOT_KNOWN
    return next((band for limit, band in BANDS if amount < limit), System.ValueBand.OVER_5M)


def procurement(tender: dict) -> str:
    details = str(tender.get("procurementMethodDetails") or "").lower()
    if "framework" in details or (tender.get("techniques") or {}).get("hasFrameworkAgreement"):
        return System.Procurement.FRAMEWORK
    method = tender.get("procurementMethod")
    if method in ("open", "selective"):
        return System.Procurement.OPEN
    if method == "direct" or method == "limited":
        return System.Procurement.DIRECT
    return System.Procurement.NOT_KNOWN


@dataclass
class Deal:
    """One award (or a contract with no award) in a release: whom it is with, for what, and when."""

    title: str
    suppliers: list[dict]
    items: list[dict]
    period: dict
    value: dict | None


def deals(release: dict) -> list[Deal]:
    contracts = release.get("contracts") or []
    found = []
    award_ids = set()
    for award in release.get("awards") or []:
        award_ids.add(award.get("id"))
        contract: dict = next((c for c in contracts if c.get("awardID") == award.get("id")), {})
        found.append(
            Deal(
                title=contract.get("title") or award.get("title") or "",
                suppliers=award.get("suppliers") or [],
                items=(contract.get("items") or []) + (award.get("items") or []),
                period=contract.get("period") or award.get("contractPeriod") or {},
                value=contract.get("value") or award.get("value"),
            )
        )
    suppliers = [party for party in release.get("parties") or [] if "supplier" in (party.get("roles") or [])]
    for contract in contracts:
        if contract.get("awardID") not in award_ids:
            found.append(
                Deal(
                    title=contract.get("title") or "",
                    suppliers=suppliers,
                    items=contract.get("items") or [],
                    period=contract.get("period") or {},
                    value=contract.get("value"),
                )
            )
    for deal in found:
        tender = release.get("tender") or {}
        deal.title = deal.title or tender.get("title") or ""
        deal.items = deal.items or tender.get("items") or []
    return found


def _buyer(release: dict) -> tuple[list[str], list[str], str]:
    """The buyer's identifiers, names, and the name to report it by."""
    buyer = release.get("buyer") or {}
    parties = release.get("parties") or []
    named = [p for p in parties if buyer.get("id") and p.get("id") == buyer.get("id")]
    party: dict = (named or [p for p in parties if "buyer" in (p.get("roles") or [])] or [{}])[0]
    identifiers = [str(buyer.get("id") or ""), str(party.get("id") or "")]
    for identifier in [party.get("identifier") or {}, *(party.get("additionalIdentifiers") or [])]:
        scheme, value = str(identifier.get("scheme") or ""), str(identifier.get("id") or "")
        identifiers += [value, f"{scheme}-{value}" if scheme and value else ""]
    names = [
        str(buyer.get("name") or ""),
        str(party.get("name") or ""),
        str((party.get("identifier") or {}).get("legalName") or ""),
    ]
    shown = next((name for name in names if name), "") or next((i for i in identifiers if i), "")
    return [i for i in identifiers if i], names, shown


def _party(release: dict, reference: dict) -> dict:
    parties = release.get("parties") or []
    return next((p for p in parties if reference.get("id") and p.get("id") == reference.get("id")), reference)


def _already_seen() -> set[str]:
    return set(System.objects.exclude(ocid="").values_list("ocid", flat=True))


# Importing.


def import_package(
    filename: str,
    data: bytes,
    *,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Propose a system for each award or contract in the package, all in one transaction; RefusedFile
    (with nothing imported) if the file is not one to import."""
    package = read_package(filename, data)
    releases = package["releases"]
    report = Report(filename=filename)
    events: list = []
    with transaction.atomic():
        buyers = BuyerMatcher()
        services = ServiceMatcher()
        seen = _already_seen()
        for number, release in enumerate(releases, 1):
            report.releases += 1
            _import_release(release, report, events, buyers, services, seen, actor)
            if progress and (number % 100 == 0 or number == len(releases)):
                progress(number, len(releases))
        summary = audit.event(
            IMPORTED,
            actor=actor,
            actor_label="" if actor else "system",
            object_type="plumbing.system",
            object_label=ngettext(
                "%(num)s system proposed from %(file)s",
                "%(num)s systems proposed from %(file)s",
                len(report.proposed),
            )
            % {"num": len(report.proposed), "file": filename},
            after={"file": filename, **report.counts()},
        )
        audit.record_all([summary, *events])
    return report


def _services(deal: Deal, services: ServiceMatcher) -> list[Service]:
    """The services a deal's items are for, by their CPV codes and descriptions, and by its title."""
    found = services.for_description(deal.title)
    for item in deal.items:
        found += services.for_description(str(item.get("description") or ""))
        for classification in [
            item.get("classification") or {},
            *(item.get("additionalClassifications") or []),
        ]:
            if str(classification.get("scheme") or "").upper() == "CPV":
                found += services.for_code(str(classification.get("id") or ""))
    return found


def _import_release(release, report, events, buyers, services, seen, actor) -> None:
    ocid, release_id = str(release.get("ocid") or ""), str(release.get("id") or "")
    if not _has_award_or_contract(release):
        report.no_award += 1
        return
    if ocid in seen:
        report.already_imported.append(ocid)
        return
    identifiers, names, shown = _buyer(release)
    organisation = buyers.match(identifiers, names)
    if organisation is None:
        report.buyers_not_matched.append({"ocid": ocid, "buyer": shown})
        return
    tender = release.get("tender") or {}
    for deal in deals(release):
        for reference in deal.suppliers[:1] or [{}]:
            party = _party(release, reference)
            supplier_name = str(party.get("name") or reference.get("name") or "").strip()
            if not supplier_name:
                continue
            supplier = find_or_add_supplier(supplier_name, _supplier_identifier(party))
            found = _services(deal, services)
            texts = [str(item.get("description") or "") for item in deal.items]
            product = find_or_add_product(supplier, deal.title, texts)
            start, end = _date(deal.period.get("startDate")), _date(deal.period.get("endDate"))
            if start and end and end < start:
                end = None  # a period that ends before it starts says nothing reliable about the end
            system = System.objects.create(
                organisation=organisation,
                product=product,
                contract_start=start,
                contract_end=end,
                procurement=procurement(tender),
                value_band=value_band(deal.value),
                state=System.State.PROPOSED,
                ocid=ocid,
                release_id=release_id,
                notes=gettext("From the contract notice %(ocid)s: %(title)s")
                % {"ocid": ocid, "title": deal.title or "-"},
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
            system.services.set({service.code: service for service in found}.values())
            report.proposed.append(
                {
                    "ocid": ocid,
                    "organisation": organisation.name,
                    "product": product.name,
                    "supplier": supplier.name,
                }
            )
            if not found:
                report.services_not_matched.append({"ocid": ocid, "title": deal.title})
            events.append(
                audit.event(
                    PROPOSED,
                    system,
                    actor=actor,
                    actor_label="" if actor else "system",
                    object_label=f"{product.name} at {organisation.name}",
                    after={"ocid": ocid, "release_id": release_id, "organisation": organisation.pk},
                )
            )
    seen.add(ocid)


def import_file(path: Path, **options) -> Report:
    """Import the package at `path` (see import_package); a file too large is refused before it is read."""
    path = Path(path)
    if not path.is_file():
        raise RefusedFile(path.name, gettext("There is no such file"))
    if path.stat().st_size > MAX_BYTES:
        raise RefusedFile(path.name, too_large_message())
    return import_package(path.name, path.read_bytes(), **options)


# Confirming or rejecting what was proposed.


def proposed_for(organisations) -> QuerySet[System]:
    return (
        System.objects.filter(state=System.State.PROPOSED, organisation__in=organisations)
        .select_related("organisation", "product__supplier")
        .prefetch_related("services")
        .order_by("organisation__name", "contract_end", "pk")
    )


@transaction.atomic
def confirm(system: System, user) -> System:
    """A member of the buyer says the proposed record is right: it is published."""
    before = audit.snapshot(system, ["state", "confirmed_at", "confirmed_by"])
    system.state = System.State.PUBLISHED
    system.confirmed_at = timezone.now()
    system.confirmed_by = user
    system.save(update_fields=["state", "confirmed_at", "confirmed_by", "updated_at"])
    after = audit.snapshot(system, ["state", "confirmed_at", "confirmed_by"])
    audit.record(CONFIRMED, system, actor=user, before=before, after={**after, "ocid": system.ocid})
    together.notice_matches(system)  # now public: the keepers of records it matches are told, once
    return system


@transaction.atomic
def reject(system: System, user) -> None:
    """A member of the buyer says the proposed record is not theirs or not right: it is deleted, with the
    audit trail keeping what it was. (Importing the same notice again proposes it again.)"""
    audit.record(REJECTED, system, actor=user, before=audit.snapshot(system), after={"ocid": system.ocid})
    system.delete()
