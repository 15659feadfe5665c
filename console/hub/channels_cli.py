"""``horseshoe-hub accounts`` (brand accounts and their sealed credentials), ``import`` (recorded
responses ingested as if fetched) and ``quarantine`` (what could not be read, and why)."""

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import TextIO

import httpx
from sqlalchemy import Engine, delete, select

from console.channels.connector import PermanentError, PublishError, TransientError
from console.channels.registry import NoConnectorError
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import credentials, quarantine, tokens
from console.hub.cli_text import print_table, utc_minute
from console.hub.importer import ImportRefusedError, brand_account, import_files
from console.hub.ingest import upsert_accounts
from console.hub.schema import account_credentials, accounts, channel_state, channel_streams, teams

NETWORKS = [n.value for n in Network if n is not Network.REVIEWS]


def add_parsers(commands, command) -> None:
    """``command(subparsers, name, help)`` makes a subcommand that opens the hub's database."""
    group = commands.add_parser("accounts", help="brand accounts on the networks, and their credentials")
    actions = group.add_subparsers(dest="action", required=True)
    add = command(actions, "add", "add or update a brand account (credentials read from standard input)")
    add.add_argument("--network", required=True, choices=NETWORKS)
    add.add_argument("--handle", required=True, help="the account's handle on the network")
    add.add_argument("--id", help="the hub's id for it (default: network-handle)")
    add.add_argument("--name", help="display name (default: the handle)")
    add.add_argument("--team", default="Support", help="the team that owns it (default Support)")
    add.add_argument(
        "--credentials-stdin",
        action="store_true",
        help="read the credentials from standard input: a JSON object or KEY=VALUE lines "
        "(access_token, refresh_token, client_id, client_secret, expires_in…); sealed with the hub's "
        "credentials key",
    )
    add.set_defaults(run=_add)
    command(
        actions, "list", "the brand accounts, whether they have credentials, and how fetching goes"
    ).set_defaults(run=_list)
    test = command(
        actions,
        "test",
        "fetch one page for an account with its credentials: mentions found, quarantined, rate limit "
        "left, or the error (nothing is stored but a refreshed access token)",
    )
    test.add_argument("account", help="the account's id")
    test.set_defaults(run=_test)
    remove = command(actions, "remove", "forget an account's credentials and fetch state (its history stays)")
    remove.add_argument("account", help="the account's id")
    remove.set_defaults(run=_remove)
    key = actions.add_parser("new-key", help="print a new credentials key for the hub's configuration")
    key.set_defaults(run=None)

    imports = command(
        commands,
        "import",
        "ingest recorded API responses (raw JSON bodies, VCR/Betamax cassettes) as if fetched",
    )
    imports.add_argument("--network", required=True, choices=NETWORKS)
    imports.add_argument("--account", help="the brand account they reached (id or handle)")
    imports.add_argument(
        "--endpoint", default="", help="for raw bodies: the API path that answered (e.g. /2/users/1/mentions)"
    )
    imports.add_argument("--json", action="store_true", help="print the report as JSON")
    imports.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imports.set_defaults(run=_import)

    held = commands.add_parser("quarantine", help="payloads that could not be read as mentions")
    held_actions = held.add_subparsers(dest="action", required=True)
    listing = command(held_actions, "list", "the latest quarantined payloads with their reasons")
    listing.add_argument("--network", choices=NETWORKS)
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(run=_quarantine_list)


def _add(engine: Engine, args: argparse.Namespace, stdin: TextIO | None = None) -> int:
    network = Network(args.network)
    handle = args.handle.strip()
    account_id = args.id or f"{network.value}-{re.sub(r'[^a-z0-9_.-]+', '-', handle.lstrip('@').lower())}"
    with engine.connect() as connection:
        known_teams = set(connection.scalars(select(teams.c.id)))
    if args.team not in known_teams:
        print(f"horseshoe-hub accounts: no team {args.team!r} (see `teams list`)", file=sys.stderr)
        return 2
    secrets = None
    if args.credentials_stdin:
        try:
            secrets = _credentials(stdin or sys.stdin)
            sealer = credentials.Sealer(args.settings.credentials_key)
        except (ValueError, credentials.CredentialsError) as failure:
            print(f"horseshoe-hub accounts: {failure}", file=sys.stderr)
            return 2
    upsert_accounts(engine, [BrandAccount(account_id, network, handle, args.name or handle, args.team)])
    if secrets is not None:
        credentials.store(engine, sealer, account_id, secrets)
    sealed = f"; credentials sealed ({', '.join(sorted(secrets))})" if secrets else ""
    print(f"account {account_id}: {network.label} {handle}, team {args.team}{sealed}")
    return 0


def _credentials(stream: TextIO) -> dict[str, str]:
    text = stream.read().strip()
    if not text:
        raise ValueError("no credentials on standard input")
    if text.startswith("{"):
        data = json.loads(text)
        if isinstance(data, dict) and isinstance(data.get("expires_in"), int | float):
            data["expires_in"] = str(data["expires_in"])  # as a token endpoint's answer has it
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError("the credentials must be a JSON object of strings")
        return _expiry(data)
    pairs = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            name, sep, value = line.partition("=")
            if not sep or not name.strip():
                raise ValueError(f"line {number} of the credentials is not KEY=VALUE")
            pairs[name.strip()] = value.strip()
    return _expiry(pairs)


def _expiry(secrets: dict[str, str]) -> dict[str, str]:
    """``expires_in`` (seconds, as a token endpoint answers it) stored as ``expires_at_ms``: a
    duration means nothing once stored."""
    expires_in = secrets.pop("expires_in", None)
    if expires_in is not None and "expires_at_ms" not in secrets:
        try:
            seconds = float(expires_in)
        except ValueError:
            raise ValueError(f"expires_in must be a number of seconds, not {expires_in!r}") from None
        secrets["expires_at_ms"] = str(now_ms() + int(seconds * 1000))
    return secrets


def _list(engine: Engine, _args: argparse.Namespace) -> int:
    query = (
        select(accounts, account_credentials.c.key_id, channel_state)
        .outerjoin(account_credentials, account_credentials.c.account_id == accounts.c.id)
        .outerjoin(channel_state, channel_state.c.account_id == accounts.c.id)
        .order_by(accounts.c.network, accounts.c.id)
    )
    with engine.connect() as connection:
        found = connection.execute(query).all()
    rows = [("ID", "NETWORK", "HANDLE", "TEAM", "CREDENTIALS", "LAST FETCH", "LAST ERROR")]
    for row in found:
        sealed = f"sealed ({row.key_id})" if row.key_id else "none"
        error = f"{utc_minute(row.last_error_ms)}: {row.last_error}" if row.last_error else ""
        if row.stopped_ms is not None:
            error = f"STOPPED until its credentials change — {error}"
        rows.append(
            (row.id, row.network, row.handle, row.team, sealed, utc_minute(row.last_success_ms), error)
        )
    print_table(rows)
    return 0


def _remove(engine: Engine, args: argparse.Namespace) -> int:
    with engine.begin() as connection:
        if connection.scalar(select(accounts.c.id).where(accounts.c.id == args.account)) is None:
            print(f"horseshoe-hub accounts: no account {args.account!r}", file=sys.stderr)
            return 2
        connection.execute(delete(channel_state).where(channel_state.c.account_id == args.account))
        connection.execute(delete(channel_streams).where(channel_streams.c.account_id == args.account))
    credentials.forget(engine, args.account)
    print(f"{args.account}: credentials and fetch state forgotten; its cases and history stay")
    return 0


def _test(
    engine: Engine,
    args: argparse.Namespace,
    stdout: TextIO | None = None,
    client: httpx.AsyncClient | None = None,
) -> int:
    from console.hub.channel_factory import ConnectorConfigError  # every connector: only when asked

    stdout = stdout or sys.stdout
    with engine.connect() as connection:
        row = connection.execute(select(accounts).where(accounts.c.id == args.account)).first()
    if row is None:
        print(f"horseshoe-hub accounts: no account {args.account!r}", file=sys.stderr)
        return 2
    try:
        sealer = credentials.Sealer(args.settings.credentials_key)
        secrets = credentials.load(engine, sealer, row.id)
    except credentials.CredentialsError as failure:
        print(f"horseshoe-hub accounts: {failure}", file=sys.stderr)
        return 2
    if secrets is None:
        print(f"horseshoe-hub accounts: {row.id} has no credentials (`accounts add --credentials-stdin`)")
        return 2
    account = BrandAccount(row.id, Network(row.network), row.handle, row.name, row.team)
    store = tokens.TokenStore(engine, sealer, row.id, tokens.stamp(engine, row.id))
    refreshed: list[str] = []

    async def on_refresh(fields: dict[str, str]) -> None:
        await store.save(fields)
        refreshed.append(", ".join(sorted(fields)))

    skipped = getattr(args.settings, "poll_skipped", frozenset())
    try:
        answers = asyncio.run(_fetch_each(account, secrets, client, skipped, on_refresh, store.load))
    except ConnectorConfigError as failure:
        print(f"{row.id}: error: {failure}", file=stdout)
        return 1
    for fields in refreshed:
        print(f"{row.id}: access token refreshed; stored {fields}", file=stdout)
    for name, answer in answers:
        if answer is None:
            print(f"{row.id} {name}: skipped (poll_skip)", file=stdout)
            continue
        if isinstance(answer, PublishError):
            kind = "permanent" if isinstance(answer, PermanentError) else "error"
            if isinstance(answer, TransientError):
                wait = answer.retry_after_s
                kind = "transient" + (f", retry after {wait:g} s" if wait is not None else "")
            print(f"{row.id} {name}: {kind}: {answer}", file=stdout)
            continue
        print(
            f"{row.id} {name}: {len(answer.mentions)} mentions found, {len(answer.quarantined)} "
            f"quarantined, {answer.skipped} skipped; rate limit: {_limits(answer.extra.get('rate_limit'))}",
            file=stdout,
        )
        for q in answer.quarantined:
            print(f"  quarantined {q.where or 'body'}: {q.reason}", file=stdout)
    return 1 if any(isinstance(answer, PublishError) for _name, answer in answers) else 0


async def _fetch_each(
    account: BrandAccount,
    secrets: dict,
    client: httpx.AsyncClient | None,
    skipped: frozenset[str] = frozenset(),
    on_refresh=None,
    reload=None,
) -> list:
    """(stream, its latest page, the error it gave, or None when config skips it) for each of the
    account's streams."""
    from console.hub.channel_factory import build_connector
    from console.hub.streams import Ask, streams_of

    shared = client or httpx.AsyncClient(timeout=httpx.Timeout(30.0))
    try:
        connector = build_connector(account, secrets, shared, on_refresh=on_refresh, reload=reload)
        answers: list = []
        for stream in streams_of(connector):
            if f"{account.network.value}.{stream.name}" in skipped:
                answers.append((stream.name, None))
                continue
            try:
                answers.append((stream.name, await stream.fetch(connector, account, Ask())))
            except PublishError as failure:
                answers.append((stream.name, failure))
        return answers
    finally:
        if client is None:
            await shared.aclose()


def _limits(limits: object) -> str:
    if not isinstance(limits, dict) or "remaining" not in limits:
        return "not said"
    reset = limits.get("reset_s")
    return f"{limits['remaining']} left" + (
        f", resets in {reset:.0f} s" if isinstance(reset, int | float) else ""
    )


def _import(engine: Engine, args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    network = Network(args.network)
    try:
        account = brand_account(engine, network, args.account)
        reports = import_files(engine, network, args.files, account, args.endpoint)
    except (ImportRefusedError, NoConnectorError) as failure:
        print(f"horseshoe-hub import: {failure}", file=sys.stderr)
        return 2
    totals = {
        key: sum(getattr(r, key) for r in reports)
        for key in ("responses", "mentions", "imported", "duplicates", "skipped")
    }
    totals["quarantined"] = sum(len(r.quarantined) for r in reports)
    totals["unreadable_files"] = sum(bool(r.error) for r in reports)
    if args.json:
        print(json.dumps({"files": [r.as_dict() for r in reports], "totals": totals}), file=stdout)
    else:
        for r in reports:
            if r.error:
                print(f"{r.path}: not imported: {r.error}", file=stdout)
                continue
            print(
                f"{r.path}: {r.imported} imported, {r.duplicates} duplicates, {r.skipped} skipped, "
                f"{len(r.quarantined)} quarantined",
                file=stdout,
            )
            for q in r.quarantined:
                print(f"  quarantined {q.where or 'body'}: {q.reason}", file=stdout)
        print(
            f"{len(reports)} files, {totals['responses']} responses: {totals['imported']} mentions imported, "
            f"{totals['duplicates']} duplicates, {totals['quarantined']} quarantined",
            file=stdout,
        )
    return 1 if totals["unreadable_files"] else 0


def _quarantine_list(engine: Engine, args: argparse.Namespace) -> int:
    held = quarantine.recent(engine, args.limit, Network(args.network) if args.network else None)
    rows = [("WHEN", "NETWORK", "SOURCE", "WHERE", "REASON")]
    rows += [(utc_minute(h.received_ms), h.network, h.source, h.location, h.reason) for h in held]
    print_table(rows)
    return 0
