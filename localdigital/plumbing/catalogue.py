"""The open standards and shared APIs the platform knows of at first: `manage.py load_standards` puts them in
the register (and keeps staff's later changes to their wording). Staff add more in the staff tools."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    slug: str
    name: str
    name_cy: str
    summary: str
    summary_cy: str
    kind: str  # Standard.Kind
    steward: str
    url: str
    services: tuple[int, ...] = field(default=())  # LGSL codes


STANDARDS = (
    Entry(
        "local-waste-service-standards",
        "Local Waste Service Standards",
        "Safonau Gwasanaethau Gwastraff Lleol",
        "A shared data model and API for council waste services: services, collection rounds and events, "
        "containers, material streams and the reasons a collection is missed.",
        "Model data ac API cyffredin ar gyfer gwasanaethau gwastraff cynghorau: gwasanaethau, rowndiau a "
        "digwyddiadau casglu, cynwysyddion, ffrydiau deunyddiau a'r rhesymau pam y collir casgliad.",
        "api",
        "Ministry of Housing, Communities and Local Government",
        "https://communitiesuk.github.io/waste-service-standards/",
        (524, 528, 530),
    ),
    Entry(
        "open-referral-uk",
        "Open Referral UK",
        "Open Referral UK",
        "A data standard for directories of community services, so that one directory can be shared by "
        "the council, the NHS and the voluntary sector.",
        "Safon data ar gyfer cyfeiriaduron gwasanaethau cymunedol, fel y gall y cyngor, y GIG a'r sector "
        "gwirfoddol rannu un cyfeiriadur.",
        "data",
        "Open Referral UK",
        "https://openreferraluk.org/",
    ),
    Entry(
        "360giving",
        "360Giving Data Standard",
        "Safon Data 360Giving",
        "A data standard for publishing grants: who gave how much to whom, when and for what.",
        "Safon data ar gyfer cyhoeddi grantiau: pwy roddodd faint i bwy, pryd ac i beth.",
        "data",
        "360Giving",
        "https://standard.threesixtygiving.org/",
    ),
    Entry(
        "ocds",
        "Open Contracting Data Standard",
        "Safon Data Contractio Agored",
        "A data standard for publishing public contracts at every stage, from planning and tender to award "
        "and delivery. Contracts Finder and Find a Tender publish in it.",
        "Safon data ar gyfer cyhoeddi contractau cyhoeddus ym mhob cam, o gynllunio a thendro i ddyfarnu a "
        "chyflawni. Mae Contracts Finder a Find a Tender yn cyhoeddi ynddi.",
        "data",
        "Open Contracting Partnership",
        "https://standard.open-contracting.org/",
    ),
    Entry(
        "planning-data",
        "Planning data specifications",
        "Manylebau data cynllunio",
        "Specifications for the data planning authorities publish, such as conservation areas, article 4 "
        "directions, tree preservation orders and brownfield land.",
        "Manylebau ar gyfer y data y mae awdurdodau cynllunio yn ei gyhoeddi, megis ardaloedd cadwraeth, "
        "cyfarwyddiadau erthygl 4, gorchmynion cadw coed a thir llwyd.",
        "data",
        "Ministry of Housing, Communities and Local Government",
        "https://www.planning.data.gov.uk/",
        (487, 608),
    ),
    Entry(
        "uprn",
        "Unique Property Reference Numbers (UPRN)",
        "Cyfeirnodau Eiddo Unigryw (UPRN)",
        "The government's open standard for identifying property: every addressable place has one UPRN, "
        "so that systems can share what they know about it.",
        "Safon agored y llywodraeth ar gyfer adnabod eiddo: mae gan bob man y gellir ei gyfeirio un UPRN, "
        "fel y gall systemau rannu'r hyn a wyddant amdano.",
        "data",
        "Cabinet Office (open standards for government)",
        "https://www.gov.uk/government/publications/open-standards-for-government/identifying-property-and-street-information",
    ),
    Entry(
        "openactive",
        "OpenActive",
        "OpenActive",
        "Open data standards for physical activity sessions and facilities, so that people can find and "
        "book them in the apps they use.",
        "Safonau data agored ar gyfer sesiynau a chyfleusterau gweithgarwch corfforol, fel y gall pobl eu "
        "canfod a'u harchebu yn yr apiau a ddefnyddiant.",
        "data",
        "OpenActive",
        "https://openactive.io/",
    ),
    Entry(
        "govuk-notify",
        "GOV.UK Notify",
        "GOV.UK Notify",
        "The government's shared service and API for sending emails, text messages and letters.",
        "Gwasanaeth ac API cyffredin y llywodraeth ar gyfer anfon negeseuon e-bost, negeseuon testun a "
        "llythyrau.",
        "api",
        "Government Digital Service",
        "https://www.notifications.service.gov.uk/",
    ),
    Entry(
        "govuk-pay",
        "GOV.UK Pay",
        "GOV.UK Pay",
        "The government's shared service and API for taking payments online.",
        "Gwasanaeth ac API cyffredin y llywodraeth ar gyfer cymryd taliadau ar-lein.",
        "api",
        "Government Digital Service",
        "https://www.payments.service.gov.uk/",
    ),
)
