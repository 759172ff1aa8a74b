"""Emails as typed messages.

Each email the service sends is a `Message`: a frozen dataclass whose named, typed fields are what the
email says, with its own template (`jinja2/emails/<template>.txt` in the app that sends it, whose first
line is "Subject: ...") and, when GOV.UK Notify is configured, its own Notify template. Each domain keeps
its messages in its `emails.py`:

    @dataclass(frozen=True, kw_only=True)
    class SignInLink(Message):
        template = "sign_in"
        transactional = True
        link: str
        minutes: int

    SignInLink(link=url, minutes=60).send(address)

Each message says whether it is `transactional`: an email the person asked for by doing something (a
sign-in link, a receipt, an answer to their application). Every other email (updates on projects they
follow, reminders) carries a one-click unsubscribe link and its RFC 8058 headers, and is not sent to an
address that has unsubscribed.

Every message also gives `sample()` values, so a test renders every email the service can send.
"""

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.template import engines
from django.utils.module_loading import autodiscover_modules
from jinja2 import StrictUndefined

if TYPE_CHECKING:
    from localdigital.notifications.models import SentEmail

# Stands for a line break inside a value put into an email while the template's own first line, the
# subject, is found; it is whitespace to str.split(), so a subject made from it collapses to one line.
BREAK = "\x1e"
_environment = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Message:
    """One email: subclasses name their `template` and declare their fields."""

    template: ClassVar[str]
    # Declared by every message: True for an email the person asked for by doing something.
    transactional: ClassVar[bool]

    @classmethod
    def sample(cls) -> Self:
        """The message with example values, for the test that renders every email."""
        raise NotImplementedError(f"{cls.__name__} gives no sample")

    def context(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

    def render(self) -> tuple[str, str]:
        """The subject (one line) and the plain-text body."""
        return render(self.template, self.context())

    def personalisation(self) -> dict[str, str | list[str]]:
        """The fields as GOV.UK Notify takes them (text, yes or no, lists of text), for a Notify template
        of this message's own; values made of other values reach Notify only in the body."""
        values: dict[str, str | list[str]] = {}
        for name, value in self.context().items():
            if isinstance(value, bool):
                values[name] = "yes" if value else "no"
            elif isinstance(value, str | int | Decimal | date | datetime):
                values[name] = str(value)
            elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
                values[name] = list(value)
        return values

    def send(
        self, to: str, *, queue: bool | None = None, language: str | None = None, recipient=None
    ) -> "SentEmail":
        from localdigital.notifications import gateway

        return gateway.send(self, to=to, queue=queue, language=language, recipient=recipient)


def notify_template_id(template: str) -> str:
    """The Notify template for an email: its own when NOTIFY_TEMPLATE_IDS names one, else the generic one
    (NOTIFY_EMAIL_TEMPLATE_ID, with ((subject)) and ((body)))."""
    return settings.NOTIFY_TEMPLATE_IDS.get(template) or settings.NOTIFY_EMAIL_TEMPLATE_ID


def _mark_breaks(value) -> str:
    """Finalize each value put into an email: its line breaks marked, so they cannot end the subject."""
    return str(value).replace("\r\n", BREAK).replace("\r", BREAK).replace("\n", BREAK)


def _email_environment():
    """The site's Jinja2 environment, marking line breaks in values and refusing any name a template uses
    that its message does not give (with its own compiled templates)."""
    global _environment
    site = engines["jinja2"].env
    if _environment is None or _environment.linked_to is not site:
        _environment = site.overlay(finalize=_mark_breaks, undefined=StrictUndefined, cache_size=200)
    return _environment


def render(template: str, context: dict) -> tuple[str, str]:
    """The subject and body of an email. The subject is the template's first line, with any whitespace in
    it (line breaks in a title or name included) collapsed to single spaces: a subject is one line."""
    text = (
        _email_environment()
        .get_template(f"emails/{template}.txt")
        .render({"SITE_URL": settings.SITE_URL, **context})
    )
    first, _, rest = text.lstrip().partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    subject = " ".join(first.removeprefix("Subject:").split())
    return subject, rest.replace(BREAK, "\n").strip() + "\n"


def render_footer(context: dict) -> str:
    """The footer every email ends with (`emails/_footer.txt`), in the current language."""
    text = (
        _email_environment()
        .get_template("emails/_footer.txt")
        .render({"SITE_URL": settings.SITE_URL, **context})
    )
    return text.replace(BREAK, "\n").strip() + "\n"


def every_message() -> list[type[Message]]:
    """Every message the service's apps define: each installed app's `emails` module is imported, and
    the Message subclasses defined in those modules that name a template are returned."""
    autodiscover_modules("emails")
    found, waiting = [], list(Message.__subclasses__())
    while waiting:
        cls = waiting.pop()
        waiting.extend(cls.__subclasses__())
        if cls.__module__.endswith(".emails") and hasattr(cls, "template"):
            found.append(cls)
    return sorted(found, key=lambda cls: (cls.__module__, cls.__name__))
