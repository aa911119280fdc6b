"""iCalendar (.ics, RFC 5545) text written by hand: a VCALENDAR of VEVENTs for a phone calendar.

Times are local wall-clock times with TZID=Asia/Shanghai and the VTIMEZONE that names it (China has
kept +08:00 without daylight saving since 1991). Text values escape backslash, semicolon, comma and
line breaks; every content line is folded at 75 octets (a CRLF and one space), never inside a UTF-8
character, so a Chinese address survives the fold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


TZID = "Asia/Shanghai"
LINE_OCTETS = 75
PRODID = "-//Songnuan//Visit calendar//ZH"
VTIMEZONE = ("BEGIN:VTIMEZONE", f"TZID:{TZID}", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE")


@dataclass(frozen=True)
class Event:
    uid: str
    start: dt.datetime  # local (Asia/Shanghai), naive
    end: dt.datetime
    summary: str
    location: str = ""
    description: str = ""


def escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, continuation lines led by one space."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _local(value: dt.datetime) -> str:
    return f"{value:%Y%m%dT%H%M%S}"


def calendar_text(events: Iterable[Event], name: str, stamp: dt.datetime | None = None) -> str:
    """The whole calendar; `stamp` (UTC) is each event's DTSTAMP, now unless given."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}", f"X-WR-TIMEZONE:{TZID}", *VTIMEZONE]
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{e.uid}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%S}Z",
                  f"DTSTART;TZID={TZID}:{_local(e.start)}", f"DTEND;TZID={TZID}:{_local(e.end)}",
                  f"SUMMARY:{escape_text(e.summary)}"]
        if e.location:
            lines.append(f"LOCATION:{escape_text(e.location)}")
        if e.description:
            lines.append(f"DESCRIPTION:{escape_text(e.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_ics(events: Iterable[Event], name: str, path: Path, stamp: dt.datetime | None = None) -> int:
    """Write the calendar to `path` (a plain write; services.publishing.publish renames it); the number of events."""
    listed = list(events)
    Path(path).write_bytes(calendar_text(listed, name, stamp).encode("utf-8"))
    return len(listed)
