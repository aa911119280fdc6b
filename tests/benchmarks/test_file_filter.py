"""Filtering the file list of a 100,000-file office as a clerk types (issue 3 target: ≤ 50 ms a
keystroke, median, and ≤ 1.5× the bare SQL query the service runs)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from songnuan_desktop.persistence.database import open_database
from songnuan_desktop.services.access import auth
from songnuan_desktop.services.files import file_list
from songnuan_desktop.services.files.file_list import FileFilter

# What a clerk types, one keystroke at a time: pinyin initials, a name, the last digits of an ID, a
# unit, and a name that is not on file (the slowest: it reads the whole index).
TYPED = ["z", "zh", "zha", "zhan", "zhang", "张", "张秀", "1", "12", "123", "1234", "旧州", "旧州镇", "鑫", "qq"]
ROUNDS = 5


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def test_filter_keystrokes(bench_db_path: Path) -> None:
    db = open_database("sqlite:///" + str(bench_db_path), create=True)
    clerk = auth.login(db, "jingban", "songnuan2026")
    service: list[float] = []
    bare: list[float] = []
    worst = ("", 0.0)
    for _ in range(ROUNDS):
        for text in TYPED:
            flt = FileFilter(text=text)
            started = time.perf_counter()
            file_list.page(db, clerk, flt)
            spent = time.perf_counter() - started
            service.append(spent)
            worst = max(worst, (text, spent), key=lambda w: w[1])
            statement = file_list.query(flt, clerk.office_id)
            with db.engine.connect() as conn:
                started = time.perf_counter()
                conn.execute(statement).fetchall()
                bare.append(time.perf_counter() - started)
    db.close()
    ratio = statistics.median(service) / statistics.median(bare)
    print(f"\n[bench] filter {len(TYPED)} keystrokes × {ROUNDS}: median {_median_ms(service):.1f} ms a keystroke "
          f"(p90 {sorted(service)[int(len(service) * 0.9)] * 1000:.1f} ms, slowest {worst[1] * 1000:.1f} ms for "
          f"{worst[0]!r}); target ≤ 50 ms")
    print(f"[bench]   bare SQL of the same statements: median {_median_ms(bare):.1f} ms; ratio of medians "
          f"{ratio:.2f}×, of totals {sum(service) / sum(bare):.2f}× (target ≤ 1.5×)")
