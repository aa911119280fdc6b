"""Names as people write them (issue 15 item 2): one spelling per person, every ideograph block, no symbols."""

from __future__ import annotations

import pytest

from songnuan_desktop.domain.names import MIDDLE_DOT, check_name, normalize_name, pinyin_keys

DOTS = ["\u00b7", "\u2022", "\uff0e", ".", "\u30fb", "\u2027", "\uff65", "\u0387", "\u2219", "\u22c5"]


@pytest.mark.parametrize("dot", DOTS)
def test_every_middle_dot_form_is_stored_as_u00b7(dot: str) -> None:
    assert check_name(f"阿依古丽{dot}买买提") == ("阿依古丽\u00b7买买提", None)
    assert normalize_name(f"阿依古丽 {dot} 买买提") == "阿依古丽·买买提"


def test_one_person_has_one_spelling_and_one_pinyin_key() -> None:
    spellings = {normalize_name(f"热依拉{dot}艾买提") for dot in DOTS}
    assert spellings == {"热依拉" + MIDDLE_DOT + "艾买提"}
    assert pinyin_keys("热依拉・艾买提") == pinyin_keys("热依拉·艾买提")


@pytest.mark.parametrize("name", [
    "王〇", "李𠮷",  # 〇; Ext B
    "王䶮",  # Ext A
    "𪚥",  # Ext B
    "\U0002b740\U0002b820",  # Ext D, E
    "\U0002ceb0\U00030000",  # Ext F, G
    "\U00031350\U0002ebf0",  # Ext H, I (newer than Python 3.11's Unicode tables)
    "\uf900\u5f20",  # a compatibility ideograph, kept as typed (no NFKC)
    "Мария Иванова", "Zhang Wei",
])
def test_every_ideograph_block_and_alphabetic_names_are_accepted_as_typed(name: str) -> None:
    assert check_name(name) == (name, None)


@pytest.mark.parametrize(("typed", "stored"), [
    ("John Smith", "John Smith"),  # was "JohnSmith"
    ("  John   Smith ", "John Smith"),
    ("张 三", "张三"), ("张\u3000三", "张三"),
    ("Ayxem · Abdulla", "Ayxem·Abdulla"),
])
def test_spaces_stay_only_between_alphabetic_words(typed: str, stored: str) -> None:
    assert check_name(typed) == (stored, None)


@pytest.mark.parametrize(("typed", "reason"), [
    ("..", "没有文字"), ("·", "没有文字"), ("\u30fb\u30fb", "没有文字"),
    ("张三1", "含有数字或符号“1”"), ("李#", "含有数字或符号“#”"), ("王(户主)", "含有数字或符号“()”"),
    ("李·", "间隔号"), ("·李", "间隔号"), ("阿··布", "间隔号"),
    ("", "不能为空"), ("   ", "不能为空"),
])
def test_names_with_no_letter_or_with_symbols_are_refused(typed: str, reason: str) -> None:
    name, why = check_name(typed)
    assert name is None and why is not None and reason in why
