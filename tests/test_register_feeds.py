"""Every Atom feed sends what people typed as text: a feed reader shows `<b>` as the characters typed."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.syndication.views import Feed
from django.urls import URLPattern, URLResolver, get_resolver

from localdigital.projects import services as project_services
from localdigital.registers.feeds import RegisterFeed, TextAtom1Feed
from localdigital.signing.models import Commitment

from .worlds import signatory_with_a_project

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = 'Done <b>at last</b> & <a href="https://evil.example/">see this</a><script>alert(1)</script>'


@pytest.fixture
def council():
    made = signatory_with_a_project(
        signed_days_ago=3,
        commitment={"state": Commitment.State.PUBLISHED, "mission": MARKUP, "title": "<i>Bins</i>"},
        project_title="Report <em>missed</em> bins",
    )
    project_services.post_update(made["project"], made["owner"], MARKUP)
    return made["project"]


def _entries(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert 'type="html"' not in response.content.decode()
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314 (our own output)
    assert entries
    return entries


@pytest.mark.parametrize("address", ["/commitments.atom", "/projects/updates.atom", "project"])
def test_text_people_typed_goes_out_as_text(client, council, address):
    address = f"/projects/{council.pk}/updates.atom" if address == "project" else address

    summary = _entries(client, address)[0].find(f"{ATOM}summary")

    assert summary.get("type") == "text"
    assert summary.text == MARKUP  # exactly as typed, escaped in the XML, not rendered


def test_titles_are_text_as_well(client, council):
    for address in ("/commitments.atom", "/projects/updates.atom"):
        title = _entries(client, address)[0].find(f"{ATOM}title")
        assert title.get("type", "text") == "text"
        assert "<" in title.text  # the typed angle brackets are characters of the title


def test_the_signatories_feed_is_text(client, council):
    summary = _entries(client, "/signatories.atom")[0].find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text.startswith("Signed on ")


def _feeds(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _feeds(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.callback, Feed):
            yield pattern.callback


def test_every_feed_of_the_service_is_a_register_feed_of_text():
    feeds = list(_feeds(get_resolver().url_patterns))

    assert len(feeds) >= 4
    for feed in feeds:
        assert isinstance(feed, RegisterFeed), type(feed)
        assert issubclass(feed.feed_type, TextAtom1Feed), type(feed)
