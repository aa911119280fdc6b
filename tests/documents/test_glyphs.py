"""Every character on paper or a refusal (issue 15 item 4): the font chain switches font inside a string
where a glyph requires it, and a character no font has is refused with the person, field and character."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.glyphs import MissingGlyphs, font_chain

HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
needs_fallback = pytest.mark.skipif(not HANAZONO.is_file(),
                                    reason="fonts-hanazono is not installed (.ci/run installs it)")
EXT_H = "\U00031350"  # CJK Extension H (Unicode 15, 2022): in no font of this machine


@needs_fallback
def test_rare_characters_are_drawn_by_a_fallback_font_inside_the_string() -> None:
    chain = font_chain(cjk_font())
    assert len(chain.faces) >= 2
    runs = chain.runs("王䶮李𠮷𪚥")
    assert [part for _name, part in runs] == ["王", "䶮", "李", "𠮷𪚥"]
    assert runs[0][0] == chain.main and runs[1][0] != chain.main
    assert chain.missing("王䶮李𠮷𪚥") == ""
    assert chain.markup("A&B 王䶮").startswith("A&amp;B 王<font name=")


@needs_fallback
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_a_pdf_carries_every_character_for_pdftotext(tmp_path: Path) -> None:
    chain = font_chain(cjk_font())
    canvas_pdf = tmp_path / "canvas.pdf"
    c = Canvas(str(canvas_pdf), pagesize=A4)
    width = chain.draw(c, 300, 700, "领款人：王䶮 李𠮷 张𪚥", 12, align="centre")
    assert width > chain.width("领款人：", 12)
    c.save()
    flow_pdf = tmp_path / "flow.pdf"
    style = ParagraphStyle("body", fontName=chain.main, fontSize=12, leading=16)
    SimpleDocTemplate(str(flow_pdf), pagesize=A4).build([Paragraph(chain.markup("公示：王䶮、李𠮷、张𪚥"), style)])
    for pdf, words in ((canvas_pdf, ("王䶮", "李𠮷", "张𪚥")), (flow_pdf, ("王䶮", "李𠮷", "张𪚥"))):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert all(w in text for w in words), text


def test_a_character_no_font_has_is_refused_naming_the_person_field_and_character() -> None:
    chain = font_chain(cjk_font())
    assert chain.missing(f"王{EXT_H}") == EXT_H
    with pytest.raises(MissingGlyphs) as refused:
        chain.check([("档案 JZ-2024-0001 户主", "姓名", "王伟"), ("档案 JZ-2024-0002 户主", "姓名", f"王{EXT_H}")])
    message = refused.value.message
    assert "档案 JZ-2024-0002 户主的姓名" in message and "U+31350" in message and "PDF 补充字体" in message


def test_the_office_adds_a_font_through_the_setting(tmp_path: Path) -> None:
    """A font named in pdf_extra_fonts comes first among the fallbacks; a path that is no font is skipped."""
    bogus = tmp_path / "不是字体.ttf"
    bogus.write_bytes(b"not a font")
    chain = font_chain(cjk_font(), str(bogus))
    assert all(f.font.path != bogus for f in chain.faces)
    if HANAZONO.is_file():
        chosen = font_chain(cjk_font(), f"{HANAZONO}；{bogus}")
        assert chosen.faces[1].font.path == HANAZONO
