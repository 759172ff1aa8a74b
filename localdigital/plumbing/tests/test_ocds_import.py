"""Contract notices in: a release package proposes a system for each award or contract whose buyer is in
the register, and a malformed or hostile file is refused whole."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from localdigital.audit.models import AuditEvent
from localdigital.organisations.models import Organisation
from localdigital.organisations.tests.factories import OrganisationFactory
from localdigital.plumbing import ocds_import
from localdigital.plumbing.models import Product, Supplier, System
from localdigital.plumbing.ocds_import import RefusedFile
from localdigital.plumbing.tests.factories import ProductFactory, SupplierFactory
from localdigital.service_list.models import Service

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).parent / "data" / "contract_notices.json"


def make_buyers() -> tuple[Organisation, Organisation]:
    """The two councils the test package's notices name: one by GSS code, one by name and register code."""
    northfield = OrganisationFactory(
        name="Northfield", official_name="Northfield District Council", gss_code="E07999001"
    )
    eastmarsh = OrganisationFactory(
        name="Eastmarsh", official_name="Eastmarsh Borough Council", gss_code="E07999002", register_code="EMH"
    )
    return northfield, eastmarsh


def make_services() -> None:
    for code, label in [
        (524, "Household waste collection"),
        (582, "Street cleaning"),
        (580, "Litter removal"),
        (437, "Library facilities"),
        (1130, "Residential recycling collections"),
    ]:
        Service.objects.create(code=code, label=label)


@pytest.fixture
def buyers():
    make_services()
    return make_buyers()


def package() -> dict:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))


def as_bytes(data: dict) -> bytes:
    return json.dumps(data).encode("utf-8")


def nothing_imported() -> bool:
    return not (System.objects.exists() or Supplier.objects.exists() or Product.objects.exists()) and not (
        AuditEvent.objects.filter(action__in=[ocds_import.IMPORTED, ocds_import.PROPOSED]).exists()
    )


class TestAValidFile:
    def test_proposes_a_record_for_each_award_whose_buyer_is_known(self, buyers):
        northfield, eastmarsh = buyers

        report = ocds_import.import_file(PACKAGE)

        assert report.counts() == {
            "releases": 6,
            "proposed": 3,
            "already_imported": 1,  # the contract release of the waste notice, after its award
            "without_award_or_contract": 1,  # a tender
            "buyers_not_matched": 1,
            "services_not_matched": 1,
        }
        assert report.buyers_not_matched == [
            {"ocid": "ocds-b5fd17-90ff31c8", "buyer": "Nowhere-on-Sea Town Council"}
        ]
        assert [item["title"] for item in report.services_not_matched] == ["CivicCRM customer platform"]
        assert set(System.objects.values_list("state", "organisation", "ocid")) == {
            (System.State.PROPOSED, northfield.pk, "ocds-b5fd17-7c1e0a52-waste"),
            (System.State.PROPOSED, eastmarsh.pk, "ocds-h6vhtk-04a2b1"),
            (System.State.PROPOSED, eastmarsh.pk, "ocds-h6vhtk-06e4f2"),
        }
        assert not System.objects.published().exists()

    def test_the_waste_contract_comes_with_its_service_supplier_and_dates(self, buyers):
        ocds_import.import_file(PACKAGE)

        waste = System.objects.get(ocid="ocds-b5fd17-7c1e0a52-waste")
        assert waste.release_id == "ocds-b5fd17-7c1e0a52-waste-award-1"
        assert [service.code for service in waste.services.all()] == [524]  # by CPV 90511000 and its words
        assert (waste.contract_start, waste.contract_end) == (date(2026, 4, 1), date(2030, 3, 31))
        assert (waste.value_band, waste.procurement) == (System.ValueBand.FROM_100K, System.Procurement.OPEN)
        assert waste.product.name == "RoundRunner waste collection software"
        assert (waste.product.supplier.name, waste.product.supplier.identifier) == (
            "Bincorp Systems Ltd",
            "GB-COH-09876543",
        )
        assert waste.confirmed_at is None

    def test_a_buyer_is_found_by_its_name_or_its_register_code(self, buyers):
        _northfield, eastmarsh = buyers

        ocds_import.import_file(PACKAGE)

        streets = System.objects.get(ocid="ocds-h6vhtk-04a2b1")  # "Council of the Borough of Eastmarsh"
        assert streets.organisation == eastmarsh
        assert {service.code for service in streets.services.all()} == {582}
        assert streets.value_band == System.ValueBand.FROM_1M
        assert streets.contract_end == date(2033, 6, 30)
        crm = System.objects.get(ocid="ocds-h6vhtk-06e4f2")  # GB-LAE-EMH, "Eastmarsh BC"
        assert crm.organisation == eastmarsh
        assert crm.procurement == System.Procurement.FRAMEWORK
        assert not crm.services.exists()

    def test_the_supplier_and_product_already_recorded_are_used(self, buyers):
        bincorp = SupplierFactory(name="Bincorp Systems Limited", identifier="GB-COH-09876543")
        roundrunner = ProductFactory(name="RoundRunner", supplier=bincorp)
        clearway = SupplierFactory(name="CLEARWAY ENVIRONMENTAL LTD")  # no identifier: found by its name

        ocds_import.import_file(PACKAGE)

        assert System.objects.get(ocid="ocds-b5fd17-7c1e0a52-waste").product == roundrunner
        assert System.objects.get(ocid="ocds-h6vhtk-04a2b1").product.supplier == clearway
        assert Supplier.objects.filter(name__icontains="bincorp").count() == 1

    def test_importing_again_skips_what_was_imported(self, buyers):
        ocds_import.import_file(PACKAGE)

        again = ocds_import.import_file(PACKAGE)

        assert again.proposed == []
        assert sorted(again.already_imported) == sorted(
            ["ocds-b5fd17-7c1e0a52-waste"] * 2 + ["ocds-h6vhtk-04a2b1", "ocds-h6vhtk-06e4f2"]
        )
        assert System.objects.count() == 3

    def test_the_import_and_each_proposed_record_are_audited(self, buyers, django_user_model):
        staff = django_user_model.objects.create_user("team@localdigital.example", is_staff=True)

        ocds_import.import_file(PACKAGE, actor=staff)

        summary = AuditEvent.objects.get(action=ocds_import.IMPORTED)
        assert (summary.actor, summary.object_type) == (staff, "plumbing.system")
        assert summary.after["file"] == "contract_notices.json"
        assert (summary.after["proposed"], summary.after["buyers_not_matched"]) == (3, 1)
        proposed = AuditEvent.objects.filter(action=ocds_import.PROPOSED)
        assert sorted(int(event.object_id) for event in proposed) == sorted(
            System.objects.values_list("pk", flat=True)
        )

    def test_a_failure_part_way_leaves_nothing_imported(self, buyers, monkeypatch):
        made = []

        def fails_on_the_second(supplier, title, texts):
            if made:
                raise RuntimeError("the database went away")
            made.append(title)
            return ProductFactory(supplier=supplier)

        monkeypatch.setattr(ocds_import, "find_or_add_product", fails_on_the_second)

        with pytest.raises(RuntimeError):
            ocds_import.import_file(PACKAGE)

        assert nothing_imported()

    def test_the_command_says_how_far_it_has_read_and_what_it_did(self, buyers):
        out = StringIO()

        call_command("import_contract_notices", str(PACKAGE), stdout=out)

        printed = out.getvalue()
        assert "Read 6 of 6 releases" in printed
        assert "Systems proposed: 3" in printed
        assert "Nowhere-on-Sea Town Council (ocds-b5fd17-90ff31c8)" in printed


def with_release(**changes) -> dict:
    data = package()
    data["releases"][0].update(changes)
    return data


def nested(depth: int) -> object:
    value: object = "deep"
    for _level in range(depth):
        value = [value]
    return value


class TestABadFileIsRefusedWhole:
    @pytest.mark.parametrize(
        ("data", "problem"),
        [
            (b'{"releases": [', "The file is not JSON: Expecting value at line 1, column 15"),
            (b"\x89PNG\r\n\x1a\n", "The file is not UTF-8 text"),
            ("{}".encode("utf-16"), "The file is not UTF-8 text"),
            (b"[" * 200_000 + b"]" * 200_000, "The file is nested more than 32 levels deep"),
            (as_bytes(with_release(extension=nested(40))), "The file is nested more than 32 levels deep"),
            (
                as_bytes(with_release(description="ha" * 60_000)),
                "The file has a text longer than 100000 characters",
            ),
            (
                as_bytes(with_release(tag=["bought"])),
                "The file is not a valid OCDS release package: it does not follow the standard's schema",
            ),
            (as_bytes({"releases": []}), "The file is not a valid OCDS release package"),
            (
                as_bytes({**package(), "releases": [package()["releases"][4]]}),  # only a tender
                "The file has no release with an award or a contract",
            ),
        ],
    )
    def test_with_the_file_and_the_problem_named(self, buyers, data, problem):
        with pytest.raises(RefusedFile) as refused:
            ocds_import.import_package("notices.json", data)

        assert refused.value.filename == "notices.json"
        assert refused.value.problem.startswith(problem)
        assert str(refused.value).startswith(f"notices.json: {problem}")
        assert nothing_imported()

    def test_the_schema_problems_are_shown_with_where_they_are(self, buyers):
        with pytest.raises(RefusedFile) as refused:
            ocds_import.import_package("notices.json", as_bytes(with_release(tag=["bought"], date="soon")))

        assert any(detail.startswith("releases/0/tag/0:") for detail in refused.value.details)
        assert any(detail.startswith("releases/0/date:") for detail in refused.value.details)
        assert len(refused.value.details) <= ocds_import.SHOWN_PROBLEMS

    def test_a_file_too_large_is_refused_before_it_is_read(self, buyers, monkeypatch, tmp_path):
        monkeypatch.setattr(ocds_import, "MAX_BYTES", 1000)
        big = tmp_path / "big.json"
        big.write_bytes(PACKAGE.read_bytes())

        with pytest.raises(RefusedFile, match=r"^big\.json: The file is larger than 0 MB"):
            ocds_import.import_file(big)
        assert nothing_imported()

    def test_too_many_releases(self, buyers, monkeypatch):
        monkeypatch.setattr(ocds_import, "MAX_RELEASES", 5)

        with pytest.raises(RefusedFile, match="The file has 6 releases: at most 5 can be imported at once"):
            ocds_import.import_package("notices.json", PACKAGE.read_bytes())
        assert nothing_imported()

    def test_the_command_refuses_it_too(self, buyers, tmp_path):
        bad = tmp_path / "notices.json"
        bad.write_text("not json", encoding="utf-8")

        with pytest.raises(CommandError, match=r"Nothing was imported\. notices\.json: The file is not JSON"):
            call_command("import_contract_notices", str(bad), stdout=StringIO())
        assert nothing_imported()


class TestMatching:
    def test_a_buyer_by_a_near_name_only_when_one_body_is_that_near(self):
        northfield, _eastmarsh = make_buyers()
        OrganisationFactory(name="Westford", official_name="Westford District Council")
        OrganisationFactory(name="Westbord", official_name="Westbord District Council")
        matcher = ocds_import.BuyerMatcher()

        assert matcher.match([], ["Northfeild District Council"]) == northfield  # a typing slip
        assert matcher.match([], ["Westcord District Council"]) is None  # as near to two bodies
        assert matcher.match([], ["Southfield Parish Council"]) is None
        assert matcher.match(["GB-GSS-E07999001"], ["Another name altogether"]) == northfield

    def test_a_buyer_by_a_former_gss_code(self):
        northfield, _eastmarsh = make_buyers()
        northfield.former_gss_codes = ["E07999111"]
        northfield.save()

        assert ocds_import.BuyerMatcher().match(["E07999111"], []) == northfield

    def test_cpv_codes_below_a_mapped_one_are_covered(self):
        make_services()
        matcher = ocds_import.ServiceMatcher()

        assert [s.code for s in matcher.for_code("90511200-7")] == [524]  # household-refuse collection
        assert [s.code for s in matcher.for_code("90511300")] == [580]  # litter: its own entry
        assert matcher.for_code("48000000") == []  # software: names no service
        assert matcher.for_code("not a code") == []

    def test_a_supplier_name_is_folded(self):
        assert ocds_import.fold("Bincorp Systems Ltd.") == ocds_import.fold("BINCORP SYSTEMS LIMITED")
        assert ocds_import.fold("Ltd") == "ltd"
