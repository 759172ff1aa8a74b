"""The emails about signing in."""

from dataclasses import dataclass

from localdigital.notifications.messages import Message


@dataclass(frozen=True, kw_only=True)
class SignInEmail(Message):
    template = "sign_in"
    transactional = True
    link: str
    minutes: int

    @classmethod
    def sample(cls):
        return cls(link="https://localdigital.example/sign-in/abc/", minutes=60)
