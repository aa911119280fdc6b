"""The voucher PDF read back (pypdf), its boxes measured, and its QR code decoded by zbarimg."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from songnuan_desktop.documents.fonts import cjk_font
from songnuan_desktop.documents.glyphs import MissingGlyphs
from songnuan_desktop.documents.qr import MASK, qr_matrix
from songnuan_desktop.documents.voucher_layout import HEADER_LABELS_MM, PAD, Layout, fit
from songnuan_desktop.documents.voucher_pdf import VoucherCopy, VoucherSet, part_names, write_vouchers
from songnuan_desktop.domain.vouchers import payload_matches, qr_payload
from songnuan_desktop.demo import data as demo_data

OFFICE_ID = uuid.UUID("00000000-0000-0000-0000-0000000000aa")
FULL_ID = "522622197001011234"
UNIT_40 = "黄平县旧州镇某某某某某某某某某某有限责任公司第三分公司机修车间与配套服务部"
AMOUNTS = {100_000: "人民币壹仟元整", 100_500: "人民币壹仟零伍元整", 1_005_050: "人民币壹万零伍拾元伍角",
           30_000: "人民币叁佰元整"}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def copy(n: int, amount: int = 100_000, **changes: object) -> VoucherCopy:
    number = f"2027-SWN01-{n:06d}"
    base = VoucherCopy(number=number, qr_payload=qr_payload(number, amount, OFFICE_ID), payee=f"张测{n}",
                       id_number=FULL_ID, file_no=f"JZ-2024-{n:04d}", unit="旧州镇中心小学", category="深度困难",
                       item="送温暖慰问", fund_source="上级拨付", campaign="2027年元旦春节送温暖", amount_fen=amount,
                       payout="银行卡：中国农业银行黄平旧州支行（尾号 1234）", issued_on="2027年1月5日")
    return replace(base, **changes)  # type: ignore[arg-type]


def document(*vouchers: VoucherCopy, parts: str = "stub_and_payee") -> VoucherSet:
    return VoucherSet(office="黄平县旧州镇总工会", parts=parts, handler="吴晓燕", reviewer="潘国强", head="龙正华",
                      vouchers=vouchers)


def pages(path: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("parts", ["stub_and_payee", "three_parts"])
def test_each_voucher_has_its_page_with_every_part_and_field(tmp_path: Path, parts: str) -> None:
    vouchers = [copy(n + 1, amount) for n, amount in enumerate(AMOUNTS)]
    out = tmp_path / "凭证.pdf"
    assert write_vouchers(document(*vouchers, parts=parts), out, cjk_font()) == len(vouchers)
    texts = pages(out)
    assert len(texts) == len(vouchers)
    names = part_names(parts)
    for text, v in zip(texts, vouchers, strict=True):
        assert "522622********1234" in text and FULL_ID not in text  # masked, on every part
        for name in names:
            assert name in text
        for shown in (v.number, v.payee, v.file_no, v.unit, "深度困难", "送温暖慰问", "上级拨付", "尾号1234",
                      AMOUNTS[v.amount_fen], f"¥{v.amount_fen // 100:,}.{v.amount_fen % 100:02d}",
                      "黄平县旧州镇总工会", "2027年1月5日", "领款人签字", "手印", "代领人", "书面委托",
                      "负责人（签字）：", "审核人（签字）：", "经办人（签字）：", "领款日期："):
            assert text.count(shown) >= len(names), shown
        assert "补打" not in text and "作废原因" not in text
        # Hand signatures: no name pre-printed on the lines unless the office asks (setting signature_names).
        assert not any(name in text for name in ("龙正华", "潘国强", "吴晓燕"))
    assert "记账联" in "".join(texts) if parts == "three_parts" else "记账联" not in "".join(texts)


def test_reprints_and_voided_copies_are_marked(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    write_vouchers(document(copy(1, reprint=2), copy(2, voided=True, void_reason="金额填写错误，作废重开")), out,
                   cjk_font())
    reprint, voided = pages(out)
    assert reprint.count("补打（第2次）") == 2 and "作废" not in reprint.replace("作废重开", "")
    assert voided.count("作废原因：金额填写错误，作废重开") == 2 and voided.count("作　废".replace("　", "")) >= 2


def test_an_unmasked_id_given_to_the_writer_is_masked_anyway(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    write_vouchers(document(copy(1, id_number="52262219700101123X")), out, cjk_font())
    assert "52262219700101123X" not in pages(out)[0] and "522622********123X" in pages(out)[0]


@pytest.mark.parametrize("text", ["欧阳娜仁托娅·买买提", UNIT_40, UNIT_40 * 2, "旧州镇中心小学"])
@pytest.mark.parametrize("parts", [2, 3])
def test_long_names_and_units_fit_their_boxes(text: str, parts: int) -> None:
    font = cjk_font().name
    layout = Layout.for_parts(parts, 281 * mm)
    for key in ("payee", "unit", "payout", "campaign", "id"):
        box = layout.cells[key]
        size, lines = fit(text, box, font, 10)
        assert "".join(lines) == text  # nothing cut off
        assert all(stringWidth(line, font, size) <= box.w - 2 * PAD + 0.01 for line in lines), key
        assert len(lines) * size * 1.18 <= box.h or size <= 5, key


def test_the_longest_unit_and_account_of_the_demo_office_fit_on_one_line() -> None:
    """The demo office's longest work unit and bank branch fit their boxes on one line; a 40-character unit
    on at most two."""
    font = cjk_font().name
    units = [unit[0] for _, members in demo_data.UNIONS for unit in members]
    longest = max(units, key=len)
    account = max((f"银行卡：{bank}{branch}（尾号 1234）" for bank, branches, *_ in demo_data.BANKS
                   for branch in branches), key=len)
    for parts in (2, 3):
        cells = Layout.for_parts(parts, 281 * mm).cells
        assert fit(longest, cells["unit"], font, 10) == (10, [longest])
        assert len(fit(account, cells["payout"], font, 10)[1]) == 1
        assert len(fit(UNIT_40, cells["unit"], font, 10)[1]) <= 2


def test_the_qr_code_decodes_to_the_number_and_its_checksum(tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        pytest.skip("zbarimg (zbar-tools) or pdftoppm (poppler-utils) not installed")
    out = tmp_path / "v.pdf"
    voucher = copy(7, 1_005_050)
    write_vouchers(document(voucher), out, cjk_font())
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(out), str(tmp_path / "page")], check=True)
    found = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, sorted(tmp_path.glob("page*.png")))],
                           capture_output=True, text=True, check=True).stdout.split()
    assert found == [voucher.qr_payload] * 2  # one code on each part
    assert found[0].startswith("2027-SWN01-000007|") and payload_matches(found[0], 1_005_050, OFFICE_ID)


@pytest.mark.parametrize("payload", ["2027-SWN01-000007|1A2B3C4D", "2026-JQZX01-000289|A979209F", "x" * 60,
                                     "送暖 2027-SWN01-000001", "A" * 200])
def test_the_fast_qr_encoder_gives_reportlabs_modules(payload: str) -> None:
    """documents.qr computes the codewords on its own tables; the symbol must be reportlab's, module for module."""
    reference = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    reference.addData(qrencoder.QR8bitByte(payload.encode("utf-8")))
    reference.version = reference.calculate_version()
    reference.makeImpl(False, MASK)
    assert qr_matrix(payload) == reference.modules


def test_the_header_labels_and_values_do_not_run_into_each_other() -> None:
    """Regression: a date of two-digit month and day (2026年11月23日) ran into “No.”."""
    font = cjk_font().name
    cells = Layout.for_parts(2, 281 * mm).cells
    spans = []
    for label, at in HEADER_LABELS_MM.items():
        if label != "number":
            spans.append((at * mm, at * mm + stringWidth(label, font, 9)))
    spans += [(cells[k].x, cells[k].x + cells[k].w) for k in ("office", "issued")]
    spans.append((HEADER_LABELS_MM["number"] * mm, 190 * mm))
    spans.sort()
    assert all(a[1] <= b[0] + 0.01 for a, b in zip(spans, spans[1:], strict=False)), spans
    assert fit("2026年12月31日", cells["issued"], font, 10) == (10, ["2026年12月31日"])


def test_names_are_printed_small_beneath_the_lines_only_when_asked(tmp_path: Path) -> None:
    """Setting signature_names = beneath: the signatories' names under the blank lines, smaller than the labels."""
    out = tmp_path / "v.pdf"
    write_vouchers(replace(document(copy(1)), names_beneath=True), out, cjk_font())
    text = pages(out)[0]
    assert all(text.count(name) == 2 for name in ("龙正华", "潘国强", "吴晓燕"))
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    boxes = {w: (float(y0), float(y1)) for y0, y1, w in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', bbox)}
    label, name = boxes["负责人（签字）："], boxes["龙正华"]
    assert name[0] > label[1] - 0.5 and name[1] - name[0] < label[1] - label[0]  # beneath, and smaller


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf").is_file(),
                    reason="fonts-hanazono is not installed (.ci/run installs it)")
def test_rare_characters_are_drawn_and_read_back(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    student = "受助学生：李𠮷；就读学校：贵州大学；学段：大学"
    write_vouchers(document(copy(1, payee="王䶮", student=student)), out, cjk_font())
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("王䶮") == 2 and text.count("李𠮷") == 2


def test_a_character_no_font_has_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    with pytest.raises(MissingGlyphs) as refused:
        write_vouchers(document(copy(1), copy(2, payee="王\U00031350")), out, cjk_font())
    assert "王\U00031350（档案 JZ-2024-0002）" in refused.value.message and "姓名" in refused.value.message
    assert not out.exists()
