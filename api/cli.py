"""Command line: `python -m api.cli seed`."""

from __future__ import annotations

import argparse
import sys

from api.config import get_settings
from api.db import get_sessionmaker
from api.seed import DEMO_LOGINS, seed_demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="api.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed", help="create demo staff accounts and customers (idempotent)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "seed":
        if settings.app_env == "production":
            print("refusing to seed demo accounts in production", file=sys.stderr)
            return 2
        with get_sessionmaker(settings.database_url)() as session:
            created = seed_demo(session)
        print(
            f"demo data: {created} new rows; logins: "
            + ", ".join(f"{u}/{p}" for u, p, _ in DEMO_LOGINS)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
