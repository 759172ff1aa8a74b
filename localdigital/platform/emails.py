"""Email addresses and domains, each meaning one function.

- `normalise_domain`: a domain as the service stores it.
- `normalise_email`: an address as the service keeps it (and sends to); refuses what is not an address.
- `email_domain`: the domain of an address, as stored, for matching it to organisations and rules.
- `mailbox`: the mailbox an address delivers to, for telling whether two addresses are one person's.
- `canonical_mailbox`: one key per mailbox as providers deliver mail, for one pledge per mailbox.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Full stops that internationalised domain names treat as the "." between labels.
DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})

# Providers that deliver mail for "first.last" and "firstlast" to one mailbox.
DOTS_IGNORED = frozenset({"gmail.com", "googlemail.com"})
SAME_PROVIDER = {"googlemail.com": "gmail.com"}


def normalise_domain(value: str) -> str:
    """A domain as stored: lower case, no trailing dot, internationalised names in their ASCII form.

    Raises ValidationError for a name that cannot be put in ASCII form.
    """
    domain = value.strip().rstrip(".").lower()
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(f"{value!r} is not a valid domain") from None


def normalise_email(value: str) -> str:
    """An address as the service keeps it: trimmed, lower case, its domain in ASCII form, without a
    trailing full stop (of any script). Normalising the result again gives the same address.

    Raises ValidationError for anything that is not an email address.
    """
    local, at, domain = value.strip().lower().rpartition("@")
    address = f"{local}{at}{domain.translate(DOTS).removesuffix('.')}"
    validate_email(address)
    normalised = f"{local}@{normalise_domain(address.rpartition('@')[2])}"
    validate_email(normalised)
    return normalised


def email_domain(email: str) -> str:
    """The domain of an address as domains are stored ("Jo@Kingston.GOV.UK." is at "kingston.gov.uk").
    A domain that has no ASCII form is given lower case, as typed: it matches nothing stored."""
    domain = email.strip().rpartition("@")[2]
    try:
        return normalise_domain(domain)
    except ValidationError:
        return domain.strip().lower()


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for comparing people: "jo+ceo@x" reaches "jo@x"."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def canonical_mailbox(email: str) -> str:
    """One key per mailbox as providers deliver mail: lower case, no +tag, and no dots where the provider
    ignores them ("Jo.Bloggs+x@googlemail.com" is "jobloggs@gmail.com")."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{SAME_PROVIDER.get(domain, domain)}"
