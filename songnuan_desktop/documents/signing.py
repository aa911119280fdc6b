"""Hand signatures and rare characters on the platypus papers (roster, spot-check sheet, route sheet).

- `signature_row(chain, signers, names_beneath, size)` — a Table of signing places: "经办人（签字）：" and a
  blank ruled line with room to sign (issue 14 item 4); the signatory's name printed small beneath the
  line only when `names_beneath` (setting `signature_names` = "beneath"), never on the line.
- `para(chain, text, style)` — a Paragraph of plain text through the font chain (escaped, line breaks
  kept, ideographic spaces kept wide, fallback fonts for characters the main font lacks).
- `names_beneath(value)` — the setting's stored value read as a yes/no.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from songnuan_desktop.documents.glyphs import FontChain

SIGN = "（签字）："


def names_beneath(value: object) -> bool:
    """Setting `signature_names`: "beneath" prints names small under the lines; anything else leaves them blank."""
    return str(value or "") == "beneath"


def para(chain: FontChain, text: str, style: ParagraphStyle) -> Paragraph:
    markup = chain.markup(text).replace("\n", "<br/>").replace("\u3000", "&nbsp;" * 4)
    return Paragraph(markup, style)


def signature_row(chain: FontChain, signers: Sequence[tuple[str, str]], beneath: bool, size: float = 10.5,
                  line_mm: float = 38, tail: str = "") -> Table:
    """One row of signing places: role（签字）： then a ruled blank `line_mm` long; the name small under the
    line when `beneath` and a name is known; `tail` (e.g. the date to write by hand) after the last one."""
    label = ParagraphStyle("sign", fontName=chain.main, fontSize=size, leading=size * 1.3, alignment=TA_LEFT)
    small = ParagraphStyle("signed", fontName=chain.main, fontSize=7, leading=8.5, alignment=TA_CENTER)
    top: list[object] = []
    under: list[object] = []
    widths: list[float] = []
    style: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                       ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for n, (role, name) in enumerate(signers):
        text = f"{role}{SIGN}"
        col = len(top)
        top += [para(chain, text, label), ""]
        under += ["", para(chain, name, small) if beneath and name else ""]
        widths += [chain.width(text, size) + 1, line_mm * mm]
        style.append(("LINEBELOW", (col + 1, 0), (col + 1, 0), 0.6, "black"))
        if n < len(signers) - 1:
            top.append("")
            under.append("")
            widths.append(6 * mm)
    if tail:
        top += ["", para(chain, tail, label)]
        under += ["", ""]
        widths += [6 * mm, chain.width(tail, size) * 1.3 + 4 * mm]  # each ideographic space set as 4 &nbsp;
    table = Table([top, under], colWidths=widths, rowHeights=[size * 2.2, 10], hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


__all__ = ["SIGN", "names_beneath", "para", "signature_row"]
