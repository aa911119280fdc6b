"""The Qt edge of the program. Importing it first protects None from PySide6 6.12.0 (see none_guard)."""

from songnuan_desktop.ui import none_guard

none_guard.install()
