"""argparse's own words in Chinese: "usage:", the section titles, "-h" and its error lines (issues 12, 13).

argparse takes its strings through gettext's `_` and `ngettext` bound in its module and ships no
translation; Python has no zh_CN catalogue for it. So, while `songnuan` builds its parser and parses
its arguments (and only then: pytest and other callers keep theirs), argparse's two functions are
replaced with lookups in the table below. A string not in it is shown as argparse wrote it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助后退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必须给出的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s（用 -h 查看可用的参数）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    # the type's name (int, UUID, fromisoformat) tells a clerk nothing: the metavar and -h do
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值，请按 -h 中说明的格式填写",
    "expected one argument": "后面要跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "not allowed with argument %s": "不能和参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ignored explicit argument %r": "多给了值 %r",
    "ambiguous option: %(option)s could match %(matches)s": "参数 %(option)s 不明确，可能是：%(matches)s",
    "unexpected option string: %s": "多余的参数：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "打不开“%(filename)s”：%(error)s",
}
_PLURAL = {"expected %s argument": "后面要跟 %s 个值", "expected %s arguments": "后面要跟 %s 个值"}


def _zh(text: str) -> str:
    return ZH.get(text, text)


def _zh_n(singular: str, plural: str, n: int) -> str:
    text = singular if n == 1 else plural
    return _PLURAL.get(text, text)


class Parser(argparse.ArgumentParser):
    """argparse ends a section's title with an ASCII colon; Chinese text takes the full-width one.
    Sub-command parsers are made of the same class (argparse's default), so they say it the same way."""

    def format_help(self) -> str:
        text = super().format_help()
        for title in (ZH["positional arguments"], ZH["options"]):
            text = text.replace(f"\n{title}:\n", f"\n{title}：\n")
        return text


@contextmanager
def chinese() -> Iterator[None]:
    """argparse speaks Chinese inside the block (build the parser and parse inside it)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _zh, _zh_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
