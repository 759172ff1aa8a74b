"""The programme team uses the staff tools in a browser: settles a domain conflict and assigns an
assessor, with axe on every page, staff pages included."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.core import mail
from playwright.sync_api import expect

from localdigital.accounts.models import User
from localdigital.fund.models import Application, Assignment
from localdigital.fund.tests.factories import ApplicationFactory
from localdigital.organisations.services import programme_team
from localdigital.organisations.services.importer import import_organisations
from localdigital.organisations.services.membership import organisations_for
from tests.test_staff_tools import make_one_of_everything, pages_of_every_model

pytestmark = pytest.mark.django_db(transaction=True)

TEAM_MEMBER = "team.member@localdigital.example"


@pytest.fixture
def site(live_server, official_lists):
    import_organisations(official_lists.folder)
    programme_team.add_member(User.objects.create_user(TEAM_MEMBER, full_name="Sam Team"))
    return live_server.url


def sign_in(page, site, axe, email):
    page.goto(site + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = re.search(r"https?://\S+/sign-in/\S+/", mail.outbox[-1].body).group(0)
    page.goto(site + urlsplit(link).path)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()


def open_staff_tools(page, site, axe):
    page.goto(site + "/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage the Local Digital service")
    axe.check(page)


def test_the_team_confirms_that_bodies_share_a_domain(site, page, axe):
    sign_in(page, site, axe, TEAM_MEMBER)
    open_staff_tools(page, site, axe)

    page.get_by_role("link", name="Organisation domains").first.click()
    page.get_by_role("link", name="Needs a decision").click()
    axe.check(page)
    row = page.get_by_role("row").filter(has_text="londonpsn.gov.uk")
    expect(row).to_contain_text("No, until confirmed as shared: A shared network domain")
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Confirm that these bodies share the domain")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("1 domain confirmed as shared")
    axe.check(page)
    member = User.objects.create_user("officer@londonpsn.gov.uk")
    assert [org.name for org in organisations_for(member)] == ["Kingston upon Thames"]

    page.get_by_role("link", name="Home").click()
    page.locator("#content-main .model-organisation").get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="Kingston upon Thames").click()
    expect(page.get_by_role("heading", level=2, name="Kingston upon Thames")).to_be_visible()
    expect(page.get_by_label("Domain, organisation domain 2")).to_have_value("londonpsn.gov.uk")
    axe.check(page)


def test_the_team_assigns_an_assessor(site, page, axe):
    bid = ApplicationFactory(title="Missed bins that reach the crew", status=Application.Status.SUBMITTED)
    assessor = User.objects.create_user("assessor@elsewhere.example", full_name="Alex Assessor")
    sign_in(page, site, axe, TEAM_MEMBER)
    open_staff_tools(page, site, axe)

    page.get_by_role("link", name="Assignments").first.click()
    axe.check(page)
    page.get_by_role("link", name=re.compile("Add assignment")).click()
    axe.check(page)
    page.get_by_role("combobox", name="Application:").click()
    page.locator(".select2-search__field").fill("Missed bins")
    page.get_by_role("option", name=re.compile("Missed bins that reach the crew")).click()
    with page.expect_popup() as lookup:
        page.locator("#lookup_id_assessor").click()
    people = lookup.value
    people.get_by_role("link", name="assessor@elsewhere.example").click()
    expect(page.get_by_label("Assessor:")).to_have_value(str(assessor.pk))
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    axe.check(page)
    assert Assignment.objects.filter(application=bid, assessor=assessor).exists()


@pytest.fixture
def everything(live_server):
    make_one_of_everything()
    User.objects.create_superuser("root@localdigital.example", "a long test password")
    return live_server.url


def test_axe_finds_nothing_on_any_staff_page(everything, page, axe):
    """Every list, add and change page of every model in the staff tools, as a superuser sees them."""
    sign_in(page, everything, axe, "root@localdigital.example")

    refused = []
    for _kind, _model_admin, url in pages_of_every_model():
        response = page.goto(everything + url)
        if response.status == 403:  # an add page for rows only the service makes
            refused.append(url)
            continue
        assert response.status == 200, url
        axe.check(page)
    assert len(axe.checked) + len(refused) == 3 * len(admin.site._registry)
    assert all(url.endswith("/add/") for url in refused)
