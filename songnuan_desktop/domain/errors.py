"""Typed errors of the domain: a code and the fields it concerns; the UI words them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DomainError(Exception):
    """A refusal the user can act on. `message` is the Chinese sentence shown to the user."""

    code: str
    message: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class ValidationFailed(DomainError):
    """Input that breaks a rule of a field (names the field and what to do)."""


class PermissionDenied(DomainError):
    """The acting user's roles do not allow this action."""


class NotFound(DomainError):
    """A record named by the user does not exist."""


class AuthenticationFailed(DomainError):
    """Wrong user name or password, or a disabled account."""


@dataclass(frozen=True)
class RefusedItem:
    """One refused row of a batch: which record, who it is in words (person, file no), and why."""

    id: Any  # the record's id (an assistance item's or a worker file's)
    who: str  # '张三（档案 DA-2026-0001）'
    reason: str

    def __str__(self) -> str:
        return f"{self.who}：{self.reason}"


@dataclass
class BatchRefused(DomainError):
    """A batch done all or nothing was refused: nothing was changed; `refusals` lists each refused row."""

    refusals: tuple[RefusedItem, ...] = ()

    @classmethod
    def of(cls, code: str, action: str, refusals: list[RefusedItem], fields: dict[str, Any] | None = None,
           shown: int = 10) -> BatchRefused:
        """'不能提交审核：共 3 项被拒绝，全部未作改动。' and the first `shown` refusals, one a line."""
        lines = [str(r) for r in refusals[:shown]]
        if len(refusals) > shown:
            lines.append(f"……另有 {len(refusals) - shown} 项，见明细")
        head = f"不能{action}：共 {len(refusals)} 项被拒绝，本次全部未作改动。"
        return cls(code, "\n".join([head, *lines]), fields or {}, tuple(refusals))
