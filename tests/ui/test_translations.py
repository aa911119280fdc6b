"""Every string the user reads has a finished Chinese translation, and the app loads it."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from songnuan_desktop.ui import assets

TS = assets.I18N / "songnuan_zh_CN.ts"


def _problems(ts: Path) -> list[str]:
    found = []
    for context in ET.parse(ts).getroot().findall("context"):
        for message in context.findall("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            if kind in ("unfinished", "missing", "vanished", "obsolete") or not (translation.text or "").strip():
                found.append(f"{context.findtext('name')}: {message.findtext('source')!r} ({kind or 'empty'})")
    return found


def test_committed_ts_is_complete() -> None:
    assert _problems(TS) == []


def test_sources_have_no_untranslated_text(tmp_path: Path) -> None:
    """lupdate over today's forms and code finds nothing that the .ts does not translate."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = [str(p) for p in assets.lupdate_sources()]
    subprocess.run([str(assets.qt_tool("lupdate")), "-silent", "-locations", "none", *sources, "-ts", str(copy)],
                   check=True, capture_output=True)
    problems = _problems(copy)
    assert problems == [], (
        "untranslated or stale UI text; run `python packaging/build_assets.py --update-ts` and add the Chinese:\n"
        + "\n".join(problems)
    )


def test_translations_are_installed(qapp) -> None:  # type: ignore[no-untyped-def]
    assert QCoreApplication.translate("MainWindow", "Overview") == "首页"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own qtbase_zh_CN
    assert QLocale().name() == "zh_CN"
