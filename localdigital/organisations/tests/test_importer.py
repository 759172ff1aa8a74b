from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from localdigital.audit.models import AuditEvent
from localdigital.organisations.models import Organisation, OrganisationDomain, OrganisationType
from localdigital.organisations.services.importer import (
    ImportConflict,
    MalformedFile,
    import_organisations,
)
from localdigital.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def domains_of(gss_code: str, active_only: bool = True) -> set[str]:
    rows = OrganisationDomain.objects.filter(organisation__gss_code=gss_code)
    if active_only:
        rows = rows.filter(is_active=True)
    return set(rows.values_list("domain", flat=True))


class TestTheRealLists:
    def test_every_current_council_combined_authority_and_the_gla_is_imported(self, real_data_dir):
        report = import_organisations(real_data_dir)

        councils = Organisation.objects.current().councils()
        assert councils.count() == 382
        assert Counter(councils.values_list("nation", flat=True)) == {
            "england": 317, "scotland": 32, "wales": 22, "northern-ireland": 11,
        }  # fmt: skip
        assert Organisation.objects.filter(type=OrganisationType.COMBINED_AUTHORITY).count() == 14
        assert Organisation.objects.filter(type=OrganisationType.GREATER_LONDON_AUTHORITY).count() == 1
        assert Organisation.objects.filter(type=OrganisationType.POLICE_FORCE_AREA).count() == 45
        assert report.created == 442

    def test_the_api_counts_match_by_nation(self, real_data_dir, client):
        import_organisations(real_data_dir)

        body = client.get("/api/v1/organisations/counts").json()

        assert body["councils"] == 382
        assert {nation: tally["councils"] for nation, tally in body["by_nation"].items()} == {
            "england": 317, "scotland": 32, "wales": 22, "northern-ireland": 11,
        }  # fmt: skip
        assert body["by_type"]["combined-authority"] == 14
        assert body["by_type"]["greater-london-authority"] == 1

    def test_kingston_has_its_gss_code_and_domain(self, real_data_dir):
        import_organisations(real_data_dir)

        kingston = Organisation.objects.get(gss_code="E09000021")
        assert kingston.name == "Kingston upon Thames"
        assert kingston.official_name == "Royal Borough of Kingston upon Thames"
        assert kingston.register_code == "KTT"
        assert kingston.combined_authority.gss_code == "E61000001"
        assert "kingston.gov.uk" in domains_of("E09000021")

    def test_a_second_run_changes_nothing_and_says_so(self, real_data_dir):
        import_organisations(real_data_dir)
        events = AuditEvent.objects.count()

        report = import_organisations(real_data_dir)

        assert not report.has_changes
        assert (report.created, report.updated, report.ended) == (0, 0, 0)
        assert report.unchanged == 442
        assert report.summary().startswith("No changes")
        assert AuditEvent.objects.count() == events


class TestImporting:
    def test_links_districts_to_counties_and_members_to_combined_authorities(self, official_lists):
        import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="E07000223").parent.gss_code == "E10000032"
        assert Organisation.objects.get(gss_code="E09000021").combined_authority.name == "Greater London"

    def test_takes_current_domains_and_website_domains_but_not_ended_ones(self, official_lists):
        import_organisations(official_lists.folder)

        assert domains_of("E09000021") == {"kingston.gov.uk", "londonpsn.gov.uk"}
        assert domains_of("E10000032") == {"westsussex.gov.uk"}
        assert domains_of("W06000001") == {"anglesey.gov.wales"}
        assert not OrganisationDomain.objects.filter(domain="gone.gov.uk").exists()

    def test_police_force_areas_without_a_real_gss_code_have_none(self, official_lists):
        import_organisations(official_lists.folder)

        psni = Organisation.objects.get(slug="police-service-of-northern-ireland")
        assert psni.gss_code is None
        assert psni.nation == "northern-ireland"
        assert psni.identifier == "police-service-of-northern-ireland"

    def test_a_changed_name_updates_the_body_and_is_audited(self, official_lists):
        import_organisations(official_lists.folder)
        official_lists.councils[0]["nice_name"] = "Kingston"
        official_lists.write()

        report = import_organisations(official_lists.folder)

        assert (report.created, report.updated) == (0, 1)
        assert Organisation.objects.get(gss_code="E09000021").name == "Kingston"
        event = AuditEvent.objects.get(action="updated by import")
        assert event.before == {"name": "Kingston upon Thames"}
        assert event.after == {"name": "Kingston"}

    def test_a_body_that_leaves_the_lists_is_ended_not_deleted(self, official_lists):
        import_organisations(official_lists.folder)
        official_lists.councils = [
            row for row in official_lists.councils if row["local_authority_code"] != "ADU"
        ]
        official_lists.write()

        report = import_organisations(official_lists.folder, today=date(2026, 4, 1))

        assert report.ended == 1
        adur = Organisation.objects.get(gss_code="E07000223")
        assert adur.end_date == date(2026, 4, 1)
        assert not Organisation.objects.current().filter(pk=adur.pk).exists()

    def test_a_body_that_comes_back_is_current_again(self, official_lists):
        import_organisations(official_lists.folder)
        adur = official_lists.councils.pop(3)
        official_lists.write()
        import_organisations(official_lists.folder)
        official_lists.councils.append(adur)
        official_lists.write()

        import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="E07000223").end_date is None

    def test_a_domain_dropped_from_the_lists_is_removed(self, official_lists):
        import_organisations(official_lists.folder)
        official_lists.domains = [
            row for row in official_lists.domains if row["domain"] != "londonpsn.gov.uk"
        ]
        official_lists.write()

        report = import_organisations(official_lists.folder)

        assert report.domains_removed == 1
        assert domains_of("E09000021") == {"kingston.gov.uk"}


class TestStaffCorrections:
    def test_a_domain_staff_switched_off_is_not_brought_back(self, official_lists):
        import_organisations(official_lists.folder)
        OrganisationDomain.objects.filter(domain="londonpsn.gov.uk").update(
            is_active=False, source=OrganisationDomain.Source.STAFF
        )

        import_organisations(official_lists.folder)

        assert domains_of("E09000021") == {"kingston.gov.uk"}

    def test_a_domain_staff_added_is_kept_even_when_the_lists_never_had_it(self, official_lists):
        import_organisations(official_lists.folder)
        kingston = Organisation.objects.get(gss_code="E09000021")
        OrganisationDomain.objects.create(organisation=kingston, domain="rbk.kingston.gov.uk")

        report = import_organisations(official_lists.folder)

        assert not report.has_changes
        assert "rbk.kingston.gov.uk" in domains_of("E09000021")

    def test_a_body_staff_added_with_the_same_address_keeps_it(self, official_lists):
        OrganisationFactory(slug="adur", name="Adur Fire Watch", gss_code=None)

        import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="E07000223").slug == "adur-adu"
        assert Organisation.objects.get(slug="adur").name == "Adur Fire Watch"


class TestMalformedFiles:
    @pytest.mark.parametrize(
        ("file", "change", "problem"),
        [
            ("councils", {"gss_code": "E0900002"}, "gss_code 'E0900002' is not a GSS code"),
            ("councils", {"local_authority_type": "XYZ"}, "local_authority_type 'XYZ' is not one of"),
            ("councils", {"nation": "Atlantis"}, "nation 'Atlantis' is not one of"),
            ("councils", {"start_date": "1 April 1965"}, "start_date '1 April 1965' is not a date"),
            (
                "councils",
                {"homepage_url": "kingston dot gov"},
                "homepage_url 'kingston dot gov' is not a web address",
            ),
            ("councils", {"nice_name": ""}, "nice_name and official_name must not be empty"),
            ("domains", {"domain": "not a domain"}, "domain 'not a domain' is not a domain name"),
            ("police", {"pfa_code": "E2300000X"}, "pfa_code 'E2300000X' is not a GSS code"),
        ],
    )
    def test_names_the_file_the_row_and_the_problem(self, official_lists, file, change, problem):
        getattr(official_lists, file)[1].update(change)
        official_lists.write()

        with pytest.raises(MalformedFile) as error:
            import_organisations(official_lists.folder)

        assert error.value.row == 2
        assert ", row 2 (line 3 of the file): " in str(error.value)
        assert problem in str(error.value)

    def test_a_missing_column_is_named(self, official_lists):
        (official_lists.folder / "police_force_areas.csv").write_text("pfa_code,pfa_name\nE23000001,Met\n")

        with pytest.raises(
            MalformedFile, match=r"police_force_areas\.csv: the header has no column police_force_id"
        ):
            import_organisations(official_lists.folder)

    def test_a_short_row_is_reported(self, official_lists):
        path = official_lists.folder / "council_gov_uk_domains.csv"
        path.write_text(path.read_text() + "KTT,local-authority-eng\n")

        with pytest.raises(MalformedFile, match=r"row 6 .*different number of columns"):
            import_organisations(official_lists.folder)

    def test_a_missing_file_is_named(self, official_lists):
        (official_lists.folder / "council_gov_uk_domains.csv").unlink()

        with pytest.raises(MalformedFile, match=r"council_gov_uk_domains\.csv: the file does not exist"):
            import_organisations(official_lists.folder)

    def test_a_duplicated_code_is_refused(self, official_lists):
        official_lists.councils.append(
            dict(official_lists.councils[0], gss_code="E09000099", gov_uk_slug="x")
        )
        official_lists.write()

        with pytest.raises(MalformedFile, match="register_code 'KTT' appears more than once"):
            import_organisations(official_lists.folder)

    def test_nothing_is_written_when_a_later_file_is_malformed(self, official_lists):
        official_lists.police[1]["pfa_code"] = "nonsense"
        official_lists.write()

        with pytest.raises(MalformedFile):
            import_organisations(official_lists.folder)

        assert Organisation.objects.count() == 0
        assert OrganisationDomain.objects.count() == 0

    def test_nothing_is_written_when_the_database_refuses_a_row(self, official_lists):
        import_organisations(official_lists.folder)
        OrganisationFactory(gss_code="E06000099", slug="staff-made")
        official_lists.councils[0]["nice_name"] = "Renamed"
        official_lists.councils[1]["gss_code"] = "E06000099"
        official_lists.write()

        with pytest.raises(ImportConflict, match="nothing was changed"):
            import_organisations(official_lists.folder)

        assert Organisation.objects.get(gss_code="E09000021").name == "Kingston upon Thames"


class TestTheCommand:
    def test_reports_counts(self, official_lists, capsys):
        call_command("import_organisations", data_dir=official_lists.folder, verbosity=0)
        call_command("import_organisations", data_dir=official_lists.folder)

        output = capsys.readouterr().out
        assert (
            "Organisations: 7 created, 0 updated, 0 ended, 0 unchanged. Domains: 6 added, 0 removed."
            in output
        )
        assert "No changes: all 7 organisations and their domains were already up to date." in output

    def test_a_malformed_file_stops_it_with_the_place_and_problem(self, official_lists):
        official_lists.councils[0]["gss_code"] = "bad"
        official_lists.write()

        with pytest.raises(CommandError, match=r"Nothing was imported\. uk_councils_current.csv, row 1"):
            call_command("import_organisations", data_dir=official_lists.folder, verbosity=0)
