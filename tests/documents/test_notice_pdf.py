"""The notice layout on its own: masking whatever it is given, long cells, the estimate note; the seal with
names on its page, a reprint's mark, 金秋助学 columns, 公示结果, rare characters drawn or refused."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.documents.notice_pdf import (
    NoticeDocument, NoticeResult, NoticeRow, RemovedRow, write_notice, write_result,
)

FULL = "52262219800101002X"
LONG_NAME = "买买提·艾力·阿不都热合曼"
LONG_UNIT = "黄平县旧州古镇旅游开发有限责任公司游客服务中心保洁部"


def document(rows: tuple[NoticeRow, ...], note: str = "", campaign: str = "2027年元旦春节送温暖") -> NoticeDocument:
    return NoticeDocument(
        office_name="旧州镇总工会", campaign_name=campaign, campaign_kind="送温暖", start="2027年1月4日",
        end="2027年1月8日", working_days=5, calendar_note=note, place="镇政务公开栏", contact="0855-2461234",
        issued_on="2027年1月4日", rows=rows,
    )


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_a_full_id_given_by_mistake_is_masked_and_long_cells_wrap(tmp_path: Path) -> None:
    rows = (NoticeRow(LONG_NAME, LONG_UNIT, "深度困难", "送温暖慰问", 100_000, FULL),
            NoticeRow("张三", "旧州镇卫生院", "相对困难", "送温暖慰问", 50_050, "522622198001010011"))
    out = tmp_path / "n.pdf"
    assert write_notice(document(rows, note="2027年的放假调休安排按法定节假日推算。"), out, cjk_font()) == 1
    raw = "\n".join(text_of(out))
    text = re.sub(r"\s+", "", raw)
    assert FULL not in text and "522622********002X" in text and "522622********0011" in text
    assert LONG_NAME in text and LONG_UNIT in text and "1,500.50" in text and "共2人" in text
    assert "注：2027年的放假调休安排按法定节假日推算。" in text
    assert "旧州镇总工会2027年元旦春节送温暖拟帮扶对象公示" in text


def test_a_long_title_breaks_before_the_word_notice(tmp_path: Path) -> None:
    long = "2027年元旦春节送温暖暨困难职工医疗救助、金秋助学"
    out = tmp_path / "n.pdf"
    write_notice(document((), campaign=long), out, cjk_font())
    lines = text_of(out)[0].splitlines()
    assert lines[0].strip() == f"旧州镇总工会{long}" and lines[1].strip() == "拟帮扶对象公示"


def test_wall_size_table_text_and_the_supervision_phone_on_the_objection_line(tmp_path: Path) -> None:
    rows = tuple(NoticeRow(f"职工{'甲乙丙丁戊己庚辛壬癸'[i % 10]}", "旧州镇卫生院", "相对困难", "送温暖慰问", 50_000,
                           "522622198001010011") for i in range(3))
    out = tmp_path / "n.pdf"
    doc = document(rows)
    write_notice(NoticeDocument(**{**doc.__dict__, "supervision_phone": "0855-2460000"}), out, cjk_font())
    text = re.sub(r"\s+", "", "\n".join(text_of(out)))
    assert "监督电话：0855-2460000" in text
    sizes: set[float] = set()

    def seen(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if "旧州镇卫生院" in text:
            sizes.add(round(size * abs(tm[0]), 1))

    PdfReader(str(out)).pages[0].extract_text(visitor_text=seen)
    assert sizes and min(sizes) >= 11, sizes


HANAZONO = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
EXT_H = "\U00031350"  # CJK Extension H: in no font of this machine (tests/documents/test_glyphs.py)


def rows_of(n: int) -> tuple[NoticeRow, ...]:
    return tuple(NoticeRow(f"职工{i:03d}", "旧州镇卫生院", "相对困难", "送温暖慰问", 50_000, f"5226221980010{i:04d}1")
                 for i in range(n))


def test_the_seal_never_stands_alone_on_the_last_page(tmp_path: Path) -> None:
    """Whatever the length of the list, the page of the seal also carries names (issue 14 item 9); the rows
    that go with it carry the table head when they begin a page."""
    for n in range(20, 48):
        out = tmp_path / f"n{n}.pdf"
        pages = text_of(out) if write_notice(document(rows_of(n)), out, cjk_font()) else []
        last = re.sub(r"\s+", "", pages[-1])
        assert "（盖章）" in last and f"职工{n - 1:03d}" in last, (n, len(pages))
        numbers = [int(k) for k in re.findall(r"职工(\d{3})", "".join(pages))]
        assert numbers == list(range(n)), n  # every row once, in order
    assert all("序号" in re.sub(r"\s+", "", p) for p in pages)  # the head on every page


def test_a_reprint_says_so_on_every_page_and_keeps_the_original_date(tmp_path: Path) -> None:
    mark = "重印件：本件与2027年1月4日张贴的公示原件一致（共 40 名）；2027年2月1日由吴晓燕重印。"
    doc = NoticeDocument(**{**document(rows_of(40)).__dict__, "mark": mark})
    out = tmp_path / "r.pdf"
    assert write_notice(doc, out, cjk_font()) >= 2
    pages = [re.sub(r"\s+", "", p) for p in text_of(out)]
    assert all("重印件" in p for p in pages) and "2027年2月1日由吴晓燕重印" in pages[0]
    assert "旧州镇总工会（盖章）2027年1月4日" in pages[-1]


def test_a_student_aid_notice_has_student_and_school_columns(tmp_path: Path) -> None:
    rows = (NoticeRow("杨光明", "旧州镇中心小学", "相对困难", "金秋助学", 300_000, "522622198001010011",
                      "杨小梅", "黄平县民族中学（高中）"),)
    out = tmp_path / "j.pdf"
    write_notice(NoticeDocument(**{**document(rows, campaign="2026年金秋助学").__dict__, "campaign_kind": "金秋助学"}),
                 out, cjk_font())
    text = re.sub(r"\s+", "", "".join(text_of(out)))
    assert "学生姓名" in text and "就读学校（学段）" in text and "杨小梅" in text and "黄平县民族中学（高中）" in text


def test_the_result_lists_the_names_kept_and_those_removed_with_the_reason(tmp_path: Path) -> None:
    kept = rows_of(3)
    gone = (RemovedRow("张三", "旧州镇卫生院", "送温暖慰问", 50_000, "未予批准", "经入户核查，家庭收入超过困难标准"),)
    doc = NoticeResult(office_name="旧州镇总工会", campaign_name="2027年元旦春节送温暖", campaign_kind="送温暖",
                       start="2027年1月4日", end="2027年1月8日", posted=4, place="镇政务公开栏",
                       contact="潘国强 0855-2461234", issued_on="2027年1月12日", rows=kept, removed=gone)
    out = tmp_path / "r.pdf"
    write_result(doc, out, cjk_font())
    text = re.sub(r"\s+", "", "".join(text_of(out)))
    assert "旧州镇总工会2027年元旦春节送温暖公示结果" in text and "拟帮扶对象4名进行了公示" in text
    assert "共3人" in text and "张三" in text and "未予批准" in text and "家庭收入超过困难标准" in text
    assert "旧州镇总工会（盖章）2027年1月12日" in text


@pytest.mark.skipif(not HANAZONO.is_file() or shutil.which("pdftotext") is None,
                    reason="fonts-hanazono and poppler-utils are needed")
def test_rare_characters_are_drawn_and_a_character_no_font_has_is_refused(tmp_path: Path) -> None:
    rows = (NoticeRow("王䶮", "旧州镇卫生院", "相对困难", "送温暖慰问", 50_000, "522622198001010011"),
            NoticeRow("李𠮷", "旧州镇𪚥村", "深度困难", "送温暖慰问", 80_000, "522622198001010022"),
            NoticeRow("𪚥", "旧州镇卫生院", "相对困难", "送温暖慰问", 50_000, "522622198001010033"))
    out = tmp_path / "rare.pdf"
    write_notice(document(rows), out, cjk_font())
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert all(word in text for word in ("王䶮", "李𠮷", "旧州镇𪚥村", "𪚥")), text
    refused_path = tmp_path / "refused.pdf"
    bad = (*rows, NoticeRow(f"杨{EXT_H}", "旧州镇卫生院", "相对困难", "送温暖慰问", 50_000, "522622198001010044",
                            ref="档案 JZ-2024-0042 户主"))
    with pytest.raises(MissingGlyphs) as refused:
        write_notice(document(bad), refused_path, cjk_font())
    assert "档案 JZ-2024-0042 户主的姓名" in refused.value.message and "U+31350" in refused.value.message
    assert not refused_path.exists()
