"""Paying: vouchers (numbers, print, reprint, void, check at the counter), confirming payouts, the bank list, the
sign-off roster (发放签收表) and spot-checks (抽查).

Modules:

- `payouts` — Confirming payouts (确认发放) and reconciling a campaign's money (SPEC §3 Payout, §4).
- `vouchers` — Vouchers (困难补助资金发放凭证): numbers, printing, reprints (补打) and voids (作废).
- `voucher_store` — The voucher rows behind services.payouts.vouchers: the counter, new numbers, reprints and voids.
- `voucher_check` — 核验凭证: a voucher scanned (its QR code) or typed (its number) at the counter, checked against
  the database before money is handed over (issue 17 item 6: vouchers printed 扫码核验凭证号 and nothing read it).
- `bank_list` — 银行代发清单 (.xlsx, or .pdf for the bank counter) of a campaign: the card payouts the bank is asked
  to make.
- `roster` — 发放签收表 of a campaign as PDF: an internal copy (full ID numbers, phone) and a public copy (masked).
- `spot_checks` — Spot-checks (抽查) of paid households: a reproducible random draw, then a record of each check.
"""

__all__ = [
    "bank_list", "payouts", "roster", "spot_checks", "voucher_check", "voucher_store", "vouchers",
]
