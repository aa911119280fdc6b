"""Compile the Qt Designer forms and the translations (run before packaging; tests do it too).

    python packaging/build_assets.py            # compile what changed
    python packaging/build_assets.py --force    # compile everything
    python packaging/build_assets.py --update-ts  # re-extract strings into resources/i18n/*.ts
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from songnuan_desktop.ui import assets


def update_ts() -> None:
    for ts in sorted(assets.I18N.glob("*.ts")):
        sources = [str(p) for p in assets.lupdate_sources()]
        subprocess.run([str(assets.qt_tool("lupdate")), "-locations", "none", *sources, "-ts", str(ts)], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--update-ts", action="store_true")
    args = parser.parse_args()
    if args.update_ts:
        update_ts()
    forms = assets.compile_forms(force=args.force)
    qms = assets.compile_translations(force=args.force)
    print(f"compiled {len(forms)} forms, {len(qms)} translations into {assets.GENERATED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
