"""The emails about acting for an organisation."""

from dataclasses import dataclass

from localdigital.notifications.messages import Message


@dataclass(frozen=True, kw_only=True)
class AccessDecided(Message):
    """Someone who asked to act for an organisation is told the answer."""

    template = "access_decided"
    transactional = True
    organisation: str
    approved: bool
    note: str = ""

    @classmethod
    def sample(cls):
        return cls(organisation="Royal Borough of Kingston upon Thames", approved=True, note="Welcome.")
