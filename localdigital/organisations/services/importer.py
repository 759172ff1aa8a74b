"""Importing the official lists of UK public bodies into the organisation register.

Reads three files (see ../shared/data/SOURCES.md for their origin):
- uk_councils_current.csv: every current council, combined authority and the GLA;
- council_gov_uk_domains.csv: the councils' .gov.uk domains from the 2018 government domain register;
- police_force_areas.csv: the police force areas;
- uk_local_authorities_mysociety.csv, if it is there: Welsh councils' Welsh names, from its alternative
  names (services/welsh_names.py). A Welsh name is only written where there is none: staff may correct it.

Every file is read and checked before anything is written, and the changes are applied in one
transaction, so a malformed file changes nothing. Running it twice changes nothing the second time.
Bodies and domains that staff added or corrected in the admin are never changed.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import override

from localdigital.audit import services as audit
from localdigital.organisations.models import (
    GSS_CODE,
    Nation,
    Organisation,
    OrganisationDomain,
    OrganisationType,
    Region,
    validate_domain,
)
from localdigital.organisations.services import domains
from localdigital.organisations.services.welsh_names import welsh_name
from localdigital.platform.emails import normalise_domain

COUNCILS_FILE = "uk_councils_current.csv"
DOMAINS_FILE = "council_gov_uk_domains.csv"
POLICE_FILE = "police_force_areas.csv"
ALT_NAMES_FILE = "uk_local_authorities_mysociety.csv"

COUNCIL_TYPES = {
    "CTY": OrganisationType.COUNTY,
    "NMD": OrganisationType.DISTRICT,
    "UA": OrganisationType.UNITARY,
    "MD": OrganisationType.METROPOLITAN_DISTRICT,
    "LBO": OrganisationType.LONDON_BOROUGH,
    "CC": OrganisationType.CITY_OF_LONDON,
    "SCO": OrganisationType.SCOTTISH_COUNCIL,
    "WPA": OrganisationType.WELSH_COUNCIL,
    "NID": OrganisationType.NORTHERN_IRISH_COUNCIL,
    "COMB": OrganisationType.COMBINED_AUTHORITY,
    "SRA": OrganisationType.GREATER_LONDON_AUTHORITY,
}


def _by_english_label(choices) -> dict[str, str]:
    """The official files name nations and regions in English, whatever language is active."""
    with override(None):
        return {str(choice.label): choice.value for choice in choices}


NATIONS = _by_english_label(Nation)
REGIONS = _by_english_label(Region)
NATION_OF_GSS_LETTER = {
    "E": Nation.ENGLAND,
    "W": Nation.WALES,
    "S": Nation.SCOTLAND,
    "N": Nation.NORTHERN_IRELAND,
}
REGISTER_CODE = re.compile(r"^[A-Z]{2,5}$")
# ONS marks areas without a real code with pseudo codes such as N99999999.
PSEUDO_GSS = re.compile(r"^[A-Z]9{8}$")

# The fields the import owns; anything else on an imported body is left as it is.
IMPORTED_FIELDS = [
    "name",
    "official_name",
    "slug",
    "type",
    "nation",
    "region",
    "gss_code",
    "former_gss_codes",
    "register_code",
    "website",
    "start_date",
]


class MalformedFile(Exception):
    """A file of the official lists cannot be imported; the message says where and why."""

    def __init__(self, path: Path, problem: str, row: int | None = None):
        self.path = path
        self.row = row
        self.problem = problem
        where = f"{path.name}, row {row} (line {row + 1} of the file)" if row else path.name
        super().__init__(f"{where}: {problem}")


class ImportConflict(Exception):
    """The lists are well formed but clash with what staff have entered."""


@dataclass
class BodyRecord:
    reference: str
    fields: dict
    parent_code: str = ""
    combined_authority_code: str = ""
    domains: dict[str, str] = field(default_factory=dict)  # domain -> OrganisationDomain.Source
    name_cy: str = ""  # written only where the body has no Welsh name yet
    organisation: Organisation | None = None  # set while applying

    @property
    def body(self) -> Organisation:
        """The organisation the record was applied to, once it has been."""
        if self.organisation is None:
            raise RuntimeError(f"{self.reference} has not been applied to an organisation yet")
        return self.organisation


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0
    domains_added: int = 0
    domains_removed: int = 0
    # Domains in use that prove no membership until staff settle them, one line each.
    conflicts: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any([self.created, self.updated, self.ended, self.domains_added, self.domains_removed])

    def summary(self) -> str:
        if not self.has_changes:
            text = (
                f"No changes: all {self.unchanged} organisations and their domains were already up to date."
            )
        else:
            text = (
                f"Organisations: {self.created} created, {self.updated} updated, {self.ended} ended, "
                f"{self.unchanged} unchanged. "
                f"Domains: {self.domains_added} added, {self.domains_removed} removed."
            )
        return text + self.conflicts_summary()

    def conflicts_summary(self) -> str:
        if not self.conflicts:
            return ""
        lines = "".join(f"\n- {line}" for line in self.conflicts)
        count = len(self.conflicts)
        return (
            f"\n{count} {'domain does' if count == 1 else 'domains do'} not count for membership of the "
            "body listed until staff confirm that the bodies share it, or switch it off (staff tools, "
            f"Organisation domains):{lines}"
        )


def import_organisations(
    data_dir: Path,
    *,
    progress: Callable[[Iterable, int], Iterable] | None = None,
    today: date | None = None,
) -> ImportReport:
    """Bring the register in line with the official lists in `data_dir`; all or nothing."""
    records = read_official_lists(Path(data_dir))
    try:
        with transaction.atomic():
            return _apply(records, progress or (lambda items, total: items), today or timezone.localdate())
    except IntegrityError as error:
        raise ImportConflict(
            "The lists clash with a body already in the register (the same GSS code or address "
            f"used twice); nothing was changed. The database said: {error}"
        ) from None


# Reading and checking


def read_official_lists(data_dir: Path) -> list[BodyRecord]:
    councils = _read_councils(data_dir / COUNCILS_FILE)
    by_code = {record.fields["register_code"]: record for record in councils}
    for code, name_cy in _read_welsh_names(data_dir / ALT_NAMES_FILE).items():
        if code in by_code:
            by_code[code].name_cy = name_cy
    for domain, code, source in _read_domains(data_dir / DOMAINS_FILE, known_codes=set(by_code)):
        record = by_code[code]
        if record.domains.get(domain) != OrganisationDomain.Source.REGISTER:
            record.domains[domain] = source
    police = _read_police_force_areas(data_dir / POLICE_FILE)
    records = councils + police
    _check_unique(records, "slug", data_dir / COUNCILS_FILE)
    _check_unique([r for r in records if r.fields["gss_code"]], "gss_code", data_dir / COUNCILS_FILE)
    return records


def _rows(path: Path, columns: list[str]) -> Iterable[tuple[int, dict]]:
    if not path.is_file():
        raise MalformedFile(path, "the file does not exist")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            raise MalformedFile(path, "the file is empty")
        missing = [column for column in columns if column not in reader.fieldnames]
        if missing:
            raise MalformedFile(path, f"the header has no column {', '.join(missing)}")
        try:
            for number, row in enumerate(reader, start=1):
                if None in row or any(value is None for value in row.values()):
                    raise MalformedFile(
                        path, "the row has a different number of columns from the header", number
                    )
                yield number, {key: value.strip() for key, value in row.items()}
        except (csv.Error, UnicodeDecodeError) as error:
            raise MalformedFile(path, f"the file cannot be read as CSV ({error})") from None


def _date(path: Path, row: int, column: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MalformedFile(path, f"{column} {value!r} is not a date like 2019-04-01", row) from None


def _choice(path: Path, row: int, column: str, value: str, choices: dict) -> str:
    if value not in choices:
        raise MalformedFile(path, f"{column} {value!r} is not one of {', '.join(sorted(choices))}", row)
    return choices[value]


def _website(path: Path, row: int, value: str) -> str:
    if value and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise MalformedFile(path, f"homepage_url {value!r} is not a web address", row)
    return value


def _domain(path: Path, row: int, column: str, value: str) -> str:
    try:
        validate_domain(value)
        return normalise_domain(value)
    except ValidationError:
        raise MalformedFile(path, f"{column} {value!r} is not a domain name", row) from None


def _read_councils(path: Path) -> list[BodyRecord]:
    columns = [
        "local_authority_code", "gss_code", "official_name", "nice_name", "local_authority_type",
        "nation", "region", "county_la", "combined_authority", "start_date", "former_gss_codes",
        "gov_uk_slug", "homepage_url", "website_domain",
    ]  # fmt: skip
    records = []
    for row_number, row in _rows(path, columns):
        code = row["local_authority_code"]
        if not REGISTER_CODE.match(code):
            raise MalformedFile(
                path, f"local_authority_code {code!r} is not a register code like KTT", row_number
            )
        gss = row["gss_code"]
        if not GSS_CODE.match(gss):
            raise MalformedFile(path, f"gss_code {gss!r} is not a GSS code like E09000021", row_number)
        if not row["nice_name"] or not row["official_name"]:
            raise MalformedFile(path, "nice_name and official_name must not be empty", row_number)
        former = [item for item in re.split(r"[;,|\s]+", row["former_gss_codes"]) if item]
        if any(not GSS_CODE.match(item) for item in former):
            raise MalformedFile(
                path, f"former_gss_codes {row['former_gss_codes']!r} are not GSS codes", row_number
            )
        record = BodyRecord(
            reference=f"local-authority:{code}",
            fields={
                "name": row["nice_name"],
                "official_name": row["official_name"],
                "slug": row["gov_uk_slug"] or slugify(row["official_name"]),
                "type": _choice(
                    path, row_number, "local_authority_type", row["local_authority_type"], COUNCIL_TYPES
                ),
                "nation": _choice(path, row_number, "nation", row["nation"], NATIONS),
                "region": _choice(path, row_number, "region", row["region"], REGIONS)
                if row["region"]
                else "",
                "gss_code": gss,
                "former_gss_codes": former,
                "register_code": code,
                "website": _website(path, row_number, row["homepage_url"]),
                "start_date": _date(path, row_number, "start_date", row["start_date"]),
            },
            parent_code=row["county_la"],
            combined_authority_code=row["combined_authority"],
        )
        if row["website_domain"]:
            domain = _domain(path, row_number, "website_domain", row["website_domain"])
            record.domains[domain] = OrganisationDomain.Source.WEBSITE
        records.append(record)
    _check_unique(records, "register_code", path)
    return records


def _read_welsh_names(path: Path) -> dict[str, str]:
    """Each Welsh council's Welsh name by its register code; none if the file is not there."""
    if not path.is_file():
        return {}
    columns = ["local-authority-code", "official-name", "nice-name", "nation", "alt-names"]
    return {
        row["local-authority-code"]: welsh_name(row["nice-name"], row["official-name"], row["alt-names"])
        for _number, row in _rows(path, columns)
        if row["nation"] == "Wales" and row["nice-name"]
    }


def _read_domains(path: Path, known_codes: set[str]) -> Iterable[tuple[str, str, str]]:
    """The current domains of bodies in the register; rows for former councils are passed over."""
    columns = ["local_authority_code", "domain", "start_date", "end_date"]
    for row_number, row in _rows(path, columns):
        domain = _domain(path, row_number, "domain", row["domain"])
        _date(path, row_number, "start_date", row["start_date"])
        if _date(path, row_number, "end_date", row["end_date"]) is not None:
            continue
        if row["local_authority_code"] in known_codes:
            yield domain, row["local_authority_code"], OrganisationDomain.Source.REGISTER


def _read_police_force_areas(path: Path) -> list[BodyRecord]:
    columns = ["pfa_code", "pfa_name", "police_force_id", "police_force_name"]
    records = []
    for row_number, row in _rows(path, columns):
        code = row["pfa_code"]
        if not GSS_CODE.match(code):
            raise MalformedFile(path, f"pfa_code {code!r} is not a GSS code like E23000001", row_number)
        area = re.sub(r"^\(pseudo\)\s*", "", row["pfa_name"])
        if not area:
            raise MalformedFile(path, "pfa_name must not be empty", row_number)
        name = row["police_force_name"] or f"{area} police force area"
        records.append(
            BodyRecord(
                reference=f"police-force-area:{code}",
                fields={
                    "name": name,
                    "official_name": f"{area} police force area",
                    "slug": slugify(name),
                    "type": OrganisationType.POLICE_FORCE_AREA,
                    "nation": NATION_OF_GSS_LETTER[code[0]],
                    "region": "",
                    "gss_code": None if PSEUDO_GSS.match(code) else code,
                    "former_gss_codes": [],
                    "register_code": row["police_force_id"],
                    "website": "",
                    "start_date": None,
                },
            )
        )
    return records


def _check_unique(records: list[BodyRecord], key: str, path: Path) -> None:
    seen: set[str] = set()
    for record in records:
        value = record.fields[key]
        if value in seen:
            raise MalformedFile(path, f"{key} {value!r} appears more than once ({record.reference})")
        seen.add(value)


# Applying


def _apply(records: list[BodyRecord], progress, today: date) -> ImportReport:
    events: list = []
    existing = {
        org.import_reference: org for org in Organisation.objects.filter(import_reference__isnull=False)
    }
    created, touched = _apply_bodies(records, existing, progress, events)
    touched |= _apply_links(records, created, events)
    ended = _end_missing(existing, {record.reference for record in records}, today, events)
    domains_added, domains_removed, domain_owners = _apply_domains(records, events)
    if domain_owners:
        Organisation.objects.filter(pk__in=domain_owners).update(updated_at=timezone.now())
    audit.record_all(events)
    updated = len((touched | domain_owners) - created)
    return ImportReport(
        created=len(created),
        updated=updated,
        unchanged=len(records) - len(created) - updated,
        ended=ended,
        domains_added=domains_added,
        domains_removed=domains_removed,
        conflicts=[domains.describe(row) for row in domains.needing_decision()],
    )


def _apply_bodies(records, existing, progress, events) -> tuple[set[int], set[int]]:
    """Create or update each body's own fields; returns the ids created and the ids changed."""
    staff_slugs = set(
        Organisation.objects.filter(import_reference__isnull=True).values_list("slug", flat=True)
    )
    created: set[int] = set()
    touched: set[int] = set()
    for record in progress(records, len(records)):
        if record.fields["slug"] in staff_slugs:
            # A body staff added first keeps its address; the imported one is told apart by its code.
            record.fields["slug"] = f"{record.fields['slug']}-{slugify(record.fields['register_code'])}"
        org = existing.get(record.reference)
        if org is None:
            org = Organisation(import_reference=record.reference, managed_by=Organisation.ManagedBy.IMPORT)
            _set(org, record.fields)
            org.name_cy = record.name_cy
            org.save()
            created.add(org.pk)
        else:
            before = audit.snapshot(org)
            _set(org, record.fields)
            org.name_cy = org.name_cy or record.name_cy  # a Welsh name staff wrote is theirs
            org.end_date = None
            if _record_change(org, before, "updated by import", events):
                touched.add(org.pk)
        record.organisation = org
    return created, touched


def _apply_links(records: list[BodyRecord], created: set[int], events: list) -> set[int]:
    """Point districts at their county and members at their combined authority, by register code."""
    by_code = {
        record.fields["register_code"]: record.organisation
        for record in records
        if record.reference.startswith("local-authority:")
    }
    touched = set()
    for record in records:
        org = record.body
        before = audit.snapshot(org)
        org.parent = by_code.get(record.parent_code)
        org.combined_authority = by_code.get(record.combined_authority_code)
        if org.pk in created:
            if org.parent or org.combined_authority:
                org.save(update_fields=["parent", "combined_authority"])
            events.append(audit.event("imported", org, actor_label="import", after=audit.snapshot(org)))
        elif _record_change(org, before, "updated by import", events):
            touched.add(org.pk)
    return touched


def _end_missing(existing: dict, references: set[str], today: date, events: list) -> int:
    """Bodies that have left the official lists end today; their pages stay, marked as ended."""
    ended = 0
    for reference, org in existing.items():
        if reference not in references and org.end_date is None:
            before = audit.snapshot(org)
            org.end_date = today
            _record_change(org, before, "ended by import", events)
            ended += 1
    return ended


def _set(org: Organisation, fields: dict) -> None:
    for name in IMPORTED_FIELDS:
        setattr(org, name, fields[name])


def _record_change(org: Organisation, before: dict, action: str, events: list) -> bool:
    old, new = audit.changed(before, audit.snapshot(org))
    if not new:
        return False
    org.save()
    events.append(audit.event(action, org, actor_label="import", before=old, after=new))
    return True


def _website_owners(records: list[BodyRecord]) -> dict[str, set[int]]:
    """Whose own website domain each domain is, by the lists, and for bodies staff added."""
    owners: dict[str, set[int]] = defaultdict(set)
    for record in records:
        websites = [d for d, source in record.domains.items() if source == OrganisationDomain.Source.WEBSITE]
        for domain in [*websites, domains.website_domain(record.fields["website"])]:
            if domain:
                owners[domain].add(record.body.pk)
    staff_bodies = Organisation.objects.current().filter(import_reference__isnull=True)
    for domain, holders in domains.website_owners(staff_bodies).items():
        owners[domain] |= holders
    return owners


def _check_conflict(row: OrganisationDomain, owners: dict[str, set[int]], events: list) -> bool:
    """Mark an imported row whose domain may not prove membership; True if that changed."""
    conflict, other = domains.conflict_of(row.domain, row.organisation_id, owners)
    if (row.conflict, row.conflict_with_id) == (conflict, other):
        return False
    before = {"conflict": row.conflict, "conflict_with_id": row.conflict_with_id}
    row.conflict, row.conflict_with_id = conflict, other
    row.shared_confirmed_at = row.shared_confirmed_by = None
    if row.pk:
        row.save(update_fields=["conflict", "conflict_with", "shared_confirmed_at", "shared_confirmed_by"])
        events.append(
            audit.event(
                "domain conflict found by import" if conflict else "domain conflict cleared by import",
                row,
                actor_label="import",
                before=before,
                after={"conflict": conflict, "conflict_with_id": other},
            )
        )
    return True


def _apply_domains(records: list[BodyRecord], events: list) -> tuple[int, int, set[int]]:
    """Add and remove imported domains; staff rows (even ones staff switched off) are never touched."""
    org_ids = [record.body.pk for record in records]
    current: dict[tuple[int, str], OrganisationDomain] = {
        (row.organisation_id, row.domain): row
        for row in OrganisationDomain.objects.filter(organisation_id__in=org_ids)
    }
    wanted = {
        (record.body.pk, domain): source for record in records for domain, source in record.domains.items()
    }
    website_owners = _website_owners(records)
    new_rows = []
    owners: set[int] = set()
    for (org_id, domain), source in wanted.items():
        row = current.get((org_id, domain))
        if row is None:
            row = OrganisationDomain(organisation_id=org_id, domain=domain, source=source)
            _check_conflict(row, website_owners, events)
            new_rows.append(row)
            owners.add(org_id)
            continue
        if row.source == OrganisationDomain.Source.STAFF:
            continue
        if row.source != source:
            OrganisationDomain.objects.filter(pk=row.pk).update(source=source)
            owners.add(org_id)
        if _check_conflict(row, website_owners, events):
            owners.add(org_id)
    stale = [
        row
        for key, row in current.items()
        if key not in wanted and row.source != OrganisationDomain.Source.STAFF
    ]
    OrganisationDomain.objects.bulk_create(new_rows, batch_size=500)
    OrganisationDomain.objects.filter(pk__in=[row.pk for row in stale]).delete()
    for row in new_rows:
        events.append(
            audit.event(
                "domain imported",
                row,
                actor_label="import",
                after={
                    "organisation_id": row.organisation_id,
                    "domain": row.domain,
                    "conflict": row.conflict,
                },
            )
        )
    for row in stale:
        owners.add(row.organisation_id)
        events.append(
            audit.event(
                "domain removed by import",
                row,
                actor_label="import",
                before={"organisation_id": row.organisation_id, "domain": row.domain},
            )
        )
    return len(new_rows), len(stale), owners
