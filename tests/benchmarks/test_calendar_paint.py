"""Month view with 2,000 visits (issue 6 target: no visible stall, ≤ 100 ms): the model step
(`month_layout`: visits by day, conflicts marked, the 42 days' lunar and holiday facts) and the paint
(grab() to a QPixmap at 1,280×800 and at 1,920×1,080), medians of several runs. Prints, never asserts."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
import uuid

from PySide6.QtWidgets import QApplication

from songnuan_desktop.services.visits import Conflict, VisitHouseholdView, VisitView
from songnuan_desktop.ui.widgets.calendar_grid import TimeGridView
from songnuan_desktop.ui.widgets.calendar_views import MonthView, month_layout

MONTH = dt.date(2027, 1, 1)
RUNS = 7


def visits_in_a_month(count: int = 2_000) -> list[VisitView]:
    rng = random.Random(7)
    groups = [(uuid.uuid4(), f"第{n}慰问组") for n in "一二三四五六"]
    names = ["张三", "李四", "王秀英", "赵建国", "刘桂兰", "陈志强"]
    out = []
    for _ in range(count):
        gid, gname = rng.choice(groups)
        hour = rng.choice((9, 10, 14, 16))
        households = tuple(VisitHouseholdView(uuid.uuid4(), rng.choice(names), "JZ-2026-0001", "红星村3组",
                                              "红星村", "138****0000", "特困", None, 50_000)
                           for _ in range(rng.randint(1, 5)))
        out.append(VisitView(uuid.uuid4(), 1, gid, gname, None, "", MONTH + dt.timedelta(days=rng.randrange(31)),
                             dt.time(hour), dt.time(hour + 1, 30), "节日慰问", "", "计划", households))
    return out


def _median_ms(fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def test_month_view_with_2000_visits(qapp: QApplication) -> None:
    visits = visits_in_a_month()
    conflicts = [Conflict("group_overlap", "error", "", (v.id,), None, v.date) for v in visits[:40]]
    layout_ms = _median_ms(lambda: month_layout(MONTH, visits, conflicts))
    view = MonthView()
    view.set_data(month_layout(MONTH, visits, conflicts), MONTH, (MONTH, MONTH + dt.timedelta(days=20)))
    figures = [f"[bench] month model step (2,000 visits): {layout_ms:.1f} ms"]
    for width, height in ((1280, 800), (1920, 1080)):
        view.resize(width, height)
        view.grab()  # fonts and glyph caches warm
        figures.append(f"[bench] month paint {width}×{height}: {_median_ms(view.grab):.1f} ms")
    grid = TimeGridView()
    grid.resize(1280, 800)
    week = [MONTH + dt.timedelta(days=i) for i in range(7)]
    grid.set_data(week, [], visits, conflicts, MONTH, None)
    grid.grab()
    figures.append(f"[bench] week grid ({len(grid.visits)} visits) paint 1280×800: {_median_ms(grid.grab):.1f} ms")
    print("\n" + "\n".join(figures))
