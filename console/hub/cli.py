"""``horseshoe-hub``: serve the hub and manage its database."""

import argparse
import logging
import sys

from sqlalchemy.exc import SQLAlchemyError

from console.hub import migrate
from console.hub.database import create_hub_engine, normalize_url
from console.hub.defaults import default_hub_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="horseshoe-hub", description="The Horseshoe hub (central store).")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate the database if needed and serve the hub")
    _db_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8740, help="port to listen on (default 8740)")
    serve.add_argument("--demo", action="store_true", help="replay the bundled demo mentions")
    serve.add_argument(
        "--demo-rate", type=float, default=20.0, metavar="N", help="demo mentions per minute (default 20)"
    )

    migrate_cmd = commands.add_parser("migrate", help="bring the database schema up to date")
    _db_option(migrate_cmd)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        engine = create_hub_engine(args.db)
        revision = migrate.upgrade(engine)
    except (SQLAlchemyError, OSError) as error:
        print(f"horseshoe-hub: cannot open the database {_safe(args.db)}: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        print(f"database {_safe(args.db)} is at schema revision {revision}")
        return 0
    return _serve(engine, args)


def _serve(engine, args) -> int:
    import uvicorn

    from console.channels.demo import DemoChannel
    from console.hub.app import create_app
    from console.hub.demo_feed import DemoFeed

    demo = DemoFeed(engine, DemoChannel.bundled(), rate_per_minute=args.demo_rate) if args.demo else None
    print(f"Horseshoe hub on http://{args.host}:{args.port} (database {_safe(args.db)})", flush=True)
    uvicorn.run(create_app(engine, demo), host=args.host, port=args.port, log_level="info")
    return 0


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=str(default_hub_database()),
        help="SQLAlchemy URL (postgresql://user@host/db) or SQLite file path (default: in the user data dir)",
    )


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(normalize_url(url)).render_as_string(hide_password=True)
    except Exception:
        return url


if __name__ == "__main__":
    sys.exit(main())
