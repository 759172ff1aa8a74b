"""Whether staff have blocked a source of pledges, or let it past the rate limits.

Who is asking is read by localdigital.platform.clients, and how often by localdigital.platform.ratelimit.
"""

import ipaddress
from dataclasses import dataclass

from localdigital.abuse.models import AddressRule, EmailDomainRule
from localdigital.platform import caches

RULES_TTL_SECONDS = 10  # how soon a change to the block or allow lists reaches every process


@dataclass(frozen=True)
class Rules:
    blocked_networks: tuple
    allowed_networks: tuple
    blocked_domains: frozenset
    allowed_domains: frozenset

    def address(self, address: str) -> str | None:
        """'block', 'allow' or None for an address; a block wins over an allow."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        if any(ip in network for network in self.blocked_networks):
            return AddressRule.Action.BLOCK
        if any(ip in network for network in self.allowed_networks):
            return AddressRule.Action.ALLOW
        return None

    def domain(self, domain: str) -> str | None:
        """'block', 'allow' or None for an email domain; rules on a parent domain cover its subdomains."""
        parts = domain.lower().split(".")
        candidates = {".".join(parts[index:]) for index in range(len(parts))}
        if candidates & self.blocked_domains:
            return EmailDomainRule.Action.BLOCK
        if candidates & self.allowed_domains:
            return EmailDomainRule.Action.ALLOW
        return None


RULES = caches.memo("abuse rules", seconds=RULES_TTL_SECONDS)


def rules() -> Rules:
    """The block and allow lists, read from the database at most every RULES_TTL_SECONDS per process."""
    return RULES.get(_load_rules)


def _load_rules() -> Rules:
    networks = list(AddressRule.objects.values_list("network", "action"))
    domains = list(EmailDomainRule.objects.values_list("domain", "action"))
    return Rules(
        blocked_networks=tuple(ipaddress.ip_network(n) for n, a in networks if a == AddressRule.Action.BLOCK),
        allowed_networks=tuple(ipaddress.ip_network(n) for n, a in networks if a == AddressRule.Action.ALLOW),
        blocked_domains=frozenset(d for d, a in domains if a == EmailDomainRule.Action.BLOCK),
        allowed_domains=frozenset(d for d, a in domains if a == EmailDomainRule.Action.ALLOW),
    )


# Drop this process's copy of the lists (after staff change them here, and between tests).
forget_rules = RULES.forget
