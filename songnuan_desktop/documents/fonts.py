"""The CJK font every PDF embeds, found in this order: the office's setting, a font shipped in
resources/fonts, the Windows system fonts, the usual Linux fonts; else reportlab's built-in
STSong-Light (not embedded: a reader without it shows boxes), with a warning."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from songnuan_desktop.documents import reportlab_fixes  # noqa: F401  (ToUnicode of rare characters)

log = logging.getLogger(__name__)

FONT_NAME = "SongnuanCJK"
FALLBACK = "STSong-Light"
BUNDLED = Path(__file__).resolve().parents[2] / "resources" / "fonts"
ENV_FONT = "SONGNUAN_PDF_FONT"

WINDOWS_FONTS = ("simsun.ttc", "simhei.ttf", "msyh.ttc", "msyh.ttf", "simkai.ttf", "simfang.ttf")
HEADING_FONTS = ("simhei.ttf", "msyh.ttc", "msyh.ttf")  # 黑体 for titles, as on printed forms
LINUX_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


@dataclass(frozen=True)
class PdfFont:
    name: str  # the reportlab font name to draw with
    path: Path | None  # None for the built-in fallback
    embedded: bool
    warning: str = ""


def candidates(setting: str | None = None) -> list[Path]:
    found: list[Path] = []
    for value in (setting, os.environ.get(ENV_FONT)):
        if value:
            found.append(Path(value))
    if BUNDLED.is_dir():
        found += sorted(p for p in BUNDLED.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        found += [windir / name for name in WINDOWS_FONTS]
    found += [Path(p) for p in LINUX_FONTS]
    return found


@lru_cache(maxsize=4)
def cjk_font(setting: str | None = None) -> PdfFont:
    """Register and return the first usable TrueType CJK font (cached per setting)."""
    for path in candidates(setting):
        if not path.is_file():
            continue
        name = f"{FONT_NAME}-{path.stem}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        except (TTFError, OSError) as exc:  # e.g. a CFF-based OpenType font reportlab cannot embed
            log.warning("font %s not usable for PDF: %s", path, exc)
            continue
        return PdfFont(name, path, True)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    warning = ("未找到可嵌入的中文字体，PDF 使用内置 STSong-Light，在没有该字体的电脑上可能显示为方框。"
               "请安装宋体或文泉驿字体。")
    log.warning(warning)
    return PdfFont(FALLBACK, None, False, warning)


@lru_cache(maxsize=4)
def cjk_heading_font(setting: str | None = None) -> PdfFont:
    """黑体 for titles and section heads where Windows has it; else the body font of `cjk_font`."""
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        for path in (windir / name for name in HEADING_FONTS):
            if not path.is_file():
                continue
            name = f"{FONT_NAME}-{path.stem}"
            try:
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            except (TTFError, OSError) as exc:
                log.warning("font %s not usable for PDF: %s", path, exc)
                continue
            return PdfFont(name, path, True)
    return cjk_font(setting)


# Full-width punctuation reportlab's CJK line breaking lets start a line (it knows 、。） but not these).
# Added to its list, such a mark hangs at the end of the line before instead (标点悬挂), as Chinese
# typesetting does; its ink sits in the left of its em box, so it stays inside a cell's padding.
CANNOT_START_LINE = "，；：！？》”’…"


def chinese_line_breaking() -> None:
    """Teach reportlab's CJK wrap not to start a line with a comma, semicolon, colon …; idempotent."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    for module in (textsplit, paragraph):  # one-run paragraphs break in textsplit, mixed ones in paragraph
        missing = "".join(ch for ch in CANNOT_START_LINE if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing
