"""Every character on paper, or a refusal that names it (issue 15 item 4).

A PDF font draws only the characters it has. WenQuanYi Micro Hei (and SimSun) lack most of CJK
Extension A–I, where many rural given names live (䶮, 𠮷, 𪚥): reportlab then draws nothing or a box,
silently. So a paper is drawn with a *chain* of fonts — the main CJK font of `fonts.cjk_font`, then
fallbacks that cover the extension blocks (Windows: SimSun-ExtB `simsunb.ttf`, SimSun-ExtG; Linux:
HanaMinA/B of fonts-hanazono, Droid Sans Fallback; and the office's own, setting `pdf_extra_fonts`,
paths separated by ；or ;) — switching font inside a string where a glyph requires it:

- `FontChain.markup(text)` for platypus Paragraphs (escaped, fallback runs in <font name=…>);
- `FontChain.draw(canvas, x, y, text, size, align)` and `.width(text, size)` for canvas strings;
- `FontChain.check(fields)` before anything is written: a character no font has raises MissingGlyphs
  naming the person, the field and the character, and saying how to add a font.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from songnuan_desktop.documents.fonts import FONT_NAME, PdfFont
from songnuan_desktop.domain.errors import ValidationFailed

log = logging.getLogger(__name__)

WINDOWS_FALLBACKS = ("simsunb.ttf", "SimSun-ExtB.ttf", "simsunextg.ttf", "SimSun-ExtG.ttf", "mingliub.ttc")
LINUX_FALLBACKS = (
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/unifont/unifont.ttf",
)
# Characters never drawn (no ink, no glyph needed): white space and format controls.
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]")
HOW_TO_ADD = ("请在 设置 › 参数 › “PDF 补充字体” 中填写含这个字的字体文件（Windows 上可安装微软的 SimSun-ExtB 字体"
              " simsunb.ttf；Linux 上可安装 fonts-hanazono），或请字库管理员处理后再打印。")


class MissingGlyphs(ValidationFailed):
    """A character that no font of the chain can draw: the paper is not written."""


@dataclass(frozen=True)
class Face:
    font: PdfFont
    chars: frozenset[int]


@dataclass(frozen=True)
class FontChain:
    faces: tuple[Face, ...]
    _cache: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def main(self) -> str:
        return self.faces[0].font.name

    def font_for(self, ch: str) -> str | None:
        """The first font of the chain that has `ch` (the main font for invisible characters), or None."""
        found = self._cache.get(ch, "")
        if found != "":
            return found
        code = ord(ch)
        result: str | None = self.main if _INVISIBLE.match(ch) else None
        if result is None:
            result = next((f.font.name for f in self.faces if code in f.chars or not f.chars), None)
        self._cache[ch] = result
        return result

    def missing(self, text: str) -> str:
        """The characters of `text` no font has, each once, in order."""
        return "".join(dict.fromkeys(ch for ch in text if self.font_for(ch) is None))

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(font name, text) runs; a character no font has stays with the main font (check first)."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch) or self.main
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def markup(self, text: str) -> str:
        """Paragraph markup of plain `text`: escaped, runs of fallback fonts wrapped in <font name=…>."""
        return "".join(escape(part) if name == self.main else f'<font name="{name}">{escape(part)}</font>'
                       for name, part in self.runs(text))

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(part, name, size) for name, part in self.runs(text))

    def draw(self, canvas: Canvas, x: float, y: float, text: str, size: float, align: str = "left") -> float:
        """Draw `text` at (x, y) switching fonts per glyph; align left, centre or right of x. The width."""
        total = self.width(text, size)
        if align == "centre":
            x -= total / 2
        elif align == "right":
            x -= total
        for name, part in self.runs(text):
            canvas.setFont(name, size)
            canvas.drawString(x, y, part)
            x += pdfmetrics.stringWidth(part, name, size)
        return total

    def check(self, fields: Iterable[tuple[str, str, str]]) -> None:
        """(whose, field label, text) for every string of a paper; MissingGlyphs at the first gap."""
        for whose, label, text in fields:
            gone = self.missing(text or "")
            if gone:
                chars = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in gone)
                raise MissingGlyphs("missing_glyph", f"{whose}的{label}“{text}”中的{chars}在本机所有可用字体中都没有，"
                                    f"打印出来会缺字，所以没有生成文件。{HOW_TO_ADD}",
                                    {"field": label, "who": whose, "characters": gone})


def fallback_candidates(extra: str | None = None) -> list[Path]:
    """The office's extra fonts (setting pdf_extra_fonts), then the system's extension-block fonts."""
    found = [Path(p.strip()) for p in re.split(r"[;；]", extra or "") if p.strip()]
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        found += [folder / name for name in WINDOWS_FALLBACKS for folder in (windir, local)]
    found += [Path(p) for p in LINUX_FALLBACKS]
    return found


@lru_cache(maxsize=8)
def _face(path: Path) -> Face | None:
    name = f"{FONT_NAME}-x-{path.stem}"
    try:
        font = TTFont(name, str(path), subfontIndex=0)
        pdfmetrics.registerFont(font)
    except (TTFError, OSError) as exc:  # e.g. a CFF-based OpenType font reportlab cannot embed
        log.warning("fallback font %s not usable for PDF: %s", path, exc)
        return None
    return Face(PdfFont(name, path, True), frozenset(font.face.charToGlyph))


@lru_cache(maxsize=8)
def font_chain(main: PdfFont, extra: str | None = None) -> FontChain:
    """The main font (as `fonts.cjk_font` found it), then every usable fallback that adds characters."""
    faces = [_main_face(main)]
    seen = {main.path}
    for path in fallback_candidates(extra):
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        face = _face(path)
        if face is not None:
            faces.append(face)
    return FontChain(tuple(faces))


def _main_face(main: PdfFont) -> Face:
    if main.path is None:  # reportlab's built-in STSong-Light: no table to ask, trusted for everything
        return Face(main, frozenset())
    font = pdfmetrics.getFont(main.name)
    return Face(main, frozenset(getattr(getattr(font, "face", None), "charToGlyph", {}) or {}))
