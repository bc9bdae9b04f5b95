"""The real client address and scheme behind reverse proxies: trust forwarded headers only from a configured proxy.

A request's immediate peer is REMOTE_ADDR. Only when that peer is one of `settings.TRUSTED_PROXIES` (addresses
or CIDR networks, from DANVAN_TRUSTED_PROXIES) do its X-Forwarded-For and X-Forwarded-Proto mean anything; from
anyone else they are whatever the client chose to send. So:

- `ProxyHeadersMiddleware` (first in MIDDLEWARE) deletes X-Forwarded-For / -Proto / -Host from requests that do
  not come from a trusted proxy; Django's SECURE_PROXY_SSL_HEADER can then be set unconditionally.
- `client_ip(request)` is the address every limit counts by (django-axes' lockout, the API token throttle):
  REMOTE_ADDR, or, from a trusted proxy, the right-most X-Forwarded-For entry that is not itself a trusted
  proxy (entries to the left of it were written by the client and prove nothing).

Why not django-ipware: it picks an address from the header contents (left-most/right-most, a proxy count or
trusted prefixes matched against the header), while the question here is who the immediate peer is; the rule
above is a dozen lines with `ipaddress` and is the one nginx' real_ip module and Werkzeug's ProxyFix use.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                     "HTTP_X_FORWARDED_PORT", "HTTP_X_REAL_IP", "HTTP_FORWARDED")


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def trusted_networks():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _address(text: str):
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _address(address)
    return ip is not None and any(ip in net for net in trusted_networks())


def client_ip(request) -> str:
    """The address of the client: the peer, or what a trusted proxy says the client was."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR", "") or ""
    if not is_trusted_proxy(remote):
        return remote
    hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _address(hop)
        if ip is None:  # a garbled entry: nothing to its left can be believed either
            return remote
        if not any(ip in net for net in trusted_networks()):
            return str(ip)
    return remote


class ProxyHeadersMiddleware:
    """Forwarded headers count only when the peer is a trusted proxy; from anyone else they are removed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
