"""The time grid's arithmetic, apart from the widget: minutes and times, side-by-side lanes for visits
that overlap in one column, the block a visit is drawn as, the small font of its text."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from songnuan_desktop.services.visits import VisitView


@dataclass(frozen=True)
class Block:
    rect: QRectF
    visit: VisitView


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def time_of(minutes: int) -> dt.time:
    minutes = max(0, min(24 * 60 - 1, minutes))
    return dt.time(minutes // 60, minutes % 60)


def lanes_of(visits: Sequence[VisitView]) -> dict[uuid.UUID, tuple[int, int]]:
    """Side-by-side places for visits that overlap in one column: visit id → (lane, lanes)."""
    ordered = sorted(visits, key=lambda v: (v.start_time, v.end_time))
    placed: dict[uuid.UUID, tuple[int, int]] = {}
    cluster: list[tuple[VisitView, int]] = []
    cluster_end = dt.time(0)

    def close() -> None:
        width = max((lane for _v, lane in cluster), default=-1) + 1
        for v, lane in cluster:
            placed[v.id] = (lane, width)

    for v in ordered:
        if cluster and v.start_time >= cluster_end:
            close()
            cluster = []
        used = {lane for w, lane in cluster if w.end_time > v.start_time}
        cluster.append((v, next(i for i in range(len(cluster) + 1) if i not in used)))
        cluster_end = max(cluster_end, v.end_time) if len(cluster) > 1 else v.end_time
    close()
    return placed


def small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
    return small
