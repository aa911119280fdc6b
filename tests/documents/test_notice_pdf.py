"""The notice layout on its own: masking whatever it is given, long cells, the estimate note."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.notice_pdf import NoticeDocument, NoticeRow, write_notice

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
