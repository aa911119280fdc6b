"""Named groups of item states (issue 17 item 3): one definition each, queried by their stored values."""

from __future__ import annotations

from songnuan_desktop.domain.states import APPROVED_OR_LATER, HOLDING_STATES, PAID_STATES, ItemState, state_values


def test_the_groups_and_their_stored_values() -> None:
    assert PAID_STATES == {ItemState.PAID, ItemState.SAMPLED}
    assert APPROVED_OR_LATER == {ItemState.APPROVED, ItemState.PAID, ItemState.SAMPLED}
    assert APPROVED_OR_LATER <= HOLDING_STATES
    assert state_values(APPROVED_OR_LATER) == ("approved", "paid", "sampled")
    assert state_values([ItemState.SAMPLED, ItemState.PAID]) == ("paid", "sampled")  # always ItemState's order
    assert "paid" in PAID_STATES  # a stored value is found in a group of states
