"""Organisations' Welsh names: loaded from mySociety's alternative names for Welsh councils (its
mis-encoded text repaired), written by staff where the lists have none, shown on Welsh pages, found by
search, and given in the API and the CSV."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from conftest import write_csv
from localdigital.organisations.models import Nation, Organisation, OrganisationType, Region
from localdigital.organisations.services.importer import ALT_NAMES_FILE, import_organisations
from localdigital.organisations.services.welsh_names import repair_mojibake, welsh_name
from localdigital.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ALT_COLUMNS = ["local-authority-code", "official-name", "nice-name", "nation", "alt-names"]


@pytest.fixture
def cardiff():
    return OrganisationFactory(
        name="Cardiff", name_cy="Caerdydd", official_name="City of Cardiff Council", slug="cardiff",
        gss_code="W06000015", nation=Nation.WALES, region=Region.WALES, type=OrganisationType.WELSH_COUNCIL,
    )  # fmt: skip


class TestRepairingTheText:
    @pytest.mark.parametrize(
        ("saved", "meant"),
        [
            ("MÃ´n", "Môn"),  # UTF-8 read as Windows-1252
            ("Sir Ynys MÃƒÂ´n", "Sir Ynys Môn"),  # and again
            ("Sir Ynys Mï¿½n", "Sir Ynys Môn"),  # the letter lost, as in the file
            ("Cityï¾\u00a0and County of Swansea", "City and County of Swansea"),
            ("Caerdydd", "Caerdydd"),
            ("Ynys Môn", "Ynys Môn"),  # never mangled: left alone
            ("Pen-y-bont ar Ogwr", "Pen-y-bont ar Ogwr"),
        ],
    )
    def test_mis_encoded_text_is_put_back_and_good_text_left_alone(self, saved, meant):
        assert repair_mojibake(saved) == meant


class TestChoosingTheWelshName:
    def test_the_welsh_one_among_the_alternative_names(self):
        alt = "Cardiff,Caerdydd,The City of Cardiff Council,caerdydd,cardiff,Cardiff Council,city of cardiff"

        assert welsh_name("Cardiff", "City of Cardiff Council", alt) == "Caerdydd"

    def test_a_name_the_same_in_both_languages(self):
        assert welsh_name("Gwynedd", "Gwynedd Council", "Gwynedd,gwynedd,gwynedd council") == "Gwynedd"

    def test_a_welsh_name_given_only_in_lower_case_takes_its_capitals_from_the_official_name(self):
        alt = "Rhondda Cynon Taff,rhondda cynon taf,rhondda cynon taf county borough council,rhondda"

        assert (
            welsh_name("Rhondda Cynon Taff", "Rhondda Cynon Taf County Borough Council", alt)
            == "Rhondda Cynon Taf"
        )


class TestImporting:
    def alt_names(self, official_lists, alt: str) -> None:
        write_csv(
            official_lists.folder / ALT_NAMES_FILE,
            [
                {"local-authority-code": "AGY", "official-name": "Isle of Anglesey County Council",
                 "nice-name": "Isle of Anglesey", "nation": "Wales", "alt-names": alt},
                {"local-authority-code": "KTT", "official-name": "Kingston upon Thames",
                 "nice-name": "Kingston", "nation": "England", "alt-names": "Kingston,Caerdydd"},
            ],
            ALT_COLUMNS,
        )  # fmt: skip

    def test_a_welsh_council_gets_its_welsh_name_repaired_and_an_english_one_none(self, official_lists):
        official_lists.councils[-1]["nice_name"] = "Isle of Anglesey"
        official_lists.write()
        self.alt_names(official_lists, "Isle of Anglesey,Sir Ynys Mï¿½n,anglesey,ynys mn")

        import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="W06000001").name_cy == "Sir Ynys Môn"
        assert Organisation.objects.get(gss_code="E09000021").name_cy == ""

    def test_a_welsh_name_staff_wrote_is_kept_and_a_second_run_changes_nothing(self, official_lists):
        self.alt_names(official_lists, "Isle of Anglesey,Sir Ynys Mï¿½n")
        import_organisations(official_lists.folder)
        Organisation.objects.filter(gss_code="W06000001").update(name_cy="Ynys Môn")

        report = import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="W06000001").name_cy == "Ynys Môn"
        assert not report.has_changes

    def test_without_the_file_the_lists_still_import(self, official_lists):
        import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="W06000001").name_cy == ""

    def test_the_real_lists_name_cardiff_caerdydd_and_anglesey_ynys_mon(self, real_data_dir):
        import_organisations(real_data_dir)

        councils = Organisation.objects.filter(type=OrganisationType.WELSH_COUNCIL)
        names = dict(councils.values_list("name", "name_cy"))
        assert names["Cardiff"] == "Caerdydd" and names["Swansea"] == "Abertawe"
        assert names["Isle of Anglesey"] == "Sir Ynys Môn"
        assert len(names) == 22 and all(names.values())  # each, if only the name it has in both languages

    def test_staff_may_write_the_welsh_name_of_an_imported_body(self, client, official_lists):
        import_organisations(official_lists.folder)
        client.force_login(
            get_user_model().objects.create_superuser("team@localdigital.example", "a long pass")
        )
        kingston = Organisation.objects.get(gss_code="E09000021")

        html = client.get(
            reverse("admin:organisations_organisation_change", args=[kingston.pk])
        ).content.decode()

        assert 'name="name_cy"' in html and 'name="name"' not in html


class TestShowingAndFinding:
    def get(self, client, name, *args, language="cy", **params):
        with translation.override(language):
            address = reverse(name, args=args)
        return client.get(address, params)

    def test_a_welsh_page_names_the_body_in_welsh_and_an_english_one_in_english(self, client, cardiff):
        welsh = self.get(client, "organisations:detail", cardiff.identifier).content.decode()
        english = self.get(
            client, "organisations:detail", cardiff.identifier, language="en-gb"
        ).content.decode()

        assert "<h1" in welsh and "Caerdydd</h1>" in welsh
        assert "Cardiff</h1>" in english and "Caerdydd" not in english.split("<main", 1)[1]

    def test_a_body_with_no_welsh_name_keeps_its_name_on_welsh_pages(self, client):
        kingston = OrganisationFactory(name="Kingston upon Thames", slug="kingston")

        assert (
            "Kingston upon Thames</h1>"
            in self.get(client, "organisations:detail", kingston.identifier).content.decode()
        )

    @pytest.mark.parametrize("query", ["Caerdydd", "caerdydd", "Cardiff"])
    def test_search_finds_a_council_by_either_name(self, client, cardiff, query):
        OrganisationFactory(name="Swansea", name_cy="Abertawe")

        page = self.get(client, "organisations:list", language="en-gb", q=query).content.decode()
        api = client.get("/api/v1/organisations", {"q": query}).json()

        assert "Cardiff" in page and "Swansea" not in page
        assert [item["name"] for item in api["items"]] == ["Cardiff"]

    def test_the_api_and_the_csv_give_the_welsh_name(self, client, cardiff):
        item = client.get(f"/api/v1/organisations/{cardiff.identifier}").json()
        text = b"".join(client.get(reverse("organisations-csv")).streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))

        assert item["name"] == "Cardiff" and item["name_cy"] == "Caerdydd"
        assert rows[0]["name"] == "Cardiff" and rows[0]["name_cy"] == "Caerdydd"
        schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["OrganisationOut"]
        assert "name_cy" in schema["properties"] and "name_cy" in schema["required"]
