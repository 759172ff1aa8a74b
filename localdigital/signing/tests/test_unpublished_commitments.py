# ruff: noqa: F811 (the fixtures imported from test_services are used by name)
"""A commitment a signatory adds is not public, anywhere, until the programme team publishes it."""

import pytest

from localdigital.signing import services
from localdigital.signing.tests.test_services import (  # noqa: F401 (fixtures)
    add_commitment,
    council,
    officer,
    signatory,
    staff,
    version,
)

pytestmark = pytest.mark.django_db


def public_everywhere(client, title: str) -> dict[str, bool]:
    return {
        "register": title in client.get("/commitments/").content.decode(),
        "csv": title in b"".join(client.get("/commitments.csv").streaming_content).decode(),
        "api": title in str(client.get("/api/v1/commitments").json()),
        "signatory page": title in client.get("/signatories/kingston/").content.decode(),
    }


@pytest.mark.parametrize("stage", ["draft", "submitted", "changes-requested"])
def test_an_unreviewed_commitment_is_not_public(stage, signatory, officer, staff, client):
    added = add_commitment(signatory, officer, title="Open up our planning data")
    if stage != "draft":
        services.submit_additions(signatory, officer)
    if stage == "changes-requested":
        services.decide_additions(signatory, staff, publish=False, message="Say which datasets")
    added.refresh_from_db()
    assert added.state == stage

    assert client.get(added.get_absolute_url()).status_code == 404
    assert not any(public_everywhere(client, "Open up our planning data").values())


def test_a_published_addition_is_public(signatory, officer, staff, client):
    added = add_commitment(signatory, officer, title="Open up our planning data")
    services.submit_additions(signatory, officer)
    services.decide_additions(signatory, staff, publish=True)

    assert client.get(added.get_absolute_url()).status_code == 200
    assert all(public_everywhere(client, "Open up our planning data").values())
