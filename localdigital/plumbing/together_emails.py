"""The email of the moments to act together: a record's keepers are told of a new match."""

from dataclasses import dataclass
from datetime import date

from localdigital.notifications.messages import Message


@dataclass(frozen=True, kw_only=True)
class MatchFound(Message):
    """Another organisation's record now matches one the person keeps: its contract for the same service
    ends in the same financial year, or it runs the same product (or both)."""

    template = "plumbing_match_found"
    transactional = False
    organisation: str  # the other organisation
    product: str  # its product
    their_product: str  # the product of the record the person keeps
    services: str
    contract_end: date | None  # the other contract's end, where it ends in the same window
    same_product: bool
    link: str

    @classmethod
    def sample(cls):
        return cls(
            organisation="Sutton",
            product="BinRound",
            their_product="BinRound",
            services="Household waste collection",
            contract_end=date(2027, 9, 30),
            same_product=True,
            link="https://localdigital.example/systems/1/together/",
        )
