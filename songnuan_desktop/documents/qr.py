"""QR codes with reportlab's own encoder, fast enough for a thousand vouchers in one run.

reportlab's `QrCodeWidget` builds the code nine times (eight trial masks scored for the best, then
the real one) and draws every dark run as a graphics object: ≈10 ms a code, 10 s for 1,000 vouchers.
Here the encoder builds it once with a fixed mask (every mask gives a valid code that any reader
decodes; the trial only avoids patterns that make a poor print harder to read, and a voucher's code
is printed large on white); the codewords (bits, padding, Reed-Solomon) are computed on tables and the
data positions and mask reused between codes — the same modules as reportlab's (a test compares them);
the dark runs are drawn as one path. ≈0.4 ms a code.
"""

from __future__ import annotations

import functools
import itertools
import re
from itertools import zip_longest

from reportlab.graphics.barcode import qrencoder
from reportlab.pdfgen.canvas import Canvas

MASK = 0
_DARK = re.compile(b"\x01+")  # a row as bytes(row): 1 for a dark module
BORDER = 2  # modules of quiet zone inside the drawn square (a reader wants some white around the code)


class _Code(qrencoder.QRCode):  # type: ignore[misc]
    """reportlab's encoder with its two slow loops done on cached tables; the same modules."""

    _positions: dict[int, list[tuple[int, int]]] = {}
    _masks: dict[tuple[int, int], list[bool]] = {}

    def dataPosIterator(self) -> list[tuple[int, int]]:
        found = self._positions.get(self.version)
        if found is None:
            found = self._positions[self.version] = list(self._dataPosIterator())
        return found

    def mapData(self, data: list[int], maskPattern: int) -> None:  # noqa: N803
        positions = self.dataPosIterator()
        masks = self._masks.get((self.version, maskPattern))
        if masks is None:
            mask = qrencoder.QRUtil.getMask(maskPattern)
            masks = self._masks[(self.version, maskPattern)] = [bool(mask(r, c)) for c, r in positions]
        bits = "".join(f"{byte:08b}" for byte in data).ljust(len(positions), "0")
        modules = self.modules
        for (col, row), bit, masked in zip(positions, bits, masks, strict=False):
            modules[row][col] = (bit == "1") != masked


def _codewords(code: _Code, raw: bytes) -> list[int]:
    """QRCode.createData for one byte-mode segment: mode, length, data, terminator and padding written
    as a string of bits, and each block's Reed-Solomon codewords (on log tables, not reportlab's
    polynomial objects), interleaved. The same bytes; reportlab's bit buffer takes a call per bit."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(code.version, code.errorCorrectLevel)
    length_bits = qrencoder.QR8bitByte(raw).getLengthBits(code.version)
    bits = "0100" + format(len(raw), f"0{length_bits}b") + "".join(f"{b:08b}" for b in raw)
    capacity = sum(block.dataCount for block in blocks) * 8
    if len(bits) > capacity:
        raise ValueError(f"QR 码内容过长：{len(bits)} > {capacity} 位")
    if len(bits) + 4 <= capacity:
        bits += "0000"
    bits += "0" * (-len(bits) % 8)
    data = [int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)]
    pads = itertools.cycle((0xEC, 0x11))
    while len(data) * 8 < capacity:
        data.append(next(pads))
    dc, ec, offset = [], [], 0
    for block in blocks:
        chunk = data[offset:offset + block.dataCount]
        offset += block.dataCount
        dc.append(chunk)
        ec.append(_remainder(chunk, block.totalCount - block.dataCount))
    return [d for group in (zip_longest(*dc), zip_longest(*ec)) for column in group for d in column if d is not None]


@functools.cache
def _generator_logs(count: int) -> tuple[int | None, ...]:
    """The logs of the generator polynomial's coefficients after the leading 1 (None for a zero)."""
    coefficients = qrencoder.QRUtil.getErrorCorrectPolynomial(count).num[1:]
    return tuple(qrencoder.LOG_TABLE[c] if c else None for c in coefficients)


def _remainder(data: list[int], count: int) -> list[int]:
    logs, exp, log = _generator_logs(count), qrencoder.EXP_TABLE, qrencoder.LOG_TABLE
    rest = [0] * count
    for byte in data:
        factor = byte ^ rest[0]
        rest = rest[1:] + [0]
        if factor:
            lf = log[factor]
            for i, g in enumerate(logs):
                if g is not None:
                    rest[i] ^= exp[(lf + g) % 255]
    return rest


def qr_matrix(payload: str) -> list[list[bool]]:
    """The modules of `payload` (byte mode, error correction level M), row by row, True for dark."""
    raw = payload.encode("utf-8")
    code = _Code(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(qrencoder.QR8bitByte(raw))
    code.version = code.calculate_version()
    code.dataCache = _codewords(code, raw)
    code.makeImpl(False, MASK)
    return code.modules  # type: ignore[no-any-return]


def draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    """Draw the code in the square of side `size` whose lower left corner is (x, y): in a coordinate
    system of one unit a module, each dark run one `re` in whole numbers, filled as one path (written
    as PDF operators: reportlab's own number formatting of ≈150 rectangles a code is most of the cost)."""
    count = len(matrix)
    box = size / (count + 2 * BORDER)
    runs = []
    for r, row in enumerate(matrix):
        y_row = count - 1 - r
        runs += [f"{m.start()} {y_row} {m.end() - m.start()} 1 re" for m in _DARK.finditer(bytes(row))]
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.transform(box, 0, 0, box, x + BORDER * box, y + BORDER * box)
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()
