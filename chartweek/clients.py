"""Which address a request comes from, decided once for everything that counts clients.

The API's throttle and django-axes (failed sign-ins) both ask `client_address`.
settings.NUM_PROXIES says how many proxies of ours stand in front of the app:

- 0 (the default): the socket's address, REMOTE_ADDR. X-Forwarded-For is
  ignored: without a proxy of ours, anyone can write it.
- N: the Nth address from the right of X-Forwarded-For. Each proxy appends the
  address it was reached from, so the last N entries were written by our own
  proxies and the Nth from the right is the client that reached the first of them.
  Anything further left is whatever the client sent, and is never read.

When the header is missing, has fewer than N entries or its Nth entry is not an
IP address, the request did not come through our proxies as configured; the
socket's address is then the only one nobody can forge.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address as text (IPv6 in its short form); None if there is none."""
    remote = _ip(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.NUM_PROXIES
    if proxies == 0:
        return remote
    hops = request.headers.get("x-forwarded-for", "").split(",")
    if len(hops) < proxies:
        return remote
    return _ip(hops[-proxies]) or remote


def _ip(text: str) -> str | None:
    """`text` as a normalised IP address, a port some proxies add taken off; else None."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
