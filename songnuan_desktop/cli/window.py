"""`songnuan` with no sub-command: the program's window (`--demo` opens the demo office, made when missing;
`--self-test` opens every screen once and exits)."""

from __future__ import annotations

import argparse

from songnuan_desktop import config
from songnuan_desktop.cli import demo

DEMO_FILE = "demo.db"


def run(args: argparse.Namespace) -> int:
    from songnuan_desktop.app import run as run_window
    from songnuan_desktop.app import self_test

    if args.demo:
        url = config.database_url(args.db or str(config.data_dir() / DEMO_FILE))
        if _needs_demo(url):
            demo.build(url, 300, 1)
        if args.self_test:
            return self_test(url, args.screenshots)
        return run_window(url, username="admin")
    url = config.database_url(args.db)
    if args.self_test:
        return self_test(url, args.screenshots)
    return run_window(url)


def _needs_demo(url: str) -> bool:
    from songnuan_desktop.persistence.database import open_database
    from songnuan_desktop.services.office import office

    db = open_database(url, create=True)  # --demo makes the demo database when there is none
    try:
        return office.needs_setup(db)
    finally:
        db.close()
