"""The fund in Welsh: each email to a person who chose Welsh, and the applicant's pages under /cy/, with
the bid's own words (its title, what its people wrote) left as they were written."""

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from localdigital.accounts.models import User
from localdigital.fund import eligibility, services
from localdigital.fund.emails import BidDecided, BidReceived, FinanceOfficerTold, PartnerAnswered, PartnerTold
from localdigital.fund.models import Assignment
from localdigital.fund.tests.factories import ApplicationFactory, RoundFactory, partner, signatory
from localdigital.notifications import preferences
from localdigital.signing.tests.factories import member_of

pytestmark = pytest.mark.django_db

# Words of the English emails that must not be left in a Welsh one.
ENGLISH = ("bid", "Thank you", "round", "Dear", "funded", "partner in", "See ", "Feedback")


def welsh(message, address="person@kingston.gov.uk"):
    """The email as sent to an address that chose Welsh (the choice wins over the language in use)."""
    preferences.choose_language(preferences.recipient(address, "en"), "cy")
    with translation.override("en-gb"):
        message.send(address)
    sent = mail.outbox[-1]
    assert "Get these emails in English:" in sent.body
    return sent.subject, sent.body


def english_left(text: str, *own_words: str) -> list[str]:
    for words in own_words:
        text = text.replace(words, "")
    return [word for word in ENGLISH if word in text]


def test_the_receipt_in_welsh():
    subject, body = welsh(BidReceived.sample())

    assert subject == "Rydym wedi cael eich cais LDF-2026-0001 i’r Gronfa Ddigidol Leol"
    assert 'Diolch. Rydym wedi cael y cais "Missed bins online" (LDF-2026-0001) i Round 1 2026' in body
    assert "dan arweiniad Kingston." in body
    assert "Gweld y cais a gyflwynwyd gennych:" in body
    assert english_left(subject + body, "Missed bins online", "Round 1 2026", "/fund/bids/", "/bid.pdf") == []


def test_the_receipt_names_the_round_in_welsh_where_staff_wrote_it():
    received = replace(BidReceived.sample(), round_name_cy="Cylch 1 2026")

    _, welsh_body = welsh(received)
    with translation.override("en-gb"):
        _, english_body = received.render()

    assert "(LDF-2026-0001) i Cylch 1 2026" in welsh_body and "Round 1 2026" not in welsh_body
    assert "to Round 1 2026" in english_body and "Cylch" not in english_body


def test_the_finance_officer_is_told_in_welsh_with_the_amount_grouped():
    subject, body = welsh(FinanceOfficerTold.sample(), "pat.lee@kingston.gov.uk")

    assert subject == "Mae cais i’r Gronfa Ddigidol Leol yn eich enwi chi fel swyddog cyllid: LDF-2026-0001"
    assert body.startswith("Annwyl Pat Lee,")
    assert "yn gofyn am £120,000. Mae’n eich enwi chi fel ei swyddog cyllid (Adran 151)." in body
    assert "siaradwch â Sam Smith, y cyswllt ar gyfer y cais" in body
    assert english_left(subject + body, "Missed bins online", "Round 1 2026") == []


def test_a_partner_is_told_of_the_submitted_bid_in_welsh():
    subject, body = welsh(PartnerTold.sample(), "digital@sutton.gov.uk")

    assert subject == "Mae cais sy’n enwi Sutton yn bartner wedi’i gyflwyno: LDF-2026-0001"
    assert "Fe wnaethoch gadarnhau bod Sutton yn bartner ynddo." in body
    assert english_left(subject + body, "Missed bins online", "Round 1 2026", "/fund/bids/", "/bid.pdf") == []


@pytest.mark.parametrize(
    ("confirmed", "said"),
    [
        (True, "Mae Sutton wedi cadarnhau ei fod yn bartner yn eich cais"),
        (False, "Mae Sutton wedi gwrthod bod yn bartner yn eich cais"),
    ],
    ids=["confirmed", "declined"],
)
def test_the_applicant_hears_a_partner_s_answer_in_welsh(confirmed, said):
    subject, body = welsh(replace(PartnerAnswered.sample(), confirmed=confirmed))

    assert subject == said
    assert said in body and "Gweld eich cais a’r hyn sydd ar ôl i’w wneud:" in body
    assert english_left(subject + body, "Missed bins online", "Round 1 2026", "/fund/bids/", "/bid.pdf") == []


@pytest.mark.parametrize("funded", [True, False], ids=["funded", "not funded"])
def test_the_decision_in_welsh_keeps_the_assessors_words(funded):
    message = BidDecided(
        funded=funded,
        amount=Decimal("120000.00"),
        feedback="A clear plan; the bid was well funded elsewhere.",
        title="Missed bins online",
        reference="LDF-2026-0001",
        round_name="Round 1 2026",
    )
    subject, body = welsh(message)

    if funded:
        assert subject == "Mae eich cais wedi’i ariannu: Missed bins online"
        assert '"Missed bins online" (LDF-2026-0001) gyda £120,000.' in body
    else:
        assert subject == "Nid yw eich cais wedi’i ariannu: Missed bins online"
        assert "na fydd y Gronfa Ddigidol Leol yn ariannu eich cais" in body
    assert "Adborth o’r asesiad:\n\nA clear plan; the bid was well funded elsewhere." in body
    own = ("Missed bins online", "Round 1 2026", "A clear plan; the bid was well funded elsewhere.")
    assert english_left(subject + body, *own) == []


def test_every_receipt_of_a_submitted_bid_goes_in_each_person_s_own_language(client):
    lead = signatory(name="Kingston upon Thames", slug="kingston", domain="kingston.gov.uk")
    application = ApplicationFactory(lead=lead, title="Biniau")
    sutton = signatory(name="Sutton", slug="sutton", domain="sutton.gov.uk")
    confirmed = partner(application, sutton)
    confirmed.decided_by = member_of(sutton, "digital")
    confirmed.save()
    preferences.choose_language(preferences.recipient(application.finance_officer_email, "en"), "cy")
    client.force_login(application.created_by)

    client.post(reverse("fund:bid-check", args=[application.reference]))

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[application.finance_officer_email].startswith("Mae cais i’r Gronfa Ddigidol Leol")
    assert subjects[application.created_by.email].startswith("We have received your bid")


def test_a_bid_s_rules_are_explained_in_welsh_with_welsh_dates_and_phases():
    round_ = RoundFactory(lead_types=["unitary"])
    lead = signatory(type="london-borough")
    application = ApplicationFactory(
        round=round_, lead=lead, phase="alpha", amount=Decimal(400_000), budget=[("Build", 400_000)]
    )
    partner(application)

    with translation.override("cy"):
        messages = [problem.message for problem in eligibility.problems(application)]
        closed = eligibility.long_date(round_.closes_at)

    assert any(
        message.startswith("Y mwyaf y gall cais ar gyfer y cam alffa ofyn amdano") for message in messages
    )
    assert any("sefydliad o’r math hwn" in message for message in messages)
    assert " am " in closed and not any(month in closed for month in ("January", "December", "July"))


def test_the_task_list_is_in_welsh(client):
    application = ApplicationFactory(title="Biniau a fethwyd", amount=None, phase="")
    client.force_login(application.created_by)

    with translation.override("cy"):
        address = reverse("fund:bid", args=[application.reference])
    page = client.get(address).content.decode()

    assert '<html lang="cy"' in page
    assert "Cyflwyno" in page and "Gwirio eich atebion a chyflwyno" in page
    assert "Heb ddechrau eto" in page or "Heb ei gwblhau" in page
    assert "Biniau a fethwyd" in page
    for english in ("Not yet started", "Check your answers", "Your answers are saved", "Bid incomplete"):
        assert english not in page


def test_a_round_s_public_page_is_in_welsh_with_its_funded_projects(client):
    round_ = RoundFactory(name="Cylch 3", slug="cylch-3", expressions_of_interest=True)
    ApplicationFactory(
        round=round_,
        title="Biniau",
        status="funded",
        amount=Decimal(60_000),
        interest_sent_at=round_.opens_at,
    )

    with translation.override("cy"):
        address = reverse("fund:round", args=[round_.slug])
    page = client.get(address).content.decode()

    assert '<html lang="cy"' in page
    for welsh_words in (
        "Prosiectau a ariannwyd",
        "1 prosiect, £60,000 i gyd.",
        "Yn ôl cam",
        "Darganfod",
        '<span lang="en">Strategic fit</span> (pwysoliad 2)',
        "Datganiadau o ddiddordeb",
        "Darganfod hyd at £80,000",
    ):
        assert welsh_words in page
    for english in ("Funded projects", "By phase", "Phases funded", "Rules", "in all", "weight", "None yet"):
        assert english not in page


class TestTheRoundsOwnWordsInWelsh:
    """A round's name and prospectus, and its criteria, have a Welsh text staff write beside the English:
    Welsh pages show it, and the English, marked as English, where none is written."""

    @pytest.fixture
    def round_(self):
        round_ = RoundFactory(
            name="Round 4",
            name_cy="Cylch 4",
            prospectus="Money for shared work.\n\nBids close in spring.",
            prospectus_cy="Arian ar gyfer gwaith ar y cyd.\n\nMae ceisiadau’n cau yn y gwanwyn.",
        )
        round_.criteria.filter(name="Strategic fit").update(
            name_cy="Cyd-fynd â’r strategaeth", guidance="Fits the Declaration", guidance_cy="Yn cyd-fynd"
        )
        return round_

    def page(self, client, name, *args, language="cy"):
        with translation.override(language):
            address = reverse(name, args=args)
        return client.get(address).content.decode()

    def test_the_round_s_page_in_welsh(self, client, round_):
        page = self.page(client, "fund:round", round_.slug)

        assert "<title>Cylch 4 " in page and '<h1 class="govuk-heading-xl">Cylch 4</h1>' in page
        assert '<p class="govuk-body">Arian ar gyfer gwaith ar y cyd.</p>' in page
        assert "Mae ceisiadau’n cau yn y gwanwyn." in page
        assert "Cyd-fynd â’r strategaeth (pwysoliad 2): Yn cyd-fynd" in page
        # A criterion nobody has translated yet is in English, and says so to a screen reader.
        assert '<span lang="en">Deliverability</span> (pwysoliad 1)' in page
        assert "Money for shared work" not in page and "Fits the Declaration" not in page

    def test_the_english_page_keeps_the_english(self, client, round_):
        page = self.page(client, "fund:round", round_.slug, language="en-gb")

        assert '<h1 class="govuk-heading-xl">Round 4</h1>' in page
        assert "Money for shared work." in page and "Strategic fit (weight 2): Fits the Declaration" in page
        assert "Cylch 4" not in page and 'lang="en">' not in page.split("<main", 1)[1]

    def test_a_round_with_no_welsh_is_shown_in_english_marked_as_english(self, client):
        round_ = RoundFactory(name="Round 5", prospectus="Money for shared work.")

        page = self.page(client, "fund:round", round_.slug)

        assert "<title>Round 5 " in page  # a title holds no markup
        assert '<h1 class="govuk-heading-xl"><span lang="en">Round 5</span></h1>' in page
        assert '<p class="govuk-body" lang="en">Money for shared work.</p>' in page
        assert '<span lang="en">Strategic fit</span> (pwysoliad 2)' in page

    def test_the_rounds_list_and_the_bid_s_pages_name_the_round_in_welsh(self, client, round_):
        application = ApplicationFactory(round=round_, title="Biniau")
        client.force_login(application.created_by)

        assert "Cylch 4</a>" in self.page(client, "fund:rounds")
        assert "Cylch 4, dan arweiniad" in self.page(client, "fund:bid", application.reference)
        assert "Cylch 4" in self.page(client, "fund:your-bids")
        for page in (self.page(client, "fund:rounds"), self.page(client, "fund:bid", application.reference)):
            assert "Round 4" not in page

    def test_the_assessor_scores_against_the_welsh_criteria(self, client, round_):
        application = ApplicationFactory(round=round_)
        partner(application)
        services.submit(application, actor=application.created_by)
        assessor = User.objects.create_user("assessor@panel.example")
        assignment = Assignment.objects.create(
            application=application, assessor=assessor, declared_at=round_.opens_at
        )
        client.force_login(assessor)

        page = self.page(client, "fund:assess", assignment.pk)

        assert "Cyd-fynd â’r strategaeth: eich sgôr" in page and "Yn cyd-fynd" in page
        assert "Cylch 4" in page
        assert "Deliverability: eich sgôr" in page  # not yet translated: the English
        assert "Strategic fit" not in page and "Fits the Declaration" not in page
