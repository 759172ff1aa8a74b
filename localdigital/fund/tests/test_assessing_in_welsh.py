"""The assessor's and the programme team's pages in Welsh: every word ours is Welsh; the bid's, the
round's, the criteria's and the assessors' own words are shown as they were written."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from localdigital.accounts.models import User
from localdigital.fund import services
from localdigital.fund.models import Assignment
from localdigital.fund.tests.factories import ApplicationFactory, close_round, partner

pytestmark = pytest.mark.django_db

# The service's name is a name in both languages.
NAMES = ("Local Digital",)


class _Text(HTMLParser):
    """The words a person meets on a page: its text and the labels of its controls, leaving out what is
    marked as in another language (lang="en" on the link to the English page) and scripts. The bid's
    answers (the summary list of fund/macros.html) are read too: their labels are ours, their values
    the applicant's, which the tests take out as people's own words."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.skipping: list[str | None] = []  # one entry per open element: why it is skipped, or None
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = None
        if tag in ("script", "style", "template"):
            skip = "code"
        elif attributes.get("lang") not in (None, self.language):
            skip = "other language"
        if not any(self.skipping) and not skip:
            for name in ("aria-label", "title", "alt", "placeholder"):
                if attributes.get(name):
                    self.words.append(attributes[name])
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.words.append(attributes["value"])
        if tag not in self.VOID:
            self.skipping.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not any(self.skipping) and data.strip():
            self.words.append(" ".join(data.split()))


def _ours(html: str, language: str, theirs: list[str]) -> list[str]:
    """The page's words with people's own words taken out; what is left has letters in it."""
    parser = _Text(language)
    parser.feed(html)
    left = []
    for words in parser.words:
        # The page's title ends with the service's name; in Welsh the error prefix is "Gwall:".
        for own in sorted((*theirs, *NAMES), key=len, reverse=True):
            words = words.replace(own, " ")
        if re.search(r"[^\W\d_]{2,}", words):
            left.append(" ".join(words.split()))
    return left


def untranslated(client, name: str, args: list, theirs: list[str], **post) -> list[str]:
    """Our words on the Welsh page that are the same on the English one: English left untranslated."""
    with translation.override("cy"):
        welsh_address = reverse(name, args=args)
    english_address = reverse(name, args=args)
    if post:
        welsh, english = client.post(welsh_address, post), client.post(english_address, post)
    else:
        welsh, english = client.get(welsh_address), client.get(english_address)
    assert welsh.status_code == english.status_code == 200
    welsh_html = welsh.content.decode()
    assert '<html lang="cy"' in welsh_html
    welsh_words = _ours(welsh_html, "cy", theirs)
    english_words = set(_ours(english.content.decode(), "en", theirs))
    assert welsh_words, "the page has words of ours"
    return [words for words in welsh_words if words in english_words]


@pytest.fixture
def bid():
    application = ApplicationFactory(title="Missed bin reports that reach the crew")
    partner(application)
    return services.submit(application, actor=application.created_by)


@pytest.fixture
def assessor():
    return User.objects.create_user("assessor@panel.example", full_name="Alex Assessor")


def their_words(application, *more) -> list[str]:
    round_ = application.round
    return [
        application.title,
        application.reference,
        application.contact_name,
        application.problem,
        application.users,
        application.plan,
        application.team,
        application.finance_officer_name,
        application.finance_officer_email,
        *(line.item for line in application.budget_lines.all()),
        round_.name,
        application.lead.name,
        *(p.organisation.name for p in application.partners.all()),
        *(c.name for c in round_.criteria.all()),
        *(c.name.lower() for c in round_.criteria.all()),
        *(c.guidance for c in round_.criteria.all() if c.guidance),
        *more,
    ]


def test_the_assessors_pages_are_in_welsh(client, bid, assessor):
    assignment = Assignment.objects.create(application=bid, assessor=assessor)
    client.force_login(assessor)
    theirs = their_words(bid, "Alex Assessor", "assessor@panel.example")
    data = {}
    for criterion in bid.round.criteria.all():
        data[f"score_{criterion.pk}"] = "3"
        data[f"comment_{criterion.pk}"] = f"Clear evidence for {criterion.name}"
    theirs += [f"Clear evidence for {criterion.name}" for criterion in bid.round.criteria.all()]

    assert untranslated(client, "fund:assessments", [], theirs) == []
    assert untranslated(client, "fund:assess", [assignment.pk], theirs) == []
    # Pressing Continue without an answer: the error summary and the question's error.
    assert untranslated(client, "fund:assess", [assignment.pk], theirs, details="") == []

    with translation.override("cy"):
        address = reverse("fund:assess", args=[assignment.pk])
    saved = client.post(address, {"conflict": "no"}, follow=True).content.decode()
    assert "Cadwyd eich ateb: nid oes gennych wrthdaro buddiannau. Nawr sgoriwch y cais." in saved
    assert "Eich sgorau" in saved and "Strategic fit: eich sgôr" in saved
    assert untranslated(client, "fund:assess", [assignment.pk], theirs) == []
    # Saving with one comment missing: each error in Welsh, naming the criterion as written.
    first = bid.round.criteria.first()
    missing = {**data, f"comment_{first.pk}": ""}
    assert untranslated(client, "fund:assess", [assignment.pk], theirs, **missing) == []

    scored = client.post(address, data, follow=True).content.decode()
    assert f"Cadwyd y sgorau ar gyfer {bid.title}" in scored
    assert untranslated(client, "fund:assessments", [], theirs) == []


def test_an_assessor_who_declares_a_conflict_is_told_in_welsh(client, bid, assessor):
    assignment = Assignment.objects.create(application=bid, assessor=assessor)
    client.force_login(assessor)
    with translation.override("cy"):
        address = reverse("fund:assess", args=[assignment.pk])

    asked = client.post(address, {"conflict": "yes", "details": ""}).content.decode()
    assert "Disgrifiwch y gwrthdaro buddiannau" in asked
    told = client.post(address, {"conflict": "yes", "details": "I advised the lead"}, follow=True)

    page = told.content.decode()
    assert "Cofnodwyd y gwrthdaro buddiannau: ni fyddwch yn sgorio’r cais hwn" in page
    assert "Ni allwch sgorio’r cais hwn. Rydych wedi datgan gwrthdaro buddiannau." in page
    theirs = their_words(bid, "Alex Assessor", "assessor@panel.example", "I advised the lead")
    assert untranslated(client, "fund:assess", [assignment.pk], theirs) == []
    assert untranslated(client, "fund:assessments", [], theirs) == []


def test_moderation_and_the_decision_are_in_welsh(client, bid, assessor):
    assignment = Assignment.objects.create(application=bid, assessor=assessor)
    client.force_login(assessor)
    client.post(reverse("fund:assess", args=[assignment.pk]), {"conflict": "no"})
    marks = {}
    for criterion in bid.round.criteria.all():
        marks[f"score_{criterion.pk}"] = "4"
        marks[f"comment_{criterion.pk}"] = f"Evidence for {criterion.name}"
    client.post(reverse("fund:assess", args=[assignment.pk]), marks)
    close_round(bid.round)
    client.force_login(User.objects.create_user("team@localdigital.example", is_staff=True))
    comments = [f"Evidence for {criterion.name}" for criterion in bid.round.criteria.all()]
    theirs = their_words(bid, "Alex Assessor", "A strong, clear plan.", *comments)
    slug, reference = bid.round.slug, bid.reference

    assert untranslated(client, "fund:moderation", [slug], theirs) == []
    assert untranslated(client, "fund:decide", [slug, reference], theirs) == []
    assert untranslated(client, "fund:decide", [slug, reference], theirs, feedback="") == []

    with translation.override("cy"):
        decide = reverse("fund:decide", args=[slug, reference])
    done = client.post(decide, {"decision": "funded", "feedback": "A strong, clear plan."}, follow=True)
    assert (
        f"Cofnodwyd y penderfyniad ar {bid.title}, ac anfonwyd e-bost at yr ymgeisydd"
        in done.content.decode()
    )
    assert "Wedi’i ariannu" in done.content.decode()
    assert untranslated(client, "fund:moderation", [slug], theirs) == []
    decided = client.get(decide).content.decode()
    assert "Penderfynwyd ar" in decided and ": wedi’i ariannu." in decided
    assert untranslated(client, "fund:decide", [slug, reference], theirs) == []
