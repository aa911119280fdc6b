"""The one conversion of the database's naive-UTC timestamps (persistence.base.utcnow) to the
office's local time, for screens, the audit's words and papers."""

from __future__ import annotations

import datetime as dt


def local(moment: dt.datetime) -> dt.datetime:
    """A stored naive-UTC moment as naive local time (the zone of this computer)."""
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def local_text(moment: dt.datetime, seconds: bool = False) -> str:
    """'2026-12-05 14:05' (with ':07' when seconds) in local time, for tables on screen."""
    return local(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
