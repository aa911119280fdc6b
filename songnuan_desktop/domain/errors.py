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
