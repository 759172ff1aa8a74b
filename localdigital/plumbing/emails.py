"""The emails of the register of systems: a record's keepers are asked each year if it is still right, and
told of another organisation's record that newly matches theirs (the moments to act together)."""

from dataclasses import dataclass
from datetime import date

from localdigital.notifications.messages import Message


@dataclass(frozen=True, kw_only=True)
class StillRight(Message):
    """Someone who keeps a system record is asked to confirm it, a year after it was last confirmed."""

    template = "system_reminder"
    transactional = False
    product: str  # the product's name
    organisation: str
    link: str  # where to confirm it

    @classmethod
    def sample(cls):
        return cls(
            product="Whitespace Work",
            organisation="Kingston",
            link="https://localdigital.example/systems/yours/",
        )


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
