"""English pages keep their addresses, Welsh ones live under /cy/, and open data has one address."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_english_pages_are_not_prefixed_and_welsh_ones_are():
    assert reverse("projects:list") == "/projects/"
    with translation.override("cy"):
        assert reverse("projects:list") == "/cy/projects/"
        assert reverse("pages:home") == "/cy/"


def test_a_welsh_page_is_in_welsh_with_the_right_lang(client):
    response = client.get("/cy/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy" class="govuk-template' in html
    assert "Neidio i’r prif gynnwys" in html
    assert "– Local Digital</title>" in html


def test_the_language_toggle_keeps_the_page_and_its_query(client):
    english = client.get("/projects/?q=waste").content.decode()
    welsh = client.get("/cy/projects/?q=waste").content.decode()

    assert 'href="/cy/projects/?q=waste" hreflang="cy" lang="cy"' in english
    assert 'href="/projects/?q=waste" hreflang="en" lang="en"' in welsh


def test_english_stays_english_whatever_the_browser_asks_for(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()

    assert '<html lang="en" class="govuk-template' in html


@pytest.mark.parametrize(
    "path", ["/api/v1/organisations", "/signatories.csv", "/commitments.json", "/projects.csv", "/healthz"]
)
def test_the_api_and_open_data_are_not_prefixed(client, path):
    assert client.get(path).status_code == 200
    assert client.get(f"/cy{path}").status_code == 404


def test_open_data_links_on_a_welsh_page_keep_one_address():
    from localdigital.jinja2 import url

    with translation.override("cy"):
        assert url("signatories-csv") == "/signatories.csv"
        assert url("pledges:daily-csv") == "/pledges/daily.csv"


def test_a_welsh_page_offers_the_welsh_feed():
    from localdigital.jinja2 import url

    with translation.override("cy"):
        assert url("projects:updates-atom") == "/cy/projects/updates.atom"
        assert url("signatories-atom") == "/cy/signatories.atom"
    assert url("signatories-atom") == "/signatories.atom"


def test_the_programme_site_has_no_gov_uk_crown_header_by_default(client, settings):
    html = client.get("/").content.decode()

    assert 'class="govuk-header' not in html
    assert "GOV.UK</title>" not in html
    assert "app-footer--not-govuk" in html


def test_gov_uk_branding_is_a_setting(client, settings):
    settings.GOVUK_BRANDING = True
    from localdigital import jinja2

    env = jinja2.environment(loader=None)
    assert env.globals["GOVUK_BRANDING"] is True
