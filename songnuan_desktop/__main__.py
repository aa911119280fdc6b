"""`python -m songnuan_desktop` is the `songnuan` command."""

import sys

from songnuan_desktop.cli import main

sys.exit(main())
