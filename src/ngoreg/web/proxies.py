"""Which client a request comes from, and over which scheme, when a reverse proxy stands in front.

A proxy says whom it serves in `X-Forwarded-For` and whether the client spoke HTTPS in
`X-Forwarded-Proto`; anyone else can send the same headers. They are believed only from the proxies
NGOREG_TRUSTED_PROXIES names (addresses or networks, comma-separated; none by default): otherwise a client
could give each failed sign-in a new address and never meet the limit on one address's failures. uvicorn's
own reading of these headers (which believes any loopback peer) is switched off in `serve`, so this is the
only one."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import MutableMapping, Sequence
from typing import Any

from ngoreg.errors import InvalidInput

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
SETTING = "NGOREG_TRUSTED_PROXIES"
MAX_HOPS = 32  # proxies a request may pass through; more entries than that are not read


def trusted_proxies(raw: str | None = None) -> tuple[Network, ...]:
    """The networks of `raw` (default: NGOREG_TRUSTED_PROXIES); a bad entry is refused naming the setting."""
    text = os.environ.get(SETTING, "") if raw is None else raw
    networks = []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise InvalidInput(SETTING, entry, "not an IP address or network (e.g. 10.0.0.5, 10.0.0.0/24)") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        a = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # an IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d
    return a.ipv4_mapped if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped else a


def _is_trusted(a: Address, trusted: Sequence[Network]) -> bool:
    return any(a in n for n in trusted)


def _header(scope: MutableMapping[str, Any], name: bytes) -> list[str]:
    """The comma-separated entries of every `name` header, in order."""
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k == name]
    return [e.strip() for e in ",".join(values).split(",") if e.strip()]


def resolve(scope: MutableMapping[str, Any], trusted: Sequence[Network]) -> None:
    """Sets the scope's client and scheme to what a trusted proxy says of them; leaves them otherwise.

    Each proxy appends the address it received the request from, so the list is read from its end: past
    the trusted proxies, the first address is the client's (those before it the client may have made up).
    The scheme is the last proxy's, the one that took the request from outside."""
    client = scope.get("client")
    if not trusted or not client:
        return
    peer = _address(client[0])
    if peer is None or not _is_trusted(peer, trusted):
        return
    chosen = peer
    for hop in reversed(_header(scope, b"x-forwarded-for")[-MAX_HOPS:]):
        a = _address(hop)
        if a is None:
            break
        chosen = a
        if not _is_trusted(a, trusted):
            break
    scope["client"] = (str(chosen), client[1])
    proto = _header(scope, b"x-forwarded-proto")
    if proto and proto[-1].lower() in ("http", "https"):
        scope["scheme"] = proto[-1].lower()
