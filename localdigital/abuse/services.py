"""Who is asking (behind a known number of proxies), how often, and whether staff have blocked them."""

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from localdigital.abuse.models import AddressRule, EmailDomainRule, RateCounter

RULES_TTL_SECONDS = 10  # how soon a change to the block or allow lists reaches every process
logger = logging.getLogger(__name__)
_warned_about_proxies = False


@dataclass(frozen=True)
class Limit:
    """At most `hits` in any fixed window of `seconds`."""

    name: str
    hits: int
    seconds: int


def client_ip(request) -> str:
    """The address of the person, not of our own proxies.

    With TRUSTED_PROXY_COUNT proxies in front (each appending to X-Forwarded-For), the address is the
    entry that many places from the end; anything further left could have been typed by the client.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    remote = request.META.get("REMOTE_ADDR", "")
    if not proxies and "HTTP_X_FORWARDED_FOR" in request.META:
        _warn_if_behind_a_proxy(remote)
    return remote


def _warn_if_behind_a_proxy(remote: str) -> None:
    """Say once per process when requests look proxied but TRUSTED_PROXY_COUNT is 0: every visitor
    would then share the proxy's rate limits."""
    global _warned_about_proxies
    try:
        internal = ipaddress.ip_address(remote).is_private
    except ValueError:
        return
    if internal and not _warned_about_proxies:
        _warned_about_proxies = True
        logger.warning(
            "Requests arrive from %s with X-Forwarded-For, but TRUSTED_PROXY_COUNT is 0: rate limits "
            "count every visitor as that proxy. Set TRUSTED_PROXY_COUNT to the number of proxies in front.",
            remote,
        )


def clock() -> float:
    """Seconds since 1970: the one clock every limit is counted by."""
    return time.time()


def hashed_key(kind: str, value: str) -> str:
    """A key for counting one thing (an address, an email address) without keeping it."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value}".encode()).hexdigest()
    return f"{kind}:{digest[:40]}"


def address_key(address: str) -> str:
    """A key for counting one address without keeping it."""
    return hashed_key("ip", address)


def _counter_key(key: str, limit: Limit) -> str:
    """The row a limit counts a key in: each limit has its own, so a per-minute and a per-hour window
    that start at the same second never share (or twice touch) one row."""
    counter = f"{limit.name}:{key}"
    if len(counter) > (RateCounter._meta.get_field("key").max_length or 0):
        counter = f"{limit.name}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"
    return counter


def _windows(checks: list[tuple[str, Limit]], now: float) -> dict[tuple[str, int], int]:
    """How many hits each (counter, window start) row takes from these checks."""
    rows: dict[tuple[str, int], int] = {}
    for key, limit in checks:
        row = (_counter_key(key, limit), int(now // limit.seconds) * limit.seconds)
        rows[row] = rows.get(row, 0) + 1
    return rows


def exceeded(checks: list[tuple[str, Limit]], *, now: float | None = None) -> Limit | None:
    """Count one hit against each (key, limit), all in one statement; the first limit now exceeded.

    Fixed windows: a limit of 20 a minute lets through at most 40 in any 60 seconds that straddle two
    windows, which is enough to stop floods and cheap enough to count on every request. Each row appears
    once in the statement (PostgreSQL refuses an upsert that touches a row twice).
    """
    if not checks:
        return None
    now = clock() if now is None else now
    rows = _windows(checks, now)
    quote = connection.ops.quote_name
    table, key_, window_, hits_ = (
        quote(name) for name in (RateCounter._meta.db_table, "key", "window_start", "hits")
    )
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    # Only quoted names and placeholders go into the text; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({key_}, {window_}, {hits_}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({key_}, {window_}) DO UPDATE SET {hits_} = {table}.{hits_} + EXCLUDED.{hits_} "
        f"RETURNING {key_}, {window_}, {hits_}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for (key, window), hits in rows.items() for value in (key, window, hits)])
        counted = {(key, window): hits for key, window, hits in cursor.fetchall()}
    for key, limit in checks:
        if counted[_counter_key(key, limit), int(now // limit.seconds) * limit.seconds] > limit.hits:
            return limit
    return None


def purge_counters(*, now: float | None = None, keep_seconds: int = 24 * 60 * 60) -> int:
    """Delete counters whose window ended long enough ago that no limit still reads them."""
    now = time.time() if now is None else now
    deleted, _ = RateCounter.objects.filter(window_start__lt=now - keep_seconds).delete()
    return deleted


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


_rules: tuple[float, Rules] | None = None


def rules() -> Rules:
    """The block and allow lists, read from the database at most every RULES_TTL_SECONDS per process."""
    global _rules
    if _rules is None or _rules[0] < time.monotonic():
        networks = list(AddressRule.objects.values_list("network", "action"))
        domains = list(EmailDomainRule.objects.values_list("domain", "action"))
        loaded = Rules(
            blocked_networks=tuple(
                ipaddress.ip_network(n) for n, a in networks if a == AddressRule.Action.BLOCK
            ),
            allowed_networks=tuple(
                ipaddress.ip_network(n) for n, a in networks if a == AddressRule.Action.ALLOW
            ),
            blocked_domains=frozenset(d for d, a in domains if a == EmailDomainRule.Action.BLOCK),
            allowed_domains=frozenset(d for d, a in domains if a == EmailDomainRule.Action.ALLOW),
        )
        _rules = (time.monotonic() + RULES_TTL_SECONDS, loaded)
    return _rules[1]


def forget_rules(**_kwargs) -> None:
    """Drop this process's copy of the lists (after staff change them here, and between tests)."""
    global _rules
    _rules = None
