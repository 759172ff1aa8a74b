"""The emails of the Local Digital Fund: receipts for a submitted bid, partners' answers, decisions."""

from dataclasses import dataclass
from decimal import Decimal

from localdigital.notifications.messages import Message
from localdigital.platform.bilingual import localised

SAMPLE_BID = {"title": "Missed bins online", "reference": "LDF-2026-0001", "round_name": "Round 1 2026"}
SAMPLE_LINK = "https://localdigital.example/fund/bids/LDF-2026-0001/"


@dataclass(frozen=True, kw_only=True)
class BidMessage(Message):
    """What every email about a bid names: its title, its reference and its round."""

    title: str
    reference: str
    round_name: str
    round_name_cy: str = ""  # the round's Welsh name, for a recipient who chose Welsh, where staff wrote it

    @classmethod
    def about(cls, application, **fields):
        """The message about `application` (a bid), with its own `fields`."""
        return cls(
            title=application.title,
            reference=application.reference,
            round_name=application.round.name,
            round_name_cy=application.round.name_cy,
            **fields,
        )

    def context(self) -> dict[str, object]:
        # Rendered in its recipient's language: the round's name in it, as the pages give it.
        context = super().context()
        del context["round_name_cy"]
        return {**context, "round_name": localised(self, "round_name")}


@dataclass(frozen=True, kw_only=True)
class BidReceived(BidMessage):
    """The receipt for whoever started or submitted the bid."""

    template = "fund_bid_received"
    transactional = True
    lead: str
    applicant_email: str
    link: str

    @classmethod
    def sample(cls):
        return cls(lead="Kingston", applicant_email="officer@kingston.gov.uk", link=SAMPLE_LINK, **SAMPLE_BID)


@dataclass(frozen=True, kw_only=True)
class FinanceOfficerTold(BidMessage):
    """The finance (Section 151) officer a submitted bid names."""

    template = "fund_bid_received_finance_officer"
    transactional = True
    finance_officer: str
    lead: str
    amount: Decimal
    contact: str

    @classmethod
    def sample(cls):
        return cls(
            finance_officer="Pat Lee",
            lead="Kingston",
            amount=Decimal("120000"),
            contact="Sam Smith",
            **SAMPLE_BID,
        )


@dataclass(frozen=True, kw_only=True)
class PartnerTold(BidMessage):
    """The person who confirmed a partner in a bid, when the bid is submitted."""

    template = "fund_bid_received_partner"
    transactional = True
    partner: str
    lead: str
    link: str

    @classmethod
    def sample(cls):
        return cls(partner="Sutton", lead="Kingston", link=SAMPLE_LINK, **SAMPLE_BID)


@dataclass(frozen=True, kw_only=True)
class PartnerAnswered(BidMessage):
    """Whoever started the bid is told a partner confirmed or declined."""

    template = "fund_partner_answered"
    transactional = True
    partner: str
    confirmed: bool
    link: str

    @classmethod
    def sample(cls):
        return cls(partner="Sutton", confirmed=False, link=SAMPLE_LINK, **SAMPLE_BID)


@dataclass(frozen=True, kw_only=True)
class BidDecided(BidMessage):
    """The decision on a bid, with the assessors' feedback."""

    template = "fund_decision"
    transactional = True
    funded: bool
    amount: Decimal
    feedback: str

    @classmethod
    def sample(cls):
        return cls(funded=True, amount=Decimal("120000"), feedback="A clear plan.", **SAMPLE_BID)
