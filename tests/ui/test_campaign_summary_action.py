"""活动总结… on the campaigns screen (issue 16 item 2): for the chosen campaign, written in the background and shown
in the preview to print or save; every role of the office may print it (it carries figures, no personal data)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.ui.test_campaigns_screen import WAIT, _choose, _screen, _user, demo  # noqa: F401 - the fixture


def test_the_summary_of_the_chosen_campaign_is_previewed(qtbot, demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    screen = _screen(qtbot, demo, _user(demo, "caiwu"))
    assert screen.printSummary.isVisible() and screen.printSummary.isEnabled()
    name = "2026年元旦春节送温暖"
    _choose(qtbot, screen, name)
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as shown:
        screen.printSummary.click()
    preview = shown.args[0]
    qtbot.addWidget(preview)
    target = preview.save_to(tmp_path / "活动总结.pdf")
    assert preview.page_count() >= 1
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert f"{name}活动总结" in text.replace("\n", "")
