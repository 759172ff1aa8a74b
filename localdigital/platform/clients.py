"""Who is asking: the address of the person, read through a known number of our own proxies."""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)
_warned_about_proxies = False


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
