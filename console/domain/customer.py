"""Customers: identities on several networks linked into one profile."""

from dataclasses import dataclass, field

from console.domain.network import Network


@dataclass(frozen=True, slots=True)
class Identity:
    network: Network
    handle: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    identities: tuple[Identity, ...] = field(default_factory=tuple)
    tier: str = "standard"

    def on(self, network: Network) -> tuple[Identity, ...]:
        return tuple(identity for identity in self.identities if identity.network is network)
