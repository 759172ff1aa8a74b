"""Demonstration systems, contracts and standards, so that the moments to act together show on `make run`.

The products and suppliers are invented and marked "(demo)"; the councils are real, from the register, but
every record about them here says it is a demonstration, and none has a keeper, so no one is emailed.
The demo waste partnership (a demo body) keeps its own record, which matches theirs.
"""

from datetime import date

from django.utils import timezone

from localdigital.accounts.models import User
from localdigital.organisations.models import Organisation
from localdigital.plumbing import adoption as adoptions
from localdigital.plumbing import links
from localdigital.plumbing.models import Product, Standard, Supplier, System
from localdigital.plumbing.services import load_standards
from localdigital.projects.models import Project
from localdigital.service_list.models import Service
from localdigital.signing.models import Commitment

WASTE = 524  # LGSL: household waste collection
BULKY = 528  # LGSL: bulky household waste collections

SUPPLIERS = {
    "kerbside": "Kerbside Software Ltd (demo)",
    "binford": "Binford Systems Ltd (demo)",
    "civic-stack": "Civic Stack Ltd (demo)",
    "openbin": "OpenBin Co-operative (demo)",
}

PRODUCTS = {
    "roundplanner": ("RoundPlanner (demo)", "kerbside"),
    "wastehub": ("WasteHub (demo)", "binford"),
    "civicone-waste": ("CivicOne Waste (demo)", "civic-stack"),
    "openbin-bookings": ("OpenBin Bookings (demo)", "openbin"),
}

# (GSS code, product, LGSL service, contract end): ten contracts for waste collection software end in the
# financial year April 2027 to March 2028, five on the same product as the demo partnership.
COUNCIL_SYSTEMS = [
    ("E09000021", "roundplanner", WASTE, date(2027, 6, 30)),
    ("E09000029", "roundplanner", WASTE, date(2027, 9, 30)),
    ("E09000024", "roundplanner", WASTE, date(2028, 3, 31)),
    ("E09000006", "wastehub", WASTE, date(2027, 4, 30)),
    ("E09000008", "wastehub", WASTE, date(2027, 12, 31)),
    ("E06000023", "civicone-waste", WASTE, date(2027, 10, 31)),
    ("E07000223", "civicone-waste", WASTE, date(2028, 1, 31)),
    ("E06000043", "wastehub", WASTE, date(2027, 8, 31)),
    ("E08000035", "roundplanner", WASTE, date(2027, 11, 30)),
    ("E06000014", "civicone-waste", WASTE, date(2027, 5, 31)),
    ("E07000178", "roundplanner", WASTE, date(2029, 3, 31)),
    ("E07000008", "wastehub", WASTE, date(2026, 12, 31)),
    ("E09000022", "openbin-bookings", BULKY, date(2028, 2, 29)),
    ("W06000015", "openbin-bookings", BULKY, date(2027, 7, 31)),
]

DEMO_NOTE = "Demonstration record: the product and the contract are invented."
PARTNERSHIP = "demo-westmere-waste-partnership"


def load_systems() -> int:
    """The demo's products, suppliers, systems, adoptions and links; how many systems were added."""
    load_standards()
    waste, bulky = Service.objects.filter(code=WASTE).first(), Service.objects.filter(code=BULKY).first()
    if waste is None:  # the service list has not been imported: no services to file systems under
        return 0
    services = {WASTE: waste, BULKY: bulky or waste}
    products = _products()
    added = 0
    councils = {
        org.gss_code: org for org in Organisation.objects.filter(gss_code__in=[r[0] for r in COUNCIL_SYSTEMS])
    }
    for gss_code, product, service, end in COUNCIL_SYSTEMS:
        council = councils.get(gss_code)
        if council is not None and not council.systems.filter(product=products[product]).exists():
            _system(council, products[product], services[service], end, keeper=None)
            added += 1
    partnership = Organisation.objects.filter(slug=PARTNERSHIP).first()
    if partnership is None:
        return added
    member = User.objects.filter(email__endswith="@westmere-waste.example").order_by("pk").first()
    if member is None:
        return added
    system = partnership.systems.filter(product=products["roundplanner"]).first()
    if system is None:
        system = _system(partnership, products["roundplanner"], waste, date(2027, 9, 30), keeper=member)
        added += 1
    _adopt(partnership, member)
    project = Project.objects.filter(lead=partnership).first()
    if project is not None and not project.plumbing_links.exists():
        links.link(project, member, system=system)
        standard = Standard.objects.filter(slug="local-waste-service-standards").first()
        if standard is not None:
            links.link(project, member, standard=standard)
    commitment = next(
        (
            c
            for c in Commitment.objects.filter(organisation=partnership)
            if links.FIX_THE_PLUMBING in c.principles
        ),
        None,
    )
    standard = Standard.objects.filter(slug="local-waste-service-standards").first()
    if commitment is not None and standard is not None and not commitment.plumbing_links.exists():
        links.link(commitment, member, standard=standard)
    return added


def _products() -> dict[str, Product]:
    suppliers = {
        slug: Supplier.objects.get_or_create(slug=f"demo-{slug}", defaults={"name": name})[0]
        for slug, name in SUPPLIERS.items()
    }
    return {
        slug: Product.objects.get_or_create(
            slug=f"demo-{slug}", defaults={"name": name, "supplier": suppliers[supplier]}
        )[0]
        for slug, (name, supplier) in PRODUCTS.items()
    }


def _system(organisation: Organisation, product: Product, service: Service, end: date, *, keeper) -> System:
    system = System.objects.create(
        organisation=organisation,
        product=product,
        hosting=System.Hosting.SUPPLIER,
        contract_start=date(end.year - 5, end.month, 1),
        contract_end=end,
        extension_options="One further period of 12 months",
        extension_months=12,
        procurement=System.Procurement.FRAMEWORK,
        framework="G-Cloud 13",
        value_band=System.ValueBand.FROM_100K,
        api=System.Api.ON_REQUEST,
        replacement=System.Replacement.CONSIDERING,
        notes=DEMO_NOTE,
        state=System.State.PUBLISHED,
        created_by=keeper,
        confirmed_by=keeper,
        confirmed_at=timezone.now(),
    )
    system.services.set([service])
    return system


def _adopt(partnership: Organisation, member: User) -> None:
    """The demo partnership runs the Local Waste Service Standards live; the other demo bodies are on
    their way with the standards that fit their work."""
    wanted = [
        (partnership, member, "local-waste-service-standards", "live",
         "Our collection calendar and missed-bin reports use the standard's API."),
        (Organisation.objects.filter(slug="demo-council-digital-network").first(), None,
         "local-waste-service-standards", "in-progress", "Testing the data model with three councils."),
        (Organisation.objects.filter(slug="demo-northshire-fire-and-rescue").first(), None,
         "open-referral-uk", "in-progress", "Publishing our partner referral services."),
    ]  # fmt: skip
    for organisation, person, slug, stage, note in wanted:
        standard = Standard.objects.filter(slug=slug).first()
        if (
            organisation is None
            or standard is None
            or organisation.adoptions.filter(standard=standard).exists()
        ):
            continue
        person = person or _member(organisation)
        if person is not None:
            adoptions.record_adoption(organisation, standard, person, stage=stage, note=note)


def _member(organisation: Organisation) -> User | None:
    domain = organisation.domains.values_list("domain", flat=True).first()
    if domain is None:
        return None
    return User.objects.filter(email__endswith="@" + domain).order_by("pk").first()
