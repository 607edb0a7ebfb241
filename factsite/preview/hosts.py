"""Decides which requests the preview answers: those addressed to its own host and port."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass

# The names a browser on this machine may call a loopback address by.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_HOST_HEADER = re.compile(
    r"(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<name>[^:\[\]]+))(?::(?P<port>\d{1,5}))?"
)


@dataclass(frozen=True)
class HostCheck:
    """Which Host headers the preview answers: its own names at its own port, no others.

    A page on another site can have its own name resolve to this machine (DNS rebinding) and
    then read the preview as if it were that site; such a request still names that site.
    """

    names: frozenset[str]  # lowercase names and IP addresses (IPv6 without brackets)
    port: int
    any_address: bool = False  # bound to every address: any IP address may reach it

    def allows(self, header: str) -> bool:
        """Tell whether a request with this Host header is addressed to the preview."""
        found = _HOST_HEADER.fullmatch(header.lower())
        if found is None or int(found["port"] or 80) != self.port:
            return False
        name = found["ipv6"] or found["name"]
        address = _address(name)
        if address is not None:
            name = address  # one spelling of each address: [0:0::1] is ::1
        return name in self.names or (self.any_address and address is not None)


def host_check(host: str, sockets: Sequence[socket.socket]) -> HostCheck:
    """Return the Host headers to answer for a preview bound to host on these sockets."""
    bound = [ipaddress.ip_address(sock.getsockname()[0]) for sock in sockets]
    port: int = sockets[0].getsockname()[1]  # every socket listens on the same port
    names = {host.lower().strip("[]"), *(str(address) for address in bound)}
    any_address = any(address.is_unspecified for address in bound)
    if any_address or all(address.is_loopback for address in bound):
        names |= LOOPBACK_NAMES
    if any_address:  # on the network: its people may use the machine's own name
        names.add(socket.gethostname().lower())
    return HostCheck(frozenset(names), port, any_address)


def _address(name: str) -> str | None:
    """Return an IP address in its usual spelling, or None when name is not an address."""
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return None


def is_loopback(sockets: Sequence[socket.socket]) -> bool:
    """Tell whether the sockets listen on this machine's loopback addresses only."""
    return all(ipaddress.ip_address(sock.getsockname()[0]).is_loopback for sock in sockets)
