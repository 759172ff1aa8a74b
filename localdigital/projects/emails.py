"""The emails of the project register: to followers, owners and organisations asking to join."""

from dataclasses import dataclass
from datetime import date

from localdigital.notifications.messages import Message

SAMPLE_LINK = "https://localdigital.example/projects/missed-bins-online/"


@dataclass(frozen=True, kw_only=True)
class UpdatePosted(Message):
    """A follower is told of an update on a project they follow."""

    template = "project_update"
    transactional = False
    project: str  # the project's title
    lead: str  # its lead organisation's name
    update: str
    link: str

    @classmethod
    def sample(cls):
        return cls(project="Missed bins online", lead="Kingston", update="Alpha finished.", link=SAMPLE_LINK)


@dataclass(frozen=True, kw_only=True)
class JoinRequested(Message):
    """A project's owner is asked to let an organisation contribute."""

    template = "project_join_request"
    transactional = True
    organisation: str
    project: str
    message: str
    link: str

    @classmethod
    def sample(cls):
        return cls(
            organisation="Sutton", project="Missed bins online", message="We can help.", link=SAMPLE_LINK
        )


@dataclass(frozen=True, kw_only=True)
class JoinDecided(Message):
    template = "project_join_decided"
    transactional = True
    project: str
    lead: str
    accepted: bool
    link: str

    @classmethod
    def sample(cls):
        return cls(project="Missed bins online", lead="Kingston", accepted=True, link=SAMPLE_LINK)


@dataclass(frozen=True, kw_only=True)
class StillGoing(Message):
    """A project's owner is asked for an update after `days` without one."""

    template = "project_reminder"
    transactional = False
    project: str
    days: int
    link: str

    @classmethod
    def sample(cls):
        return cls(project="Missed bins online", days=90, link=SAMPLE_LINK)


@dataclass(frozen=True)
class DigestUpdate:
    day: date
    body: str


@dataclass(frozen=True)
class DigestProject:
    title: str
    lead: str
    link: str
    updates: tuple[DigestUpdate, ...]


@dataclass(frozen=True, kw_only=True)
class WeeklyDigest(Message):
    """The week's updates on the projects someone follows, for those who asked for a digest."""

    template = "project_digest"
    transactional = False
    projects: tuple[DigestProject, ...]

    @classmethod
    def sample(cls):
        update = DigestUpdate(day=date(2026, 3, 2), body="Alpha finished.")
        return cls(projects=(DigestProject("Missed bins online", "Kingston", SAMPLE_LINK, (update,)),))


@dataclass(frozen=True, kw_only=True)
class DailyDigest(WeeklyDigest):
    """The day's updates on the projects someone follows, for those who asked for them once a day."""

    template = "project_digest_daily"
    transactional = False
