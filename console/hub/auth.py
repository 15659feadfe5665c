"""Users, passwords and bearer tokens.

Passwords are hashed with argon2id (memory-hard, so a stolen table is slow to attack on GPUs).
A token is 32 random bytes shown once to the caller; the hub stores only its SHA-256, so a copy
of the database signs nobody in. Tokens expire, and are revoked by logout, disable and reset.
"""

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, insert, select, update

from console.domain.agent import Agent, Role
from console.domain.clock import now_ms
from console.domain.ids import uuid7
from console.domain.network import Network
from console.hub.changelog import lock_sequence
from console.hub.database import reader
from console.hub.schema import passwords, teams, tokens, users

DEFAULT_TOKEN_TTL_MS = 12 * 3600 * 1000  # one shift; a workstation asks again next morning
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()  # argon2id with the library's current RFC 9106 defaults
# Verified against when the username is unknown, so a wrong name costs what a wrong password does.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AuthError(Exception):
    """Sign-in refused: unknown user, wrong password, disabled account, expired or revoked token."""


class UserError(ValueError):
    """A user operation that cannot be done as asked (duplicate name, unknown team, short password)."""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str  # the secret itself: returned once, never stored
    expires_ms: int
    agent: Agent


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: Role = Role.AGENT,
    name: str = "",
    team_names: Iterable[str] = (),
) -> Agent:
    username = _clean_username(username)
    _check_password(password)
    wanted = tuple(dict.fromkeys(team_names))
    digest = _hasher.hash(password)  # slow on purpose: outside the transaction, which locks the counter
    with engine.begin() as connection:
        sequence = lock_sequence(connection)  # also serialises concurrent adds of one name
        known = set(connection.scalars(select(teams.c.id)))
        unknown = [team for team in wanted if team not in known]
        if unknown:
            raise UserError(f"unknown team {', '.join(unknown)}; teams: {', '.join(sorted(known))}")
        if connection.scalar(select(users.c.id).where(users.c.username == username)):
            raise UserError(f"a user named {username!r} exists already")
        agent = Agent(uuid7(), name or username, role, wanted, username)
        now = now_ms()
        connection.execute(
            insert(users).values(
                id=agent.id,
                username=username,
                name=agent.name,
                role=role.value,
                teams=json.dumps(list(wanted)),
                disabled=False,
                created_ms=now,
                seq=sequence.next(),
            )
        )
        connection.execute(insert(passwords).values(user_id=agent.id, hash=digest, changed_ms=now))
        sequence.close()
    return agent


def local_agent(engine: Engine, username: str, name: str) -> Agent:
    """The one user of an embedded hub, created on first use with a password nobody knows.

    The embedded hub runs inside the workstation's own process, which signs itself in with
    :func:`issue_token`; there is no password to ask for or to leak.
    """
    with reader(engine).connect() as connection:
        agent = find_user(connection, username)
    if agent is not None:
        return agent
    return add_user(engine, username, secrets.token_urlsafe(24), Role.SUPERVISOR, name, team_names(engine))


def list_users(engine: Engine) -> list[Agent]:
    with reader(engine).connect() as connection:
        return [_agent(row) for row in connection.execute(select(users).order_by(users.c.username))]


def find_user(connection: Connection, username: str) -> Agent | None:
    row = connection.execute(select(users).where(users.c.username == username)).first()
    return _agent(row) if row else None


def user_by_id(connection: Connection, user_id: str) -> Agent | None:
    if "\x00" in user_id:  # no id holds one, and PostgreSQL fails on it rather than finding nobody
        return None
    row = connection.execute(select(users).where(users.c.id == user_id)).first()
    return _agent(row) if row else None


def set_disabled(engine: Engine, username: str, disabled: bool) -> Agent:
    """Disable (revoking every token at once) or enable an account."""
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        agent = _require(connection, username)
        connection.execute(
            update(users).where(users.c.id == agent.id).values(disabled=disabled, seq=sequence.next())
        )
        if disabled:
            _revoke_all(connection, agent.id)
        sequence.close()
    return Agent(agent.id, agent.name, agent.role, agent.teams, agent.username, disabled)


def update_user(
    engine: Engine, username: str, role: Role | None = None, team_names: Iterable[str] | None = None
) -> Agent:
    """Change a user's role and/or teams (None keeps it). What they may see changes with it: their
    workstation's next pull finds its scope changed and resyncs (see console.hub.scope)."""
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        agent = _require(connection, username)
        teams_now = agent.teams if team_names is None else tuple(dict.fromkeys(team_names))
        known = set(connection.scalars(select(teams.c.id)))
        unknown = [team for team in teams_now if team not in known]
        if unknown:
            raise UserError(f"unknown team {', '.join(unknown)}; teams: {', '.join(sorted(known))}")
        role = role or agent.role
        if (role, teams_now) != (agent.role, agent.teams):
            connection.execute(
                update(users)
                .where(users.c.id == agent.id)
                .values(role=role.value, teams=json.dumps(list(teams_now)), seq=sequence.next())
            )
        sequence.close()
    return Agent(agent.id, agent.name, role, teams_now, agent.username, agent.disabled)


def set_skills(
    engine: Engine,
    username: str,
    capacity: int | None = None,
    languages: Iterable[str] | None = None,
    networks: Iterable[str] | None = None,
) -> dict:
    """Change what auto-assignment gives a user (None keeps it): how many open cases they carry, and
    the languages and networks they handle (empty: any). Returns their skills as they now are."""
    if capacity is not None and not 0 <= capacity <= 1000:
        raise UserError("capacity is a number of open cases between 0 and 1000")
    wanted_networks = None if networks is None else [n.strip().lower() for n in networks if n.strip()]
    unknown = [n for n in wanted_networks or () if n not in {net.value for net in Network}]
    if unknown:
        raise UserError(
            f"unknown network {', '.join(unknown)}; networks: {', '.join(n.value for n in Network)}"
        )
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        agent = _require(connection, username)
        row = connection.execute(select(users).where(users.c.id == agent.id)).one()
        values = {
            "capacity": row.capacity if capacity is None else capacity,
            "languages": row.languages
            if languages is None
            else json.dumps(sorted({code.strip().lower() for code in languages if code.strip()})),
            "networks": row.networks if wanted_networks is None else json.dumps(sorted(set(wanted_networks))),
        }
        if any(getattr(row, key) != value for key, value in values.items()):
            connection.execute(
                update(users).where(users.c.id == agent.id).values(seq=sequence.next(), **values)
            )
        sequence.close()
    return {
        "capacity": values["capacity"],
        "languages": json.loads(values["languages"]),
        "networks": json.loads(values["networks"]),
    }


def reset_password(engine: Engine, username: str, password: str) -> Agent:
    """Set a new password and sign the user out everywhere."""
    _check_password(password)
    digest = _hasher.hash(password)
    with engine.begin() as connection:
        agent = _require(connection, username)
        connection.execute(
            update(passwords).where(passwords.c.user_id == agent.id).values(hash=digest, changed_ms=now_ms())
        )
        _revoke_all(connection, agent.id)
    return agent


def login(
    engine: Engine, username: str, password: str, label: str = "", ttl_ms: int = DEFAULT_TOKEN_TTL_MS
) -> IssuedToken:
    with reader(engine).connect() as connection:
        row = connection.execute(
            select(users, passwords.c.hash)
            .join(passwords, passwords.c.user_id == users.c.id)
            .where(users.c.username == username.strip().lower())
        ).first()
    try:
        _hasher.verify(row.hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("wrong username or password") from None
    if row is None:
        raise AuthError("wrong username or password")
    agent = _agent(row)
    if agent.disabled:
        raise AuthError(f"the account {agent.username!r} is disabled")
    return issue_token(engine, agent, label, ttl_ms)


def issue_token(
    engine: Engine, agent: Agent, label: str = "", ttl_ms: int = DEFAULT_TOKEN_TTL_MS
) -> IssuedToken:
    """A new token for ``agent`` (login, or the embedded hub signing its own workstation in)."""
    token = secrets.token_urlsafe(32)
    now = now_ms()
    with engine.begin() as connection:
        connection.execute(
            insert(tokens).values(
                id=hash_token(token),
                user_id=agent.id,
                label=label[:255],
                created_ms=now,
                expires_ms=now + ttl_ms,
            )
        )
    return IssuedToken(token, now + ttl_ms, agent)


def authenticate(connection: Connection, token: str, at_ms: int | None = None) -> Agent:
    """The user behind a bearer token, or :class:`AuthError` saying why not."""
    now = now_ms() if at_ms is None else at_ms
    row = connection.execute(
        select(users, tokens.c.expires_ms, tokens.c.revoked_ms)
        .join(tokens, tokens.c.user_id == users.c.id)
        .where(tokens.c.id == hash_token(token))
    ).first()
    if row is None:
        raise AuthError("unknown token: sign in again")
    if row.revoked_ms is not None:
        raise AuthError("this sign-in was ended (signed out, disabled or password reset): sign in again")
    if row.expires_ms <= now:
        raise AuthError("this sign-in has expired: sign in again")
    agent = _agent(row)
    if agent.disabled:
        raise AuthError(f"the account {agent.username!r} is disabled")
    return agent


def revoke(engine: Engine, token: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(tokens)
            .where(tokens.c.id == hash_token(token), tokens.c.revoked_ms.is_(None))
            .values(revoked_ms=now_ms())
        )


def team_names(engine: Engine) -> list[str]:
    with reader(engine).connect() as connection:
        return list(connection.scalars(select(teams.c.id).order_by(teams.c.id)))


def _revoke_all(connection: Connection, user_id: str) -> None:
    connection.execute(
        update(tokens)
        .where(tokens.c.user_id == user_id, tokens.c.revoked_ms.is_(None))
        .values(revoked_ms=now_ms())
    )


def _require(connection: Connection, username: str) -> Agent:
    agent = find_user(connection, username.strip().lower())
    if agent is None:
        raise UserError(f"no user named {username!r}")
    return agent


def _agent(row) -> Agent:
    return Agent(row.id, row.name, Role(row.role), tuple(json.loads(row.teams)), row.username, row.disabled)


def _clean_username(username: str) -> str:
    cleaned = username.strip().lower()
    if not cleaned or len(cleaned) > 64 or not all(c.isalnum() or c in "._-@" for c in cleaned):
        raise UserError(f"{username!r} is not a username: use 1–64 letters, digits and . _ - @")
    return cleaned


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
