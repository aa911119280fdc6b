"""Entry point of the packaged program (PyInstaller)."""

import sys

from songnuan_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
