"""The emails a pledge is sent. Links are paths on the site (SITE_URL goes before them)."""

from dataclasses import dataclass

from localdigital.notifications.messages import Message


@dataclass(frozen=True, kw_only=True)
class ConfirmPledge(Message):
    template = "pledge_confirm"
    transactional = True
    name: str
    confirm_url: str
    withdraw_url: str

    @classmethod
    def sample(cls):
        return cls(name="Sam Smith", confirm_url="/pledge/confirm/abc/", withdraw_url="/pledge/withdraw/def/")


@dataclass(frozen=True, kw_only=True)
class AlreadyPledged(Message):
    template = "pledge_already"
    transactional = True
    name: str
    withdraw_url: str

    @classmethod
    def sample(cls):
        return cls(name="Sam Smith", withdraw_url="/pledge/withdraw/def/")


@dataclass(frozen=True, kw_only=True)
class WithdrawLink(Message):
    template = "pledge_withdraw_link"
    transactional = True
    name: str
    withdraw_url: str

    @classmethod
    def sample(cls):
        return cls(name="Sam Smith", withdraw_url="/pledge/withdraw/def/")
