"""``horseshoe-hub``: serve the hub, manage its database, its users and teams."""

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from console.domain.agent import Role
from console.hub import auth, channels_cli, classify, config, credentials, epoch, migrate, prune, trees
from console.hub.cli_text import print_table
from console.hub.database import create_hub_engine, normalize_url


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "classify":  # needs no configuration or database
        try:
            return classify.run(args)
        except BrokenPipeError:  # "classify --json - | head": the reader had enough, which is no error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's final flush too
            return 0
    if args.command == "sla":  # neither does checking a policies file
        return _sla_check(args.file)
    if args.command == "trees" and args.action == "check":  # nor checking decision trees
        return trees.run(args)
    if args.command == "accounts" and args.action == "new-key":  # nor making a credentials key
        print(credentials.new_key())
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = config.load(
            args.config,
            {
                "database": args.db,
                "host": getattr(args, "host", None),
                "port": getattr(args, "port", None),
                "tls_cert": getattr(args, "tls_cert", None),
                "tls_key": getattr(args, "tls_key", None),
                "demo": getattr(args, "demo", None) or None,
                "demo_rate": getattr(args, "demo_rate", None),
            },
        )
    except config.ConfigError as error:
        print(f"horseshoe-hub: {error}", file=sys.stderr)
        return 2
    try:
        engine = create_hub_engine(settings.database)
        revision = migrate.upgrade(engine)
    except (SQLAlchemyError, OSError) as error:
        print(f"horseshoe-hub: cannot open the database {_safe(settings.database)}: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        print(f"database {_safe(settings.database)} is at schema revision {revision}")
        return 0
    if args.command == "serve":
        return _serve(engine, settings)
    if args.command == "new-epoch":
        print(f"new epoch {epoch.new_epoch(engine)}: every workstation will resync from a snapshot")
        return 0
    if args.command == "backup":
        return _backup(engine, args.target)
    args.settings = settings
    try:
        return args.run(engine, args)
    except auth.UserError as error:
        print(f"horseshoe-hub: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="horseshoe-hub", description="The Horseshoe hub (central store).")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = _command(commands, "serve", "migrate the database if needed and serve the hub")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8740)")
    serve.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS with this certificate (chain)")
    serve.add_argument("--tls-key", metavar="PEM", help="… and this private key")
    serve.add_argument("--demo", action="store_true", help="replay the bundled demo mentions")
    serve.add_argument("--demo-rate", type=float, metavar="N", help="demo mentions per minute (default 20)")

    _command(commands, "migrate", "bring the database schema up to date")
    backup = _command(
        commands, "backup", "copy a SQLite hub database while it is in use (pg_dump for PostgreSQL)"
    )
    backup.add_argument("target", type=Path, help="the new backup file")
    _command(
        commands,
        "new-epoch",
        "after restoring a database by other means than a `backup` file: start a new history, so "
        "workstations resync instead of trusting cursors from the lost one",
    )

    users = commands.add_parser("users", help="people who sign in: add, list, edit, disable, enable, reset")
    user_commands = users.add_subparsers(dest="action", required=True)
    add = _command(user_commands, "add", "add a user (asks for the password, or reads it from stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.AGENT.value)
    add.add_argument("--name", default="", help="display name (default: the username)")
    add.add_argument("--team", action="append", default=[], help="a team they work in (repeatable)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(run=_users_add)
    _command(user_commands, "list", "list users, their roles and teams").set_defaults(run=_users_list)
    edit = _command(user_commands, "edit", "change a user's role or teams (their workstation resyncs)")
    edit.add_argument("username")
    edit.add_argument("--role", choices=[r.value for r in Role], help="the new role")
    edit.add_argument("--team", action="append", help="the teams they work in from now (repeatable)")
    edit.add_argument("--capacity", type=int, help="open cases auto-assignment gives them at most")
    edit.add_argument("--languages", help="languages they answer in, comma-separated (empty: any)")
    edit.add_argument("--networks", help="networks they work on, comma-separated (empty: any)")
    edit.set_defaults(run=_users_edit)
    for action, run, text in (
        ("disable", _users_disable, "stop a user signing in, and end their sign-ins now"),
        ("enable", _users_enable, "let a disabled user sign in again"),
        ("reset", _users_reset, "set a new password and end the user's sign-ins"),
    ):
        sub = _command(user_commands, action, text)
        sub.add_argument("username")
        if action == "reset":
            sub.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        sub.set_defaults(run=run)

    pruning = _command(commands, "prune", "delete old push answers and dead sign-ins (nothing replicated)")
    pruning.add_argument(
        "--older-than", type=float, required=True, metavar="DAYS", help="older than this many days (≥ 1)"
    )
    pruning.set_defaults(run=_prune)

    classify.add_parser(commands)
    sla = commands.add_parser("sla", help="service-level policies: check a file before the hub uses it")
    sla_commands = sla.add_subparsers(dest="action", required=True)
    check = sla_commands.add_parser(
        "check", help="read an SLA policies file and show what each policy promises, or what is wrong"
    )
    check.add_argument("file", type=Path, help="the YAML file named by the sla_policies setting")

    trees.add_parser(commands, _command)
    channels_cli.add_parsers(commands, _command)
    teams = commands.add_parser("teams", help="departments that own brand accounts and work cases")
    team_commands = teams.add_subparsers(dest="action", required=True)
    _command(team_commands, "list", "list the teams").set_defaults(run=_teams_list)
    return parser


def _command(commands, name: str, text: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=text, description=text)
    sub.add_argument("--config", type=Path, help="hub config file (TOML); also $HORSESHOE_HUB_CONFIG")
    sub.add_argument(
        "--db",
        help="SQLAlchemy URL (postgresql://user@host/db) or SQLite file path (default: in the user data dir)",
    )
    return sub


def _sla_check(path: Path) -> int:
    from console.domain.sla import SlaConfigError
    from console.hub.service_levels import load_policies

    try:
        policies = load_policies(path)
    except SlaConfigError as error:
        print(f"horseshoe-hub: {error}", file=sys.stderr)
        return 2
    if not policies.policies:
        print(f"{path}: no policies: cases get no due times")
    for policy in policies.policies:
        scope = " · ".join(
            part
            for part in (
                f"account {policy.account_id}" if policy.account_id else "",
                f"network {policy.network}" if policy.network else "",
                f"priority ≥ {policy.min_priority}" if policy.min_priority else "",
            )
            if part
        )
        calendar = policy.calendar
        hours = "round the clock" if calendar.always_open else f"{calendar.name} ({calendar.tz})"
        print(
            f"{policy.name}: first response {policy.first_response_minutes:g} min, resolution "
            f"{policy.resolution_minutes:g} min, {hours}; applies to {scope or 'every case'}"
        )
    return 0


def _serve(engine: Engine, settings: config.HubConfig) -> int:
    import uvicorn

    from console.channels.demo import DemoChannel
    from console.domain.routing import Strategy
    from console.domain.sla import SlaConfigError
    from console.hub.app import create_app
    from console.hub.assigner import AssignPolicy
    from console.hub.connector_pool import ConnectorPool
    from console.hub.crisis_watch import CrisisPolicy
    from console.hub.demo_connector import DemoFaults, demo_connectors
    from console.hub.demo_feed import DemoFeed
    from console.hub.mentioned import MentionFetcher
    from console.hub.moderator import Moderator
    from console.hub.publisher import Publisher, PublishPolicy
    from console.hub.server import HubServer
    from console.hub.service_levels import load_policies
    from console.hub.webhooks import WebhookSecrets

    restored = epoch.check(engine)
    if restored.renewed:
        print(f"this database is a restored one ({restored.reason}): new epoch {restored.epoch}", flush=True)
    try:
        policies = load_policies(settings.sla_policies)
    except SlaConfigError as error:
        print(f"horseshoe-hub: {error}", file=sys.stderr)
        return 2
    channel = DemoChannel.bundled() if settings.demo else None
    demo = DemoFeed(engine, channel, settings.demo_rate, policies=policies) if channel else None
    faults = DemoFaults(
        settings.demo_publish_failure_rate,
        settings.demo_publish_uncertain_rate,
        settings.demo_publish_latency_ms,
        settings.demo_publish_seed,
    )
    demo_fixed = demo_connectors(engine, channel.accounts, faults) if channel else {}
    pool = ConnectorPool(engine, fixed=demo_fixed)
    poller, listener, http_client = None, None, None
    if settings.credentials_key:
        import httpx

        from console.hub.credentials import CredentialsError, Sealer
        from console.hub.listener import Listener
        from console.hub.poller import Poller, PollPolicy

        try:
            sealer = Sealer(settings.credentials_key)
        except CredentialsError as error:
            print(f"horseshoe-hub: {error}", file=sys.stderr)
            return 2
        http_client = httpx.AsyncClient(timeout=httpx.Timeout(30.0))
        # One connector per account for the poller and the publisher, built from the stored
        # credentials as they are now: accounts added later are taken up without a restart.
        pool = ConnectorPool(engine, sealer, http_client, fixed=demo_fixed)
        for account_id, reason in pool.check().items():
            print(f"account {account_id}: not connected: {reason}", file=sys.stderr, flush=True)
        intervals = {**PollPolicy().intervals_s, **settings.poll_intervals_s}
        policy = PollPolicy(intervals_s=intervals, skipped=settings.poll_skipped)
        poller = Poller(engine, sealer, http_client, policy, pool=pool)
        listener = Listener(engine, sealer, http_client, pool=pool)
    policy = PublishPolicy(
        max_attempts=settings.publish_max_attempts,
        lease_ms=int(settings.publish_lease_s * 1000),
        call_timeout_s=settings.publish_lease_s / 4,
    )
    publisher = Publisher(engine, pool, policy)
    assignment = None if settings.assignment == "off" else AssignPolicy(Strategy(settings.assignment))
    terms = tuple(term.strip() for term in settings.crisis_terms.split(",") if term.strip())
    crisis = CrisisPolicy(team=settings.crisis_team, watched=terms)
    scheme = "https" if settings.tls else "http"
    print(
        f"Horseshoe hub on {scheme}://{settings.host}:{settings.port} (database {_safe(settings.database)})",
        flush=True,
    )
    app = create_app(
        engine,
        demo,
        token_ttl_ms=settings.token_ttl_ms,
        publisher=publisher,
        moderator=Moderator(engine, pool),
        claim_lease_ms=settings.claim_lease_ms,
        assignment=assignment,
        crisis=crisis,
        webhooks=WebhookSecrets(
            settings.meta_app_secret, settings.meta_verify_token, settings.webhook_secret
        ),
        poller=poller,
        http_client=http_client,
        listener=listener,
        mentioned=MentionFetcher(engine, pool if settings.credentials_key else None),
    )
    server_config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        ssl_certfile=settings.tls_cert,
        ssl_keyfile=settings.tls_key,
    )
    HubServer(server_config, app).run()
    return 0


def _backup(engine: Engine, target: Path) -> int:
    try:
        epoch_id, head = epoch.backup_sqlite(engine, target)
    except (ValueError, OSError) as error:
        print(f"horseshoe-hub: {error}", file=sys.stderr)
        return 2
    print(f"backed up to {target} at change {head} of epoch {epoch_id}")
    return 0


def _users_add(engine: Engine, args) -> int:
    password = _new_password(args.password_stdin)
    agent = auth.add_user(engine, args.username, password, Role(args.role), args.name, args.team)
    print(f"added {agent.username} ({agent.role.value}; teams: {', '.join(agent.teams) or 'none'})")
    return 0


def _users_edit(engine: Engine, args) -> int:
    skills = (args.capacity, args.languages, args.networks)
    if args.role is None and args.team is None and skills == (None, None, None):
        raise auth.UserError("nothing to change: give --role, --team, --capacity, --languages or --networks")
    if args.role is not None or args.team is not None:
        role = Role(args.role) if args.role else None
        agent = auth.update_user(engine, args.username, role, args.team)
        print(f"{agent.username} is now {agent.role.value}; teams: {', '.join(agent.teams) or 'none'}")
    if skills != (None, None, None):
        split = lambda text: None if text is None else text.split(",")  # noqa: E731
        now = auth.set_skills(
            engine, args.username, args.capacity, split(args.languages), split(args.networks)
        )
        languages, networks = ", ".join(now["languages"]) or "any", ", ".join(now["networks"]) or "any"
        print(f"{args.username} takes up to {now['capacity']} open cases", end="; ")
        print(f"languages: {languages}; networks: {networks}")
    return 0


def _users_list(engine: Engine, _args) -> int:
    rows = [("USERNAME", "NAME", "ROLE", "TEAMS", "STATE")]
    for agent in auth.list_users(engine):
        state = "disabled" if agent.disabled else "active"
        rows.append((agent.username, agent.name, agent.role.value, ", ".join(agent.teams), state))
    print_table(rows)
    return 0


def _users_disable(engine: Engine, args) -> int:
    auth.set_disabled(engine, args.username, True)
    print(f"disabled {args.username}; their sign-ins have ended")
    return 0


def _users_enable(engine: Engine, args) -> int:
    auth.set_disabled(engine, args.username, False)
    print(f"enabled {args.username}")
    return 0


def _users_reset(engine: Engine, args) -> int:
    auth.reset_password(engine, args.username, _new_password(args.password_stdin))
    print(f"new password set for {args.username}; their sign-ins have ended")
    return 0


def _prune(engine: Engine, args) -> int:
    try:
        pruned = prune.prune(engine, args.older_than)
    except ValueError as error:
        raise auth.UserError(str(error)) from None
    print(f"pruned {pruned.mutations} push answers and {pruned.tokens} expired or revoked sign-ins")
    return 0


def _teams_list(engine: Engine, _args) -> int:
    for name in auth.team_names(engine):
        print(name)
    return 0


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise auth.UserError("no terminal to ask for the password: pass it with --password-stdin")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        raise auth.UserError("the two passwords differ; nothing was changed")
    return first


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(normalize_url(url)).render_as_string(hide_password=True)
    except Exception:
        return url


if __name__ == "__main__":
    sys.exit(main())
