"""The emails of the register of systems: a record's keepers are asked each year if it is still right."""

from dataclasses import dataclass

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
