"""Coming back to a page the browser has cached: the server answers 304 and the page's JavaScript runs."""

import re

import pytest
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.registers import caching

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server_answers(monkeypatch):
    """The status of each conditional answer the server gives (the browser shows a 304 as its cached 200)."""
    answers = []
    decide = caching.get_conditional_response

    def recording(request, **validators):
        response = decide(request, **validators)
        answers.append(304 if response is not None and response.status_code == 304 else 200)
        return response

    monkeypatch.setattr(caching, "get_conditional_response", recording)
    return answers


def test_a_page_revalidated_with_a_304_still_runs_its_javascript(live_server, page, axe, server_answers):
    DeclarationVersionFactory()
    address = live_server.url + "/declaration/versions/"

    page.goto(address)
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    axe.check(page)
    assert server_answers == [200]

    page.reload()
    page.wait_for_load_state("load")

    assert server_answers == [200, 304]
    # GOV.UK's inline start-up script and the page's own module script (initAll) both ran.
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    expect(page.locator("[data-govuk-service-navigation-init]")).to_have_count(1)
    axe.check(page)
    assert page.console_problems == []  # no "Refused to execute inline script" from the policy
