"""The hub's settings: defaults, then a TOML file, then ``HORSESHOE_HUB_*`` variables, then flags.

Declared once, typed, each with a line of doc; an unknown key or a wrong type is an error that
names it, never silently ignored (a misspelt ``tls_cert`` would otherwise serve plain HTTP).
"""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from console.hub.defaults import default_hub_database

ENV_PREFIX = "HORSESHOE_HUB_"
CONFIG_ENV = "HORSESHOE_HUB_CONFIG"


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the file, key or variable."""


@dataclass(frozen=True, slots=True)
class HubConfig:
    database: str = field(default_factory=lambda: str(default_hub_database()))
    """SQLAlchemy URL (postgresql://user@host/db) or a SQLite file path."""
    host: str = "127.0.0.1"
    """Address to listen on."""
    port: int = 8740
    """Port to listen on."""
    tls_cert: str | None = None
    """PEM certificate (chain) file; with ``tls_key``, the hub serves HTTPS only."""
    tls_key: str | None = None
    """PEM private key file for ``tls_cert``."""
    token_ttl_hours: float = 12.0
    """How long a sign-in lasts before the workstation must sign in again."""
    demo: bool = False
    """Replay the bundled demo mentions (for trials and training)."""
    demo_rate: float = 20.0
    """Demo mentions per minute."""
    demo_publish_failure_rate: float = 0.0
    """Demo connector: share of requests refused as transient failures (fault drills and tests)."""
    demo_publish_uncertain_rate: float = 0.0
    """Demo connector: share of publishes whose answer is lost, half after the post landed."""
    demo_publish_latency_ms: int = 0
    """Demo connector: delay before each answer."""
    demo_publish_seed: int = 7
    """Demo connector: seed of its faults, so a run can be replayed."""
    publish_max_attempts: int = 8
    """Attempts at a reply before it is marked failed (retries back off exponentially)."""
    publish_lease_s: float = 120.0
    """How long a hub process holds a reply it is sending before another may take it over (after a
    crash); each network call is cut at a quarter of it."""
    claim_lease_minutes: float = 15.0
    """How long a claim holds without renewal; the workstation renews it while the case is open."""
    sla_policies: str = ""
    """YAML file of SLA policies and business-hours calendars (empty: the built-in defaults)."""
    assignment: str = "round_robin"
    """Auto-assignment to available agents: round_robin, least_loaded, or off."""
    crisis_team: str = "PR"
    """Where the cases of a crisis (a spike of negative mentions) are handed."""
    credentials_key: str = ""
    """Fernet key that seals the networks' credentials in the database (`horseshoe-hub accounts new-key`);
    keep it out of the database's backups."""
    meta_app_secret: str = ""
    """The Meta app's secret: webhook deliveries are accepted only when signed with it."""
    meta_verify_token: str = ""
    """The token Meta's webhook subscription check must present (any string you choose)."""
    webhook_secret: str = ""
    """Secret of the generic signed webhook (POST /v1/webhooks/NETWORK, X-Horseshoe-Signature)."""
    crisis_terms: str = ""
    """Comma-separated terms that make a crisis topic besides hashtags (e.g. recall, outage)."""
    poll_intervals: str = ""
    """Seconds between polls of a network's accounts, overriding the defaults: ``x=120,youtube=600``
    (stretched further when a network's rate limit runs low)."""
    poll_skip: str = ""
    """Streams not polled, as NETWORK.STREAM: ``x.dms,instagram.conversations`` (console.hub.streams
    lists them; a stream the credentials do not reach stops by itself)."""

    @property
    def tls(self) -> bool:
        return bool(self.tls_cert)

    @property
    def token_ttl_ms(self) -> int:
        return int(self.token_ttl_hours * 3600 * 1000)

    @property
    def claim_lease_ms(self) -> int:
        return int(self.claim_lease_minutes * 60_000)

    @property
    def poll_intervals_s(self) -> dict[str, float]:
        """``poll_intervals`` as {network: seconds}; ConfigError names a malformed entry."""
        intervals: dict[str, float] = {}
        for entry in filter(None, (part.strip() for part in self.poll_intervals.split(","))):
            network, sep, seconds = entry.partition("=")
            try:
                value = float(seconds)
            except ValueError:
                value = 0.0
            if not sep or not network.strip() or not value > 0:
                raise ConfigError(f"poll_intervals: {entry!r} is not NETWORK=SECONDS (a positive number)")
            intervals[network.strip().lower()] = value
        return intervals

    @property
    def poll_skipped(self) -> frozenset[str]:
        """``poll_skip`` as {"network.stream"}; ConfigError names an entry that is no stream."""
        from console.hub.streams import STREAM_NAMES  # the connectors load only when asked

        skipped = frozenset(filter(None, (part.strip().lower() for part in self.poll_skip.split(","))))
        for entry in skipped:
            network, _, stream = entry.partition(".")
            if stream not in STREAM_NAMES.get(network, ()):
                known = ", ".join(f"{n}.{s}" for n, names in STREAM_NAMES.items() for s in names)
                raise ConfigError(f"poll_skip: {entry!r} is not a stream (one of {known})")
        return skipped

    def checked(self) -> "HubConfig":
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ConfigError("TLS needs both tls_cert and tls_key (or neither, for plain HTTP)")
        for name in ("tls_cert", "tls_key"):
            path = getattr(self, name)
            if path and not os.access(path, os.R_OK):
                raise ConfigError(f"{name} {path} cannot be read")
        if not 0 < self.port < 65536:
            raise ConfigError(f"port {self.port} is not a TCP port")
        if self.token_ttl_hours <= 0 or self.demo_rate <= 0:
            raise ConfigError("token_ttl_hours and demo_rate must be positive numbers")
        rates = (self.demo_publish_failure_rate, self.demo_publish_uncertain_rate)
        if any(not 0 <= rate <= 1 for rate in rates) or sum(rates) > 1:
            raise ConfigError("demo_publish_failure_rate and _uncertain_rate are shares in 0…1, together ≤ 1")
        if self.demo_publish_latency_ms < 0 or self.publish_max_attempts < 1 or self.publish_lease_s < 1:
            raise ConfigError(
                "demo_publish_latency_ms cannot be negative; "
                "publish_max_attempts and publish_lease_s must be at least 1"
            )
        if self.assignment not in ("round_robin", "least_loaded", "off"):
            raise ConfigError(f"assignment is round_robin, least_loaded or off, not {self.assignment!r}")
        if self.claim_lease_minutes <= 0:
            raise ConfigError("claim_lease_minutes must be a positive number")
        self.poll_intervals_s  # noqa: B018 — raises on a malformed entry
        self.poll_skipped  # noqa: B018
        return self


def load(path: Path | None = None, overrides: dict[str, Any] | None = None) -> HubConfig:
    """The hub's configuration from ``path`` (or ``$HORSESHOE_HUB_CONFIG``), the environment and flags."""
    config = HubConfig()
    path = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    if path is not None:
        config = replace(config, **_from_file(path))
    config = replace(config, **_from_environment())
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    return replace(config, **given).checked()


_TYPES = {f.name: f.type for f in fields(HubConfig)}


def _from_file(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read the hub config {path}: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the hub config {path} is not valid TOML: {error}") from error
    values = {}
    for key, value in data.get("hub", data).items():
        if key not in _TYPES:
            raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(_TYPES)}")
        values[key] = _typed(key, value, f"{path}: {key}")
    return values


def _from_environment() -> dict[str, Any]:
    values = {}
    for key in _TYPES:
        raw = os.environ.get(ENV_PREFIX + key.upper())
        if raw is not None and raw != "":
            values[key] = _typed(key, raw, ENV_PREFIX + key.upper())
    return values


def _typed(key: str, value: Any, where: str) -> Any:
    kind = _TYPES[key]
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            lowered = str(value).strip().lower()
            if lowered not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(value)
            return lowered in {"1", "true", "yes", "on"}
        if kind is int:
            if isinstance(value, bool):
                raise ValueError(value)
            return int(value)
        if kind is float:
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if not isinstance(value, str):
            raise ValueError(value)
        return os.path.expanduser(value) if key.startswith("tls_") or key == "sla_policies" else value
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a valid {getattr(kind, '__name__', kind)}") from None
