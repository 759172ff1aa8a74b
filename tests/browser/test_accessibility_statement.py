"""The accessibility statement in Welsh, reached from the footer: the model statement's sections in
Welsh, axe's own words marked as English, and the page itself axe-clean."""

import json
from datetime import date

import pytest
from playwright.sync_api import expect

from localdigital.pages import findings
from localdigital.platform import caches

pytestmark = pytest.mark.django_db(transaction=True)

CONTRAST = {
    "id": "color-contrast",
    "impact": "serious",
    "help": "Elements must meet minimum color contrast ratio thresholds",
    "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
    "tags": ["cat.color", "wcag2aa", "wcag143"],
    "elements": 2,
}


@pytest.fixture
def a_failure_found(settings, tmp_path):
    """A findings file in which the checks found one failure, on a project's page."""
    lines = [
        {"path": "/projects/1/", "who": "anonymous", "axe": "4.12.1", "violations": [CONTRAST]},
        {"path": "/staff/", "who": "programme team", "axe": "4.12.1", "violations": []},
    ]
    report = findings.summarise(lines, tests=[], tests_passed=False, previous={}, today=date(2026, 12, 2))
    path = tmp_path / "findings.json"
    path.write_text(json.dumps(report))
    settings.ACCESSIBILITY_FINDINGS = path
    caches.forget_all()
    yield
    caches.forget_all()


def test_the_welsh_statement_from_the_footer(live_server, page, axe, a_failure_found):
    page.goto(live_server.url + "/cy/")
    page.get_by_role("contentinfo").get_by_role("link", name="Datganiad hygyrchedd").click()

    expect(page).to_have_url(live_server.url + "/cy/accessibility/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Datganiad hygyrchedd ar gyfer Local Digital")
    for section in ("Statws cydymffurfio", "Gweithdrefn orfodi", "Paratoi’r datganiad hygyrchedd hwn"):
        expect(page.get_by_role("heading", name=section)).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Mae’r gwasanaeth hwn yn cydymffurfio’n rhannol")
    expect(main).to_contain_text("Cafodd y gwasanaeth hwn ei brofi ddiwethaf ar 2 Rhagfyr 2026.")
    failure = page.get_by_role("heading", name="Elements must meet minimum color contrast ratio thresholds")
    expect(failure.locator("span")).to_have_attribute("lang", "en")

    page.get_by_text("Y ddau fath o dudalen a wiriwyd").click()

    table = page.get_by_role("table", name="Y mathau o dudalen a wiriwyd, a fel pwy")
    expect(table.get_by_role("columnheader", name="Gwiriwyd fel")).to_be_visible()
    expect(table.get_by_role("row", name="/staff/ tîm y rhaglen")).to_be_visible()
    axe.check(page)
