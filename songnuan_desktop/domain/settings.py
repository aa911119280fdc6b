"""Settings of an office with their defaults (DOMAIN.md: every threshold is a setting)."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    "notice_working_days": 5,
    "idle_lock_minutes": 10,
    "lookback_months": 12,
    "spot_check_percent": 10,
    "visits_per_group_day": 8,
    "voucher_parts": "stub_and_payee",  # or three_parts
    # Eligibility thresholds, as percent of the 低保线 and as fen.
    "deep_hardship_percent": 100,
    "relative_hardship_percent": 200,
    "serious_illness_percent": 300,
    "hardship_cost_percent": 80,
    "medical_selfpaid_fen": 1_000_000,
    "disaster_loss_fen": 2_000_000,
    "exclusions": [
        "dues_unpaid", "illegal_acts", "employs_others", "bought_car_or_house", "stock_investment",
        "private_school", "false_statement", "healed_before_last_year",
    ],
    "signatory_handler": "",
    "signatory_reviewer": "",
    "signatory_head": "",
    "pdf_font_path": "",  # a TrueType CJK font for PDFs; empty: found automatically
    "pdf_extra_fonts": "",  # fonts for rare characters (CJK Ext A–I), paths separated by ；— documents.glyphs
    "backup_generations": 10,  # automatic daily backups kept (manual ones are never deleted)
    # Papers an auditor signs (issue 14).
    "signature_names": "blank",  # or "beneath": signatories' names printed small under the signing line
    "voucher_series": "per_campaign",  # numbers gapless within one campaign (what an auditor checks); or "per_year"
    "route_sheet_phones": "masked",  # or "full": the group leader's copy shows whole phone numbers
    "payer_account_name": "",  # 付款单位户名 on the bank list
    "payer_account_no": "",  # 付款账号
    "payer_bank": "",  # 开户行
    "notice_supervision_phone": "",  # 监督电话 on the notice (optional)
}

LABELS: dict[str, str] = {
    "notice_working_days": "公示期（工作日）",
    "idle_lock_minutes": "无操作自动锁定（分钟）",
    "lookback_months": "已帮扶回看期（月）",
    "spot_check_percent": "抽查比例（%）",
    "visits_per_group_day": "每组每天走访户数",
    "voucher_parts": "凭证联次",
    "deep_hardship_percent": "深度困难线（低保线的%）",
    "relative_hardship_percent": "相对困难线（低保线的%）",
    "serious_illness_percent": "大病/灾害放宽线（低保线的%）",
    "hardship_cost_percent": "意外致困：支出占年收入（%）",
    "medical_selfpaid_fen": "医疗自付门槛（元）",
    "disaster_loss_fen": "灾害损失门槛（元）",
    "exclusions": "排除情形",
    "signatory_handler": "经办人（凭证签名）",
    "signatory_reviewer": "审核人（凭证签名）",
    "signatory_head": "负责人（工会主席）",
    "pdf_font_path": "PDF 中文字体文件（留空自动查找）",
    "pdf_extra_fonts": "PDF 补充字体（生僻字用，多个文件用；分隔）",
    "backup_generations": "自动备份保留份数",
    "signature_names": "签字栏下方印姓名",
    "voucher_series": "凭证编号序列",
    "route_sheet_phones": "走访安排表电话",
    "payer_account_name": "付款单位户名（银行代发）",
    "payer_account_no": "付款账号（银行代发）",
    "payer_bank": "付款开户行（银行代发）",
    "notice_supervision_phone": "公示监督电话",
}

# Default payment standards: (item kind, category or tier, yuan).
DEFAULT_STANDARDS: tuple[tuple[str, str, int], ...] = (
    ("送温暖慰问", "深度困难", 1000),
    ("送温暖慰问", "相对困难", 500),
    ("送温暖慰问", "意外致困", 800),
    ("送温暖慰问", "劳模-全国", 2000),
    ("送温暖慰问", "劳模-省部级", 1000),
    ("送温暖慰问", "劳模-地市级", 600),
    ("生活救助", "一般", 600),
    ("医疗救助", "一般", 1000),
    ("金秋助学", "高中", 3000),
    ("金秋助学", "大学", 5000),
    ("临时救助", "一般", 300),
)

# Settings held in fen but shown and typed in yuan.
MONEY_KEYS = frozenset({"medical_selfpaid_fen", "disaster_loss_fen"})

VOUCHER_PARTS = {"stub_and_payee": "存根联＋领款人联", "three_parts": "三联（存根、领款人、记账）"}

# Settings whose value is one of a few words: key -> {stored value: what the clerk reads}.
CHOICES: dict[str, dict[str, str]] = {
    "voucher_parts": VOUCHER_PARTS,
    "signature_names": {"blank": "空白，由本人手签", "beneath": "手签线下方小字印姓名"},
    "voucher_series": {"per_year": "按年度连续编号", "per_campaign": "按活动连续编号"},
    "route_sheet_phones": {"masked": "隐去中间四位", "full": "组长联显示完整号码"},
}

EXCLUSION_LABELS = {
    "dues_unpaid": "未按规定缴纳会费",
    "illegal_acts": "因违法行为（赌博、吸毒、斗殴、酗酒等）致困",
    "employs_others": "经营并雇用他人",
    "bought_car_or_house": "当年购车、购商品房或高档装修",
    "stock_investment": "从事股票等投资",
    "private_school": "子女就读高收费私立学校或自费出国留学",
    "false_statement": "虚报、隐瞒家庭情况",
    "healed_before_last_year": "伤病已于上年以前治愈",
}
