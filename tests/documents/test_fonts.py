"""The PDF font: a real CJK TrueType font is found, embedded, and its text reads back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from songnuan_desktop.documents import fonts

TEXT = "困难补助资金发放凭证 人民币壹仟元整 黄平县旧州镇总工会"


def _draw(path: Path, font: fonts.PdfFont) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(font.name, 16)
    pdf.drawString(72, 760, TEXT)
    pdf.save()


def test_cjk_font_is_embedded_and_text_reads_back(tmp_path: Path) -> None:
    font = fonts.cjk_font()
    if not font.embedded:
        pytest.skip("no CJK TrueType font on this machine (CI installs fonts-wqy-microhei)")
    out = tmp_path / "font.pdf"
    _draw(out, font)
    reader = PdfReader(str(out))
    assert TEXT.replace(" ", "") in reader.pages[0].extract_text().replace(" ", "")
    assert b"/FontFile2" in out.read_bytes()  # the TrueType program travels inside the PDF


def test_setting_names_the_font_first(tmp_path: Path) -> None:
    font = fonts.cjk_font()
    if font.path is None:
        pytest.skip("no CJK TrueType font on this machine")
    assert fonts.candidates(str(font.path))[0] == font.path


def test_unusable_font_is_passed_over(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.ttf"
    bogus.write_bytes(b"not a font")
    font = fonts.cjk_font(str(bogus))
    assert font.path != bogus


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_rendered_page_has_ink(tmp_path: Path) -> None:
    font = fonts.cjk_font()
    out = tmp_path / "font.pdf"
    _draw(out, font)
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", str(out), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    dark = sum(
        1 for y in range(0, 120) for x in range(0, image.width(), 2) if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 50, "the Chinese line drew no ink (missing glyphs render as nothing or boxes)"
