"""A message of the gateway's own tests (its template is in tests/jinja2/emails/, found through the
fixture in conftest), so that they need no domain's emails."""

import dataclasses

from localdigital.notifications.messages import Message


@dataclasses.dataclass(frozen=True, kw_only=True)
class Note(Message):
    template = "test_note"
    transactional = True
    title: str = "Bulky waste"
    organisation: str = "Brent & Harrow"
    note: str = "We have started."
    link: str = "https://x/sign-in/abc/"
    flagged: bool = False
    names: tuple[str, ...] = ()

    @classmethod
    def sample(cls):
        return cls()
