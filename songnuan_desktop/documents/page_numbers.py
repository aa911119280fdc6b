"""第 X 页 共 Y 页 at the foot of every page of a platypus document: the one canvas that holds the pages
back until the last is known (it was written five times, with small variations of place, size and font)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from songnuan_desktop.documents.glyphs import FontChain


class NumberedCanvas(Canvas):
    """Centred under the page's own width (portrait or landscape), at `y` from the bottom; drawn in `font`,
    or through a font chain; `counted` (a list) receives the number of pages when the file is saved."""

    def __init__(self, *args: Any, font: str = "", size: float = 8, y: float = 8 * mm, gap: str = "　",
                 chain: FontChain | None = None, counted: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._number_font, self._number_size, self._number_y, self._gap = font, size, y, gap
        self._chain, self._counted = chain, counted

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        if self._counted is not None:
            self._counted.append(total)
        for state in self._pages:
            self.__dict__.update(state)
            text, x = f"第 {self._pageNumber} 页{self._gap}共 {total} 页", self._pagesize[0] / 2
            if self._chain is not None:
                self._chain.draw(self, x, self._number_y, text, self._number_size, align="centre")
            else:
                self.setFont(self._number_font, self._number_size)
                self.drawCentredString(x, self._number_y, text)
            super().showPage()
        super().save()


def numbered(**options: Any) -> Callable[..., Canvas]:
    """A canvasmaker for `doc.build(story, canvasmaker=numbered(font=…, y=…))`."""
    return lambda *args, **kwargs: NumberedCanvas(*args, **options, **kwargs)
