"""The emails of signing the Declaration: to applicants, senior approvers and the people told of it."""

from dataclasses import dataclass

from localdigital.notifications.messages import Message

SAMPLE_ORGANISATION = "Royal Borough of Kingston upon Thames"
SAMPLE_LINK = "https://localdigital.example/sign/kingston/"


@dataclass(frozen=True, kw_only=True)
class SigningSubmitted(Message):
    """The applicant's receipt for an application to sign (or for new commitments, `additions`)."""

    template = "signing_submitted"
    transactional = True
    organisation: str
    days: int
    additions: bool = False

    @classmethod
    def sample(cls):
        return cls(organisation=SAMPLE_ORGANISATION, days=10)


@dataclass(frozen=True, kw_only=True)
class ChangesRequested(Message):
    template = "changes_requested"
    transactional = True
    organisation: str
    message: str
    link: str

    @classmethod
    def sample(cls):
        return cls(organisation=SAMPLE_ORGANISATION, message="Add a commitment.", link=SAMPLE_LINK)


@dataclass(frozen=True, kw_only=True)
class AskedToSign(Message):
    """A senior approver's single-use link to sign or decline."""

    template = "approver_asked"
    transactional = True
    name: str
    role: str  # as the approver's role is shown, e.g. "Chief executive"
    organisation: str
    link: str
    days: int

    @classmethod
    def sample(cls):
        return cls(
            name="Sam Smith",
            role="Chief executive",
            organisation=SAMPLE_ORGANISATION,
            link="https://localdigital.example/sign/approve/abc/",
            days=14,
        )


@dataclass(frozen=True, kw_only=True)
class ApproverReplaced(Message):
    """An approver who was asked to sign is told someone else has been named in their place."""

    template = "approver_replaced"
    transactional = True
    name: str
    role: str
    organisation: str
    successor: str
    signed: bool
    contact: str

    @classmethod
    def sample(cls):
        return cls(
            name="Sam Smith",
            role="Chief executive",
            organisation=SAMPLE_ORGANISATION,
            successor="Alex Jones",
            signed=False,
            contact="contact@localdigital.example",
        )


@dataclass(frozen=True, kw_only=True)
class ApproverChangeDecided(Message):
    """The programme team's answer to a change of senior approver."""

    template = "approver_change_decided"
    transactional = True
    organisation: str
    approved: bool
    names: tuple[str, ...]  # each "name, job title"
    message: str
    link: str

    @classmethod
    def sample(cls):
        return cls(
            organisation=SAMPLE_ORGANISATION,
            approved=True,
            names=("Alex Jones, Chief executive",),
            message="",
            link=SAMPLE_LINK,
        )


@dataclass(frozen=True, kw_only=True)
class ApproverDeclined(Message):
    template = "approver_declined"
    transactional = True
    name: str
    job_title: str
    organisation: str
    reason: str
    link: str

    @classmethod
    def sample(cls):
        return cls(
            name="Sam Smith",
            job_title="Chief executive",
            organisation=SAMPLE_ORGANISATION,
            reason="Not this year.",
            link=SAMPLE_LINK,
        )


@dataclass(frozen=True, kw_only=True)
class Signed(Message):
    template = "signed"
    transactional = True
    organisation: str
    record: str  # the address of the signed record
    reference: str

    @classmethod
    def sample(cls):
        return cls(
            organisation=SAMPLE_ORGANISATION,
            record="https://localdigital.example/signatories/kingston/",
            reference="LDD-2026-0001",
        )


@dataclass(frozen=True, kw_only=True)
class AdditionsDecided(Message):
    """The programme team's answer to a signatory's new commitments."""

    template = "additions_decided"
    transactional = True
    organisation: str
    published: bool
    message: str
    link: str

    @classmethod
    def sample(cls):
        return cls(organisation=SAMPLE_ORGANISATION, published=False, message="Say more.", link=SAMPLE_LINK)
