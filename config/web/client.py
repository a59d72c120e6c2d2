"""The client's address, the one every rate limit keys on.

Behind proxies, REMOTE_ADDR is the nearest proxy: one address for everybody. Each trusted proxy
appends the address it saw to X-Forwarded-For, so with N trusted proxies the client is the Nth
entry from the right; anything further left was written by the client and may be made up.
`TRUSTED_PROXY_COUNT` (environment variable, default 0) says how many proxies to trust; with 0
the header is ignored, so a visitor cannot choose their own address by sending it.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped the outer ones, and every entry there is was
    # appended by a proxy we trust, so the leftmost is the best address we have.
    candidate = hops[-trusted] if len(hops) >= trusted else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # garbage (or host:port) in the header: fall back to what the socket says
        return remote
