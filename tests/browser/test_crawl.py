"""Every page a person can reach from the home page, as the public, a member and the programme team.

Each role crawls the site twice, in English with JavaScript on and in Welsh with it off, in a test of
its own (so that the roles can run in separate processes at once). The test fails on any server error,
broken link, template syntax or escaped markup shown as text, email address in public output,
accessibility violation, JavaScript error, form or button that cannot be used without JavaScript, any page
that can only be reached with JavaScript on, and any English of ours on a Welsh page (people's own words
aside); its message lists every problem found.
"""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db.models import CharField, JSONField, TextField
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.declaration.tests.factories import DeclarationVersionFactory
from localdigital.demo.services import PROGRAMME_TEAM_EMAIL
from localdigital.organisations.models import AccessRequest, Organisation
from localdigital.organisations.services import membership
from localdigital.organisations.services.importer import import_organisations
from localdigital.service_list.models import Service
from localdigital.service_list.services import import_services
from localdigital.signing import services as signing_services
from localdigital.signing.models import Approver, Signing

from .crawling import (
    ENGLISH_WORDS,
    ESCAPED_MARKUP,
    PAGE_FACTS,
    TEMPLATE_SYNTAX,
    WELSH,
    Crawl,
    Problem,
    emails_in,
    has_welsh_page,
    shape_of,
    shown_as_text,
    without,
)

pytestmark = pytest.mark.django_db(transaction=True)

# A member of the demo body that leads the demo bids, projects and commitments.
MEMBER_EMAIL = "digital.lead@council-digital-network.example"
ROLES = {"anonymous": None, "member": MEMBER_EMAIL, "programme team": PROGRAMME_TEAM_EMAIL}
# The staff tools are not linked from the public site: the programme team goes to them by address.
STARTS = {"anonymous": ["/"], "member": ["/"], "programme team": ["/", "/staff/"]}


@pytest.fixture
def site(live_server, official_lists, real_data_dir):
    import_organisations(official_lists.folder)
    import_services(real_data_dir)
    DeclarationVersionFactory()
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=io.StringIO())
    member = User.objects.get(email=MEMBER_EMAIL)
    send_a_new_commitment_for_review(member)
    start_signing_for_a_second_body(member)
    return live_server.url


def commitment(title: str) -> dict:
    return {
        "title": title,
        "mission": "Publish every missed bin report as open data, updated daily.",
        "impact": "Suppliers and residents can see where collections are missed.",
        "principles": [2, 4],
        "service": Service.objects.get(code=524),
        "due_date": timezone.localdate() + timedelta(days=200),
    }


def send_a_new_commitment_for_review(member):
    """The member's body, already a signatory, has sent a new commitment to the programme team for review."""
    signing = Signing.objects.get(organisation__slug="demo-council-digital-network", status="signed")
    data = commitment("Open up the missed bin data (demo)")
    signing_services.save_commitment(signing, member, data=data, partners=[])
    signing_services.submit_additions(signing, member)


def start_signing_for_a_second_body(member):
    """The member also acts for a council, for which staff let them in, and is part way through signing."""
    council = Organisation.objects.get(gss_code="E10000032")
    staff = User.objects.get(email=PROGRAMME_TEAM_EMAIL)
    request = AccessRequest.objects.create(
        user=member, organisation=council, role="Digital lead", reason="I lead the shared bins work"
    )
    membership.decide(request, approve=True, staff=staff)
    signing = signing_services.start(council, member)
    signing_services.nominate(
        signing,
        member,
        role=Approver.Role.HEAD_OF_PAID_SERVICE,
        name="Robin Chief",
        job_title="Chief Executive",
        email="chief.executive@westsussex.gov.uk",
    )
    data = commitment("Report a missed bin collection online")
    signing_services.save_commitment(signing, member, data=data, partners=[])


def sign_in(page, site, email):
    """Sign in as a person does: the sign-in page, then the link in the email the site sent."""
    page.goto(site + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"https?://\S+/sign-in/\S+/", mail.outbox[-1].body).group(0)
    page.goto(site + urlsplit(link).path)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def peoples_words() -> tuple[str, ...]:
    """Every text kept in the database (what people wrote, the names of bodies and services, the
    Declaration's own text), longest first: a Welsh page shows these as they were written."""
    words: set[str] = set()
    for model in apps.get_models():
        texts = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, CharField | TextField | JSONField) and not field.choices
        ]
        for row in model._base_manager.values_list(*texts) if texts else ():
            for value in row:
                words.update(strings_in(value))
    return tuple(sorted((word for word in words if len(word) > 2), key=len, reverse=True))


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [line.strip() for line in [value, *value.splitlines()] if line.strip()]
    if isinstance(value, list | tuple):
        return [text for item in value for text in strings_in(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    return []


def crawl(new_page, site, role, *, javascript):
    """With JavaScript on, the crawl reads the English pages and checks each with axe; with it off, the
    Welsh pages (and the staff tools, which are in English), checking that no English of ours is left."""
    page = new_page(java_script_enabled=javascript)
    if ROLES[role]:
        sign_in(page, site, ROLES[role])
    welsh = not javascript
    starts = [WELSH + start if start == "/" else start for start in STARTS[role]] if welsh else STARTS[role]
    return Crawl(
        page,
        site,
        role=role,
        javascript=javascript,
        public=ROLES[role] is None,
        contact_email=settings.CONTACT_EMAIL,
        welsh=welsh,
        own_words=peoples_words() if welsh else (),
    ).run(*starts)


def unreachable_without_javascript(with_js: Crawl, without_js: Crawl) -> list[Problem]:
    """Pages whose route is linked only with JavaScript on. Routes, not their query parameters: the staff
    tools' scripts add switches such as ?_to_field= to links that exist without them."""
    reached = {shape.split("?")[0] for shape in without_js.linked_shapes}
    missing = sorted(shape for shape in with_js.linked_shapes if shape.split("?")[0] not in reached)
    return [
        Problem(
            f"{without_js.role}, JavaScript off",
            with_js.linked_shapes[shape][0],
            f"reached with JavaScript on (linked from {with_js.linked_shapes[shape][1]}) but not with it off",
        )
        for shape in missing
    ]


def merged(with_js: Crawl, without_js: Crawl) -> list[Problem]:
    """Every problem once, saying whether it was found with JavaScript on, off or both."""
    found: dict[tuple[str, str], list[str]] = {}
    for setting, each in (("on", with_js), ("off", without_js)):
        for problem in each.problems:
            found.setdefault((problem.url, problem.what), []).append(setting)
    return [
        Problem(f"{with_js.role}, JavaScript {' and '.join(modes)}", url, what)
        for (url, what), modes in found.items()
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_works_for_everyone(site, new_page, role):
    with_js = crawl(new_page, site, role, javascript=True)
    without_js = crawl(new_page, site, role, javascript=False)
    assert len(with_js.visited) > 20, f"as {role}, the crawl reached only {with_js.visited}"
    problems = merged(with_js, without_js) + unreachable_without_javascript(with_js, without_js)
    assert len(without_js.visited) > 20, f"as {role} in Welsh, the crawl reached only {without_js.visited}"
    visits = (
        f"{role}: {len(with_js.visited)} pages in English with JavaScript on "
        f"and {len(without_js.visited)} in Welsh with it off"
    )
    summary = f"{len(problems)} problem(s) found crawling as {visits}:\n"
    assert not problems, summary + "\n".join(sorted(map(str, problems)))


def test_the_crawl_tells_a_problem_from_what_a_page_may_show():
    assert emails_in(
        "Contact contact@localdigital.example or jo@sutton.gov.uk", "contact@localdigital.example"
    ) == {"jo@sutton.gov.uk"}
    assert (
        emails_in('For example, name@yourcouncil.gov.uk <img src="/a/logo@2x.png">', "x@y.example") == set()
    )
    assert emails_in("er enghraifft enw@eichcyngor.gov.uk", "x@y.example") == set()
    assert emails_in("gan enw@eichcyngor.gov.uk", "x@y.example") == {"enw@eichcyngor.gov.uk"}
    assert shown_as_text(TEMPLATE_SYNTAX, "Remove {{ csrf_input }}") == ["{{"]
    assert shown_as_text(TEMPLATE_SYNTAX, "Budget: {50k}") == []
    assert shown_as_text(ESCAPED_MARKUP, "Your reference<br><strong>LDF-1</strong>") == [
        "</strong>",
        "<br>",
        "<strong>",
    ]
    assert shown_as_text(ESCAPED_MARKUP, "Fish &amp;lt; chips") == ["&amp;"]
    assert shown_as_text(ESCAPED_MARKUP, "Fish & chips for 2 < 3 people") == []
    assert shape_of("http://localhost/organisations/E09000021/?page=2&type=x") == (
        "/organisations/<str:identifier>/?page&type"
    )
    # A page in Welsh has the shape of its English twin; the toggle's link to the English is not followed.
    assert (
        shape_of("http://localhost/cy/organisations/E09000021/?type=x")
        == "/organisations/<str:identifier>/?type"
    )
    assert has_welsh_page("/projects/") and not has_welsh_page("/staff/") and not has_welsh_page("/api/v1/")
    # English of ours on a Welsh page, once people's words and addresses are out.
    said = "Prosiectau gan Report missed bins online (jo@sutton.gov.uk, https://example.com/the/, /sign/for/)"
    assert ENGLISH_WORDS.findall(without(("Report missed bins online",), said)) == []
    assert ENGLISH_WORDS.findall(without((), "Mae'r dudalen hon ar gael. Chwilio am brosiect")) == []
    assert ENGLISH_WORDS.findall(without(("Report",), "Report a problem with this page")) == [
        "with",
        "this",
        "page",
    ]


def test_without_javascript_the_crawl_finds_forms_and_buttons_that_do_nothing(new_page):
    page = new_page(java_script_enabled=False)
    page.set_content(
        "<main><h1>Page</h1>"
        '<form action="/search/"><input name="q"></form>'
        '<form action="/save/"><input name="a"><button>Save</button></form>'
        '<form action="/read-only/"><input type="hidden" name="csrf"><p>Nothing to fill in</p></form>'
        '<form id="outside" action="/remove/"></form><button form="outside">Remove</button>'
        '<button type="button">Show all sections</button><a href="#">Print</a><a href="#main">Skip</a></main>'
    )
    facts = page.evaluate(PAGE_FACTS)
    assert facts["formsWithoutSubmit"] == ["/search/ (fields: q)"]
    assert facts["deadControls"] == ["Show all sections", "Print"]
