"""An empty 花名册 to fill in: the column headers the import recognises and one example row (issue 13: the
import wizard offered no template, so an office without a register had to guess the columns)."""

from __future__ import annotations

from pathlib import Path

from songnuan_desktop.documents.register_columns import FIELDS
from songnuan_desktop.documents.xlsx_stream import Column, SheetWriter

SHEET = "花名册"
# (field key, width, example): the fields an office fills most, in the order registers usually have them.
TEMPLATE: tuple[tuple[str, int, str], ...] = (
    ("name", 10, "张三"), ("id_number", 21, "522622198001010018"), ("sex", 5, "男"), ("ethnicity", 7, "苗族"),
    ("phone", 13, "13800000000"), ("work_unit", 24, "某某公司"), ("address", 28, "某某镇某某村某某组"),
    ("category", 9, "相对困难"), ("household_size", 8, "3"), ("monthly_income_fen", 11, "1200"),
    ("household_income_fen", 11, "2400"), ("cause", 16, "患重特大疾病"), ("situation", 30, "本人患病，长期治疗"),
    ("employment_status", 9, "在岗"), ("hukou_type", 9, "非农业"), ("bank_name", 14, "农村信用社"),
    ("bank_card", 22, "6210000000000000000"), ("filed_date", 11, "2026-01-05"),
    ("note", 24, "示例行：填好本表后请删除此行"),
)
TEXT_FIELDS = frozenset({"id_number", "phone", "bank_card", "filed_date"})  # digits stay as typed


def header_of(key: str) -> str:
    """The header the import reads for `key`: the field's label when the reader knows it, else its first name."""
    field = FIELDS[key]
    return field.label if field.label in field.synonyms else field.synonyms[0]


def write_register_template(path: Path) -> Path:
    """Written under a temporary name and renamed into place (xlsx_stream): never half a file."""
    columns = [Column(width, "text" if key in TEXT_FIELDS else "plain") for key, width, _example in TEMPLATE]
    with SheetWriter(Path(path), SHEET, columns, frozen=(1, 1), print_title_rows=(1, 1)) as sheet:
        sheet.row([header_of(key) for key, _width, _example in TEMPLATE], "header", height=30)
        sheet.row([example for _key, _width, example in TEMPLATE])
    return Path(path)
