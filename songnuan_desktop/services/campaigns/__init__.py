"""Campaigns (活动/批次) and their items: budgets, proposing (拟帮扶名单), recommending by rule, the item state
machine, the approval queue, the public notice (公示) and gifts in kind (慰问品).

Modules:

- `campaigns` — Campaigns (活动/批次): create, change, read, and the budget used / reserved / left.
- `campaign_budget` — Budgets of a campaign: what each line holds (used, reserved) and whether more fits.
- `assistance` — Proposing beneficiaries (拟帮扶名单) and changing a proposed item.
- `recommend` — 按规则推荐: the households the rules would put on a campaign's list, shown before anything is added.
- `transitions` — The state machine of assistance items (SPEC §3): one or many items moved in one transaction.
- `approval_queue` — The approval queue (审批) and the item lists of a campaign, as plain rows for the screens.
- `approval_detail` — What the approval screen shows beside a selected queue item, read in one go on the database
  lane.
- `notices` — Public notice (公示) and objections (异议) of assistance items.
- `notice_print` — Print a campaign's public notice (公示) as PDF, or its result (公示结果); every print is in the
  audit log.
- `goods` — Gifts in kind (慰问品, issue 16 item 3): a campaign's kinds, each item's goods, the stock (no Qt).
"""

__all__ = [
    "approval_detail", "approval_queue", "assistance", "campaign_budget", "campaigns", "goods", "notice_print",
    "notices", "recommend", "transitions",
]
