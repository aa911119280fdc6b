"""补助标准按家庭人口分档 (issue 16 item 4): a tier paid by the household's size, e.g.
1人户550元，2人户900元，3人及以上户1100元. Pure: the bands checked, the band of a household picked, and
the words the proposal writes ("3人及以上户，深度困难：1,100元")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from songnuan_desktop.domain.errors import ValidationFailed

MAX_PERSONS = 99  # no household is larger; a band's upper bound above it is a typing slip


@dataclass(frozen=True)
class Band:
    item_kind: str
    tier: str  # the tier of the campaign's standards this band belongs to (困难类别 …)
    min_persons: int
    max_persons: int | None  # None: and more (及以上)
    amount_fen: int

    @property
    def label(self) -> str:
        """'1人户', '2至3人户', '3人及以上户'."""
        if self.max_persons is None:
            return f"{self.min_persons}人及以上户"
        if self.max_persons == self.min_persons:
            return f"{self.min_persons}人户"
        return f"{self.min_persons}至{self.max_persons}人户"

    def holds(self, persons: int) -> bool:
        return self.min_persons <= persons and (self.max_persons is None or persons <= self.max_persons)


def _yuan(fen: int) -> str:
    yuan, cents = divmod(fen, 100)
    return f"{yuan:,}" if cents == 0 else f"{yuan:,}.{cents:02d}"


def words(band: Band) -> str:
    """What the item's reason says of the standard applied: '3人及以上户，深度困难：1,100元'."""
    return f"{band.label}，{band.tier}：{_yuan(band.amount_fen)}元"


def by_tier(bands: Iterable[Band]) -> dict[tuple[str, str], tuple[Band, ...]]:
    """(item kind, tier) → its bands, smallest households first."""
    found: dict[tuple[str, str], list[Band]] = {}
    for band in bands:
        found.setdefault((band.item_kind, band.tier), []).append(band)
    return {key: tuple(sorted(rows, key=lambda b: b.min_persons)) for key, rows in found.items()}


def pick(bands: Sequence[Band], persons: int) -> Band | None:
    """The band a household of `persons` persons falls in, or None."""
    return next((b for b in bands if b.holds(persons)), None)


def problems(bands: Sequence[Band]) -> list[str]:
    """What is wrong with the bands, each sentence naming the row (第N行, counted as given) — empty when
    fine. Per tier the bands start at 1 person, follow each other without gap or overlap and the last one is
    open (…人及以上户), so every household falls in exactly one band; every amount is above 0."""
    found: list[str] = []
    rows: dict[tuple[str, str], list[tuple[int, Band]]] = {}
    for n, band in enumerate(bands, start=1):
        where = f"第 {n} 行（{band.tier or '未填类别'}）"
        if not band.tier.strip():
            found.append(f"按家庭人口分档第 {n} 行：请选择困难类别。")
            continue
        if band.min_persons < 1 or band.min_persons > MAX_PERSONS:
            found.append(f"按家庭人口分档{where}：起始人数应为1到{MAX_PERSONS}人。")
            continue
        if band.max_persons is not None and not band.min_persons <= band.max_persons <= MAX_PERSONS:
            found.append(f"按家庭人口分档{where}：截止人数不能小于起始人数 {band.min_persons} 人。")
            continue
        if band.amount_fen <= 0:
            found.append(f"按家庭人口分档{where}：金额应大于0元。")
        rows.setdefault((band.item_kind, band.tier), []).append((n, band))
    for (_kind, tier), numbered in rows.items():
        numbered.sort(key=lambda nb: nb[1].min_persons)
        expected = 1
        for n, band in numbered:
            where = f"第 {n} 行（{tier}，{band.label}）"
            if band.min_persons < expected:
                found.append(f"按家庭人口分档{where}与上一档重叠：应从 {expected} 人起。")
            elif band.min_persons > expected:
                found.append(f"按家庭人口分档{where}与上一档不衔接：{expected} 人户没有标准，应从 {expected} 人起。")
            if band.max_persons is None and band is not numbered[-1][1]:
                found.append(f"按家庭人口分档{where}已是“及以上”，其后不能再有分档。")
                break
            expected = (band.max_persons or band.min_persons) + 1
        last_n, last = numbered[-1]
        if last.max_persons is not None:
            found.append(f"按家庭人口分档第 {last_n} 行（{tier}，{last.label}）是最后一档，截止人数应留空"
                         f"（{last.min_persons}人及以上户），否则更多人口的家庭没有标准。")
    return found


def check(bands: Sequence[Band]) -> None:
    """ValidationFailed with the first problem (the rest in details) when the bands are not usable."""
    found = problems(bands)
    if found:
        raise ValidationFailed("standard_bands", found[0], {"field": "standard_bands", "problems": found})
