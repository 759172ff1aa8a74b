"""Fixtures shared by every app's tests."""

import csv
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

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


@pytest.fixture(autouse=True)
def _english_to_begin_with():
    """Each test starts, and leaves its thread, in English. A request to a Welsh page activates Welsh in
    the thread that served it and nothing switches it back, so without this a test after one that read a
    Welsh page would reverse Welsh addresses and render Welsh text."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture
def shared_database(tmp_path):
    """The test database as several threads share it. SQLite's in-memory test database locks whole
    tables between connections, unlike the file a site runs on, so on SQLite the threads use a copy of it
    in a file, as runserver's threads do; the function given counts rows with SQL in the database the
    threads used. Ask for it after the data the threads need is made (`request.getfixturevalue`)."""
    if connection.vendor != "sqlite":

        def count(sql: str) -> int:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]

        yield count
        return
    path = str(tmp_path / "shared.sqlite3")
    name = connection.settings_dict["NAME"]
    with sqlite3.connect(path) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    connection.settings_dict["NAME"] = path  # connections made from now on, in new threads, use the file
    try:
        yield lambda sql: sqlite3.connect(path).execute(sql).fetchone()[0]
    finally:
        connection.settings_dict["NAME"] = name


@pytest.fixture(scope="session", autouse=True)
def _flush_postgresql_by_deleting():
    """A test that commits (`transaction=True`, every browser test) is followed by a flush of every
    table. On PostgreSQL Django flushes with one TRUNCATE of them all, which makes new files for every
    table and index and took 0.7 to 1.7 s each time here; deleting the few rows a test made takes some
    20 ms. This deletes, as Django's SQLite backend does: the tables end as empty, sequences are not
    reset either way, and foreign keys (all deferrable) are checked once the flush commits."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        delete = style.SQL_KEYWORD("DELETE FROM")
        deletes = [f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]
        return [f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};", *deletes]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate
