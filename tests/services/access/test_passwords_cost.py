"""The program's password hash keeps its cost (tests/conftest.py lowers it for the rest of the suite)."""

from __future__ import annotations

import pytest

from songnuan_desktop.services.access import passwords
from tests.conftest import PROGRAM_SCRYPT_N


def test_the_program_hashes_with_scrypt_n_2_14_r_8(monkeypatch: pytest.MonkeyPatch) -> None:
    assert PROGRAM_SCRYPT_N == 2**14 and passwords.R == 8 and passwords.P == 1
    monkeypatch.setattr(passwords, "N", PROGRAM_SCRYPT_N)
    stored = passwords.hash_password("Songnuan2024")
    assert stored.startswith("scrypt$16384$8$1$")
    assert passwords.verify_password("Songnuan2024", stored)
    assert not passwords.verify_password("Songnuan2025", stored)


def test_a_cheaper_hash_made_elsewhere_still_verifies() -> None:
    """A hash says its own N: the suite's cheaper hashes and older ones verify alike."""
    cheap = passwords.hash_password("x" * 12)
    assert cheap.startswith(f"scrypt${passwords.N}$") and passwords.verify_password("x" * 12, cheap)
