"""The projects register's search box, used as a person does: type words, press the button, read the
results most relevant first with the words that matched marked."""

import re

import pytest
from playwright.sync_api import expect

from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.projects import services as project_services
from localdigital.signing.tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTS = [  # title, problem: made in this order, so that the newest (listed first unsearched) is last
    ("School admissions", "Parents apply on paper for a place"),
    ("Parking permits online", "Residents wait weeks for a permit to park near a school"),
    ("Book a library room", "Reserve a meeting room in a library"),
]


@pytest.fixture
def site(live_server):
    DeclarationVersionFactory()
    kingston = CouncilFactory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    owner = member_of(kingston, "digital")
    for title, problem in PROJECTS:
        project_services.create(
            kingston,
            owner,
            {
                "title": title,
                "problem": problem,
                "phase": "alpha",
                "status": "active",
                "collaboration": "share-ideas",
                "contact_name": "Pat",
                "contact_email": "pat@kingston.gov.uk",
                "budget": "under-50k",
                "tags": [],
            },
        )
    return live_server.url


def test_a_search_lists_the_best_match_first_with_the_words_that_matched_marked(site, page, axe):
    page.goto(site + "/projects/")
    page.get_by_label("Search projects").fill("schools")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-count")).to_have_text(re.compile(r"\s*2 projects\s*"))
    headings = page.locator("h3 a")
    expect(headings).to_have_text(["School admissions", "Parking permits online"])
    expect(headings.first.locator("mark")).to_have_text("School")
    expect(page.get_by_role("link", name="Book a library room")).to_have_count(0)
    axe.check(page)
