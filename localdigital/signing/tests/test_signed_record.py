# ruff: noqa: F811 (the fixtures imported from test_services are used by name)
"""The signed record names each approver as nominated, and keeps everyone who has ever signed."""

import csv
import io
from html import unescape

import pytest

from localdigital.signing import services
from localdigital.signing.models import Approver
from localdigital.signing.tests.test_services import (  # noqa: F401 (fixtures)
    council,
    officer,
    ready_to_submit,
    staff,
    tokens_from_emails,
    version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_carelessly(council, officer, staff, version):
    """Kingston, signed by approvers who typed their names in lower case."""
    signing = ready_to_submit(council, officer)
    services.submit(signing, officer)
    services.send_for_signature(signing, staff)
    for email, token in tokens_from_emails().items():
        services.sign(token, "alex chief" if email.startswith("chief") else "  sam   LEADER ")
    signing.refresh_from_db()
    return signing


def page(client, url) -> str:
    return unescape(client.get(url).content.decode())


def signatories_csv(client) -> list[dict]:
    body = b"".join(client.get("/signatories.csv").streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_record_shows_names_as_nominated(signed_carelessly, client):
    record = page(client, signed_carelessly.get_record_url())

    assert "Alex Chief, Chief Executive, signed" in record
    assert "Sam Leader, Leader of the Council, signed" in record
    assert "Alex Chief, Chief Executive" in page(client, "/signatories/kingston/")
    row = signatories_csv(client)[0]
    assert (row["head_of_paid_service"], row["political_leader"]) == (
        "Alex Chief, Chief Executive",
        "Sam Leader, Leader of the Council",
    )


def test_reaffirming_keeps_the_first_signer_on_the_record(signed_carelessly, officer, staff, client):
    services.nominate(
        signed_carelessly,
        officer,
        role=Approver.Role.HEAD_OF_PAID_SERVICE,
        name="Jo New",
        job_title="Chief Executive",
        email="newchief@kingston.gov.uk",
    )
    services.decide_approver_change(signed_carelessly, staff, approve=True)
    services.sign(tokens_from_emails()["newchief@kingston.gov.uk"], "Jo New")

    record = page(client, signed_carelessly.get_record_url())
    summary, history = record.split("Everyone who has signed")
    assert "Jo New, Chief Executive, signed" in summary
    assert "Alex Chief" not in summary
    assert "Alex Chief, Chief Executive" in history and "Jo New, Chief Executive" in history
    assert "replaced" in history
    assert signatories_csv(client)[0]["head_of_paid_service"] == "Jo New, Chief Executive"
