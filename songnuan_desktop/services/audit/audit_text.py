"""Audit entries in Chinese words: field labels, values as people write them, never JSON.

`describe_change(entry)` says what one entry did ("修改档案：手机 由“138****1234”改为…"); the file
history and the settings screen's audit tab both use it. ID numbers, bank cards and phones are
masked unless the caller says the reader may see them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from songnuan_desktop.domain.codes import ENTITY_LABELS
from songnuan_desktop.domain.ids import mask_card, mask_id, mask_phone
from songnuan_desktop.domain.local_time import local_text
from songnuan_desktop.domain.money import format_fen
from songnuan_desktop.domain.roles import ROLE_LABELS, Role
from songnuan_desktop.domain.settings import EXCLUSION_LABELS
from songnuan_desktop.domain.settings import LABELS as SETTING_LABELS
from songnuan_desktop.domain.settings import CHOICES, MONEY_KEYS
from songnuan_desktop.domain.states import STATE_LABELS, ItemState
from songnuan_desktop.persistence.audit import FILE_CHILD_TABLES
from songnuan_desktop.services.audit.audit_log import AuditRow

FIELD_LABELS: dict[str, str] = {
    "name": "姓名", "sex": "性别", "ethnicity": "民族", "id_number": "身份证号", "birth_date": "出生日期",
    "phone": "手机", "address": "家庭住址", "region_code": "行政区划代码", "hukou_type": "户口类型",
    "political_status": "政治面貌", "marital_status": "婚姻状况", "health": "健康状况", "disability": "残疾类别",
    "housing": "住房类型", "medical_insurance": "医保状况", "work_unit_id": "工作单位", "union_id": "基层工会",
    "employment_status": "工作状态", "worker_type": "职工类型", "model_worker_level": "劳模类型",
    "dues_paid": "会费已缴", "single_parent": "单亲", "zero_employment": "零就业家庭",
    "self_help_capable": "有自救能力", "category": "困难类别", "situation": "困难情况",
    "monthly_income_fen": "月收入", "bank_name": "开户银行", "bank_branch": "支行", "bank_card": "银行卡号",
    "status": "状态", "filed_date": "建档日期", "reviewed_date": "复核日期", "exit_date": "退出日期",
    "exit_reason": "退出原因", "exit_note": "退出说明", "deleted": "已删除", "file_no": "档案编号",
    "hardship_event_date": "致困事件日期", "medical_selfpaid_fen": "医疗自付费用", "disaster_loss_fen": "灾害损失",
    "relation": "与户主关系", "identity": "人员身份", "unit_or_school": "单位或学校", "note": "备注",
    "direction": "收支", "kind": "类别", "annual_fen": "年金额", "cause": "致困原因", "text": "说明",
    "original_name": "文件名", "size_bytes": "大小",
    "username": "登录名", "display_name": "姓名", "active": "启用", "role": "角色", "value_json": "值",
    "effective_from": "生效日期", "region_name": "地区", "area": "城乡", "monthly_fen": "每月金额",
    "amount_fen": "金额", "reason": "原因", "state": "状态", "code": "代码", "year": "年度",
    "start_date": "开始日期", "end_date": "结束日期", "total_budget_fen": "总预算",
    "min_persons": "家庭人口自", "max_persons": "家庭人口至",
    "last_login_at": "最近登录时间", "must_change_password": "须先设置自己的密码",
    # what the log records about an event (an import, an export, a print)
    "source": "文件", "sheet": "工作表", "header_row": "表头行", "imported": "新建", "updated": "更新",
    "unchanged": "未变", "existing_not_updated": "已有档案未更新", "rejected": "退回",
    "update_existing": "更新已有档案", "files": "户数", "path": "保存位置", "pages": "页数",
    "per": "指标口径", "households": "指标户数",  # 走访指标 (services.visits.visit_quotas)
    "full_numbers": "完整号码", "purpose": "用途", "filter": "筛选条件",
    # 慰问品 (services.campaigns.goods): kinds, an item's goods, the stock received
    "unit_value_fen": "单价", "kind_id": "慰问品", "quantity": "数量", "received_on": "入库日期",
    "received_from": "来源", "handled_by": "经手人", "recorded_by": "登记人", "goods": "慰问品",
    "campaign": "活动", "period": "公示期", "rows": "人数", "total_fen": "合计金额",
    "withdrawn_left_out": "已撤出未列入", "calendar": "节假日依据",
    "merged": "原名称", "merged_into": "并入", "units": "单位数",  # services.office.organisation.merge
    # a notice or roster printed (services.campaigns.notice_print, services.payouts.roster)
    "paper": "文种", "copy": "份别", "withdrawn_since": "此后撤出", "removed": "移出人数",
    "posted_rows": "原公示人数", "snapshot": "有张贴原件存档", "snapshot_sha256": "原件校验值", "split_by": "分册方式",
    "format": "文件格式", "as_of": "数据截至", "seconds": "用时（秒）",
}
PAPER_WORDS = {"posted": "公示", "result": "公示结果"}
COPY_WORDS = {"original": "张贴原件", "reprint": "重印件", "remade": "据现有数据重制（非原件）",
              "public": "公开张贴联", "internal": "内部存档联"}
_ORDER = {column: i for i, column in enumerate(FIELD_LABELS)}  # the log's JSON is sorted by name
# Where a column means something else in another table.
TABLE_FIELD_LABELS: dict[str, dict[str, str]] = {
    "setting_versions": {"key": "参数"}, "file_exclusions": {"key": "排除情形"},
    "org_units": {"name": "名称", "kind": "类型"}, "campaigns": {"name": "名称", "status": "状态"},
    "campaign_standard_bands": {"item_kind": "帮扶项目", "tier": "档次"},
    "visit_groups": {"name": "名称"}, "offices": {"name": "名称"}, "goods_kinds": {"name": "名称", "unit": "计量单位"},
    # a package or a decision file: its rows are database rows of every table, not people
    "exchange_log": {"rows": "数据行数", "attachments": "附件数", "sequence": "包序号"},
}
# What moving a list item into a state is called in the office (审批 screen's words).
STATE_VERBS = {
    ItemState.SUBMITTED: "提交审核", ItemState.REVIEWED: "审核通过", ItemState.RETURNED: "退回",
    ItemState.IN_NOTICE: "开始公示", ItemState.OBJECTION: "登记异议", ItemState.APPROVED: "审批通过",
    ItemState.REJECTED: "不予批准", ItemState.PAID: "确认已发放", ItemState.SAMPLED: "抽查",
    ItemState.VOIDED: "作废", ItemState.DRAFT: "退回草稿",
}
ORG_KINDS = {"unit": "工作单位", "union": "基层工会", "village": "村（社区）"}
# Columns that say nothing to a reader: keys, timestamps, search keys, storage details.
NOISE = frozenset({
    "id", "origin_office_id", "office_id", "created_at", "updated_at", "row_version", "name_pinyin",
    "name_initials", "worker_file_id", "stored_path", "sha256", "position", "password_hash", "failed_logins",
    "locked_until", "user_id", "campaign_id", "item_id", "parent_id",
})
ACTION_LABELS = {
    "create": "新建", "update": "修改", "delete": "删除", "login": "登录", "login_failed": "登录失败",
    "unlock_failed": "解锁失败", "logout": "注销", "switch_user": "切换用户",
    "demo_generate": "生成演示数据", "export_register": "导出登记表",
    "show_full_numbers": "查看完整号码", "import_register": "导入花名册", "list_full_numbers": "列表显示完整号码",
    "print_file_sheet": "打印档案表", "print_notice": "打印公示",
    "propose": "拟定帮扶名单", "raise_budget": "提高预算", "change_item": "修改名单项金额或类别",
    "print_spot_check": "打印抽查登记表", "export_roster": "导出发放签收表", "export_bank_list": "导出银行代发清单",
    "print_vouchers": "打印发放凭证", "print_voided_vouchers": "打印作废凭证",
    "backup_encrypted": "加密备份（含附件）", "create_signing_key": "生成签名密钥", "merge": "合并",
    "replace_signing_key": "更换签名密钥", "register_key": "登记对方单位签名密钥", "print_key_sheet": "打印密钥登记表",
    "backup": "备份数据库", "restore": "恢复数据库", "restore_skip_ahead": "恢复后跳过已用编号",
    "export_package": "导出报送包", "merge_package": "汇总乡镇报送包", "export_decisions": "导出下发包",
    "import_decisions": "导入下发包", "export_county_report": "导出县级汇总报表", "plan_visits": "排定走访计划",
    "print_route_sheet": "打印走访安排表", "export_visits_ics": "导出走访日程（日历文件）",
    "export_visits_xlsx": "导出走访安排（Excel）",
    "publication_rolled_forward": "补完中断时已登记的文件", "publication_missing": "中断时未写成的文件",
    "print_campaign_summary": "打印活动总结",
}
CHILD_VERBS = {"create": "添加", "delete": "删除", "update": "修改"}
CHILD_ENTITIES = FILE_CHILD_TABLES  # a worker file's own parts
DIRECTIONS = {"income": "收入", "expense": "刚性支出"}
AREAS = {"urban": "城市", "rural": "农村"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _data(text: str) -> dict[str, Any]:
    if not text:
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def value_text(column: str, value: Any, names: Mapping[str, str] | None = None, full: bool = False,
               entity: str = "") -> str:
    """One value as a person writes it: 是/否, yuan, masked numbers, unit names, dates."""
    if value is None or value == "":
        return "（空）"
    if entity == "setting_versions" and column == "key":
        return SETTING_LABELS.get(str(value), "其他参数")
    if entity == "org_units" and column == "kind":
        return ORG_KINDS.get(str(value), str(value))
    if isinstance(value, dict):
        return "、".join(f"{_label(k) or k} {value_text(k, v, names, full)}" for k, v in value.items()) or "（无）"
    if column == "role":
        return ROLE_LABELS.get(Role(value), "其他角色") if value in set(Role) else "其他角色"
    if isinstance(value, bool):
        return "是" if value else "否"
    if column.endswith("_fen") and isinstance(value, int):
        return f"{format_fen(value)} 元"
    if column == "id_number":
        return str(value) if full else mask_id(str(value))
    if column == "bank_card":
        return str(value) if full else mask_card(str(value))
    if column == "phone":
        return str(value) if full else mask_phone(str(value))
    if column == "direction":
        return DIRECTIONS.get(str(value), str(value))
    if column in ("state", "from_state", "to_state") and value in set(ItemState):
        return STATE_LABELS[ItemState(value)]
    if column == "area":
        return AREAS.get(str(value), str(value))
    if column == "paper":
        return PAPER_WORDS.get(str(value), str(value))
    if column == "copy":
        return COPY_WORDS.get(str(value), str(value))
    if column == "key" and entity in ("", "file_exclusions"):
        return EXCLUSION_LABELS.get(str(value), str(value))
    if column == "size_bytes" and isinstance(value, int):
        return f"{value / 1024:.0f} KB" if value < 2**20 else f"{value / 2**20:.1f} MB"
    if column.endswith("_id"):
        return (names or {}).get(str(value), "（其他记录）")
    if isinstance(value, str) and _DATE.match(value) and "T" in value:
        return _local_time(value)
    return str(value)


def _local_time(text: str) -> str:
    """A stored moment (naive UTC, by the project's convention) in the computer's own time."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text[:16].replace("T", " ")
    return local_text(moment)


def _setting_value(key: str, text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, list):
        return "、".join(EXCLUSION_LABELS.get(str(v), str(v)) for v in value) or "（无）"
    if key in MONEY_KEYS and isinstance(value, int):
        return f"{format_fen(value)} 元"
    if key in CHOICES:
        return CHOICES[key].get(str(value), "其他")
    return value_text("value", value)


def _prepared(entity: str, data: dict[str, Any], key: str) -> dict[str, Any]:
    """A setting's value is JSON inside the row: shown as the value it holds."""
    if entity == "setting_versions" and "value_json" in data:
        data = dict(data)
        data["value_json"] = _setting_value(key, str(data["value_json"]))
    return data


def _label(column: str, entity: str = "") -> str | None:
    if column in NOISE:
        return None
    return TABLE_FIELD_LABELS.get(entity, {}).get(column) or FIELD_LABELS.get(column)


def _changes(before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[str, str] | None,
             full: bool, entity: str = "") -> list[str]:
    parts = []
    for column in sorted(after, key=lambda c: _ORDER.get(c, len(_ORDER))):
        label = _label(column, entity)
        if label is None or before.get(column) == after.get(column):
            continue
        old = value_text(column, before.get(column), names, full, entity)
        new = value_text(column, after[column], names, full, entity)
        parts.append(f"{label} 由“{old}”改为“{new}”")
    return parts


def _summary(entity: str, data: Mapping[str, Any], names: Mapping[str, str] | None, full: bool) -> str:
    """The few words that name a row: a member by name and relation, an income by kind and amount."""
    if entity == "household_members":
        extra = [str(data.get("relation", ""))]
        if data.get("id_number"):
            extra.append(f"身份证号 {value_text('id_number', data['id_number'], names, full)}")
        if data.get("monthly_income_fen"):
            extra.append(f"月收入 {value_text('monthly_income_fen', data['monthly_income_fen'])}")
        return f"{data.get('name', '')}（{'，'.join(e for e in extra if e)}）"
    if entity == "hardship_causes":
        rank = "主要" if data.get("position") == 0 else "次要"
        return f"“{data.get('cause', '')}”（{rank}）" if "position" in data else f"“{data.get('cause', '')}”"
    if entity == "income_items":
        direction = DIRECTIONS.get(str(data.get("direction", "")), "")
        return f"{direction} {data.get('kind', '')} 每年 {value_text('annual_fen', data.get('annual_fen', 0))}"
    if entity == "attachments":
        return f"{data.get('kind', '')}“{data.get('original_name', '')}”"
    if entity == "file_exclusions":
        return value_text("key", data.get("key", ""))
    return _fields(data, names, full, entity)


def _owner(data: Mapping[str, Any], names: Mapping[str, str] | None, entity: str) -> str:
    """The list item, household or campaign a row belongs to (an objection, a voucher, a visited household,
    a notice, a budget), by name. A file's own parts need none: they are told in that file's 历史."""
    keys = ("item_id", "campaign_id") if entity in CHILD_ENTITIES else ("item_id", "worker_file_id", "campaign_id")
    for key in keys:
        named = (names or {}).get(str(data.get(key) or ""))
        if named:
            return named
    return ""


def _fields(data: Mapping[str, Any], names: Mapping[str, str] | None, full: bool, entity: str = "") -> str:
    shown = [f"{label} {value_text(c, v, names, full, entity)}"
             for c, v in sorted(data.items(), key=lambda cv: _ORDER.get(cv[0], len(_ORDER)))
             if (label := _label(c, entity)) is not None and v not in (None, "")
             and not (c == "deleted" and v is False)]  # "已删除 否" on a new row says nothing
    return "，".join(shown[:8])


def is_noise(entry: AuditRow) -> bool:
    """An update that changed only columns nobody reads (timestamps, search keys)."""
    return entry.action == "update" and not any(_label(c, entry.entity) for c in _data(entry.after_json))


def describe_change(entry: AuditRow, names: Mapping[str, str] | None = None, full: bool = False) -> str:
    """What one audit entry did, in Chinese: field labels and readable values, never raw JSON."""
    before, after = _data(entry.before_json), _data(entry.after_json)
    key = str(after.get("key") or before.get("key") or "")
    before, after = _prepared(entry.entity, before, key), _prepared(entry.entity, after, key)
    table = ENTITY_LABELS.get(entry.entity, "其他记录")
    if entry.entity == "worker_files":
        return _file_change(entry, before, after, names, full)
    if entry.entity in ("assistance_items", "item_transitions") and entry.action in CHILD_VERBS:
        return _item_change(entry, before, after, names)
    if entry.action in CHILD_VERBS:
        verb = (CHILD_VERBS if entry.entity in CHILD_ENTITIES else ACTION_LABELS)[entry.action]
        if entry.action == "update":
            if entry.entity == "attachments" and after.get("deleted") is True:
                named = (names or {}).get(entry.entity_id)
                return "删除附件" + (f"：{named}" if named else "")
            return f"修改{table}：" + "，".join(_changes(before, after, names, full, entry.entity))
        data = after if entry.action == "create" else before
        owner = _owner(data, names, entry.entity)
        summary = "，".join(p for p in (owner, _summary(entry.entity, data, names, full)) if p)
        return f"{verb}{table}" + (f"：{summary}" if summary else "")
    action = ACTION_LABELS.get(entry.action, "其他操作")
    details = _fields(after, names, full, entry.entity) if entry.action != "show_full_numbers" else ""
    return f"{action}（{table}）" + (f"：{details}" if details else "")


def _item_change(entry: AuditRow, before: Mapping[str, Any], after: Mapping[str, Any],
                 names: Mapping[str, str] | None) -> str:
    """A list item by its household, file number and campaign: "审核通过：张三（JZ-2024-0012）2026 春节送温暖"."""
    names = names or {}
    if entry.entity == "item_transitions":
        who = names.get(str(after.get("item_id", "")), "（其他名单项）")
        moved = f"{value_text('state', after.get('from_state'))} → {value_text('state', after.get('to_state'))}"
        comment = f"，理由：{after['comment']}" if after.get("comment") else ""
        return f"名单项状态变更：{who}，{moved}{comment}"
    who = names.get(entry.entity_id, "（其他名单项）")
    if entry.action == "create":
        details = _fields({k: v for k, v in after.items() if k in ("category", "amount_fen")}, names, False)
        return f"拟定帮扶名单项：{who}" + (f"，{details}" if details else "")
    if entry.action == "delete":
        return f"删除帮扶名单项：{who}"
    state = after.get("state")
    rest = _changes(before, {k: v for k, v in after.items() if k != "state"}, names, False, entry.entity)
    head = f"{STATE_VERBS[ItemState(state)]}：{who}" if state in set(ItemState) else f"修改帮扶名单项：{who}"
    return head + (f"；{'，'.join(rest)}" if rest else "")


def describe_replacement(old: AuditRow, new: AuditRow, names: Mapping[str, str] | None = None) -> str:
    """An attachment replaced by another in one transaction (services.files.attachments.replace)."""
    after = _data(new.after_json)
    before = (names or {}).get(old.entity_id, "")
    return f"替换附件：{before or '原附件'} 换为 {after.get('kind', '')}“{after.get('original_name', '')}”"


def is_replacement(first: AuditRow, second: AuditRow) -> bool:
    """The removal of one attachment logged right before the addition of another (the same save)."""
    return (first.entity == second.entity == "attachments" and first.action == "update"
            and _data(first.after_json).get("deleted") is True and second.action == "create"
            and second.seq == first.seq + 1)


def _file_change(entry: AuditRow, before: Mapping[str, Any], after: Mapping[str, Any],
                 names: Mapping[str, str] | None, full: bool) -> str:
    if entry.action == "create":
        return f"新建档案 {after.get('file_no', '')}（户主 {after.get('name', '')}，{after.get('category', '')}）"
    if entry.action == "show_full_numbers":
        return "查看了完整的身份证号、银行卡号和手机号"
    if entry.action == "delete":
        return "删除档案"
    if entry.action != "update":
        details = _fields(after, names, full, entry.entity)
        return ACTION_LABELS.get(entry.action, "其他操作") + "（困难职工档案）" + (f"：{details}" if details else "")
    readable = [c for c in after if _label(c)]
    if readable == ["reviewed_date"]:
        return f"年度复核（复核日期 {value_text('reviewed_date', after['reviewed_date'])}）"
    if "exit_date" in after and after.get("status"):
        why = [f"退出原因 {after.get('exit_reason', '')}", f"退出日期 {after.get('exit_date', '')}"]
        if after.get("exit_note"):
            why.append(f"说明 {after['exit_note']}")
        return f"档案{after['status']}：" + "，".join(why)
    return "修改档案：" + "，".join(_changes(before, after, names, full))


def pair_key(entry: AuditRow) -> tuple[str, str] | None:
    """Rows a save deletes and writes again (members, causes, incomes) match on this key."""
    data = _data(entry.after_json or entry.before_json)
    if entry.entity == "household_members":
        return entry.entity, str(data.get("name", ""))
    if entry.entity == "hardship_causes":
        return entry.entity, str(data.get("cause", ""))
    if entry.entity == "income_items":
        return entry.entity, f"{data.get('direction', '')}/{data.get('kind', '')}"
    return None


def describe_pair(old: AuditRow, new: AuditRow, names: Mapping[str, str] | None = None, full: bool = False) -> str:
    """A row deleted and written again by one save, told as what changed ('' when nothing did)."""
    before, after = _data(old.before_json), _data(new.after_json)
    table = ENTITY_LABELS.get(new.entity, "其他记录")
    if new.entity == "hardship_causes" and before.get("position") != after.get("position"):
        rank = {True: "主要", False: "次要"}
        return (f"致困原因“{after.get('cause', '')}”由{rank[before.get('position') == 0]}"
                f"改为{rank[after.get('position') == 0]}") if (before.get("position") == 0) != (
                    after.get("position") == 0) else ""
    changes = _changes(before, after, names, full)
    if not changes:
        return ""
    name = after.get("name") or after.get("kind") or after.get("cause") or ""
    return f"修改{table} {name}：" + "，".join(changes)
