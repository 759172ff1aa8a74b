"""Fixtures shared by every app's tests."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

COUNCIL_COLUMNS = [
    "local_authority_code", "gss_code", "official_name", "nice_name", "local_authority_type",
    "local_authority_type_name", "nation", "region", "county_la", "combined_authority", "start_date",
    "former_gss_codes", "gov_uk_slug", "homepage_url", "website_domain",
]  # fmt: skip


def council_row(**overrides) -> dict:
    row = {
        "local_authority_code": "KTT",
        "gss_code": "E09000021",
        "official_name": "Royal Borough of Kingston upon Thames",
        "nice_name": "Kingston upon Thames",
        "local_authority_type": "LBO",
        "local_authority_type_name": "London borough",
        "nation": "England",
        "region": "London",
        "county_la": "",
        "combined_authority": "GLA",
        "start_date": "",
        "former_gss_codes": "",
        "gov_uk_slug": "kingston-upon-thames",
        "homepage_url": "https://www.kingston.gov.uk/",
        "website_domain": "kingston.gov.uk",
    }
    row.update(overrides)
    return row


SMALL_COUNCILS = [
    council_row(),
    council_row(
        local_authority_code="GLA", gss_code="E61000001", official_name="Greater London Authority",
        nice_name="Greater London", local_authority_type="SRA", combined_authority="", gov_uk_slug="",
        homepage_url="https://www.london.gov.uk", website_domain="london.gov.uk",
    ),
    council_row(
        local_authority_code="WSX", gss_code="E10000032", official_name="West Sussex County Council",
        nice_name="West Sussex", local_authority_type="CTY", region="South East", combined_authority="",
        gov_uk_slug="west-sussex", homepage_url="https://www.westsussex.gov.uk/",
        website_domain="westsussex.gov.uk",
    ),
    council_row(
        local_authority_code="ADU", gss_code="E07000223", official_name="Adur District Council",
        nice_name="Adur", local_authority_type="NMD", region="South East", county_la="WSX",
        combined_authority="", gov_uk_slug="adur", homepage_url="https://www.adur-worthing.gov.uk/",
        website_domain="adur-worthing.gov.uk",
    ),
    council_row(
        local_authority_code="AGY", gss_code="W06000001", official_name="Isle of Anglesey County Council",
        nice_name="Ynys Môn", local_authority_type="WPA", nation="Wales", region="Wales",
        combined_authority="", gov_uk_slug="anglesey", homepage_url="https://www.anglesey.gov.wales/",
        website_domain="anglesey.gov.wales",
    ),
]  # fmt: skip

SMALL_DOMAINS = [
    {"local_authority_code": "KTT", "register": "local-authority-eng", "domain": "kingston.gov.uk",
     "start_date": "2000-09-21", "end_date": ""},
    {"local_authority_code": "KTT", "register": "local-authority-eng", "domain": "londonpsn.gov.uk",
     "start_date": "2009-12-22", "end_date": ""},
    {"local_authority_code": "WSX", "register": "local-authority-eng", "domain": "westsussex.gov.uk",
     "start_date": "2000-01-01", "end_date": ""},
    {"local_authority_code": "WSX", "register": "local-authority-eng", "domain": "old-westsussex.gov.uk",
     "start_date": "2000-01-01", "end_date": "2015-01-01"},
    {"local_authority_code": "XXX", "register": "local-authority-eng", "domain": "gone.gov.uk",
     "start_date": "2000-01-01", "end_date": ""},
]  # fmt: skip

SMALL_POLICE = [
    {"pfa_code": "E23000001", "pfa_name": "Metropolitan Police", "police_force_id": "metropolitan",
     "police_force_name": "Metropolitan Police Service"},
    {"pfa_code": "N99999999", "pfa_name": "(pseudo) Northern Ireland", "police_force_id": "northern-ireland",
     "police_force_name": "Police Service of Northern Ireland"},
]  # fmt: skip


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


class OfficialLists:
    """A small copy of the three official lists in a folder, for tests to edit."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.councils = [dict(row) for row in SMALL_COUNCILS]
        self.domains = [dict(row) for row in SMALL_DOMAINS]
        self.police = [dict(row) for row in SMALL_POLICE]
        self.write()

    def write(self) -> Path:
        write_csv(self.folder / "uk_councils_current.csv", self.councils, COUNCIL_COLUMNS)
        write_csv(self.folder / "council_gov_uk_domains.csv", self.domains)
        write_csv(self.folder / "police_force_areas.csv", self.police)
        return self.folder


@pytest.fixture
def official_lists(tmp_path) -> OfficialLists:
    return OfficialLists(tmp_path)


@pytest.fixture
def real_data_dir() -> Path:
    """The real official lists, beside the project in ../shared/data."""
    folder = Path(settings.ORGANISATION_DATA_DIR)
    if not (folder / "uk_councils_current.csv").is_file():
        pytest.fail(f"The official lists are not in {folder}; set ORGANISATION_DATA_DIR")
    return folder


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Per-process copies (pledge counts, organisation choices, block lists, the similarity index: every
    memo of localdigital.platform.caches) never cross tests, nor do the registers' kept pages in Django's
    cache."""
    from django.core.cache import cache

    from localdigital.platform import caches, ratelimit

    caches.forget_all()
    ratelimit.forget_counts()
    cache.clear()
    yield
    caches.forget_all()
    ratelimit.forget_counts()
    cache.clear()
