"""Who may do what: one table, Action → the roles that may do it, the office level it needs, its words.

Services refuse with `SessionUser.require(Action.X)` and the window enables its buttons with
`SessionUser.may(Action.X)` (ui/widgets/refusals.follow_role), both reading `RULES` — no service and no
screen keeps its own tuple of roles.
A user holding any one of an action's roles may do it. The refusal names the action and every role that
may do it: "“打印发放凭证”需要经办人或财务角色，当前用户“张三”没有该角色。" A control the window greys for
want of a role says the same in short (`why_not`, its tooltip): "需要经办人或财务角色，当前用户没有该角色。"

Moves of an assistance item between states need the role `domain.states.TRANSITIONS` names (the state
machine is its own table); editing an item's amount depends on its state (`assistance.EDITABLE`).
Who may see identity numbers in full is `domain.roles.ROLES_SEEING_FULL_IDS` (what is shown, not an action).
"""

from __future__ import annotations

from collections.abc import Iterable, Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.roles import ROLE_LABELS, Role

Level = Literal["any", "township", "county"]


class Action(StrEnum):
    # 档案
    NEW_FILE = "new_file"
    EDIT_FILE = "edit_file"
    REVIEW_FILE = "review_file"
    EXIT_FILE = "exit_file"
    IMPORT_WORKERS = "import_workers"
    EXPORT_WORKERS = "export_workers"
    ADD_ATTACHMENT = "add_attachment"
    DELETE_ATTACHMENT = "delete_attachment"
    REPLACE_ATTACHMENT = "replace_attachment"
    # 活动与名单
    NEW_CAMPAIGN = "new_campaign"
    EDIT_CAMPAIGN = "edit_campaign"
    RAISE_BUDGET = "raise_budget"
    SET_VISIT_QUOTA = "set_visit_quota"
    PROPOSE = "propose"
    RECOMMEND = "recommend"
    CHANGE_ITEM = "change_item"
    SET_GOODS = "set_goods"
    CHANGE_ITEM_GOODS = "change_item_goods"
    RECEIVE_GOODS = "receive_goods"
    # 公示
    START_NOTICE = "start_notice"
    RECORD_OBJECTION = "record_objection"
    RESOLVE_OBJECTION = "resolve_objection"
    # 发放
    PRINT_VOUCHERS = "print_vouchers"
    VOID_VOUCHER = "void_voucher"
    PRINT_VOID_VOUCHERS = "print_void_vouchers"
    MARK_PAID = "mark_paid"
    SPOT_CHECK = "spot_check"
    RECORD_SPOT_CHECK = "record_spot_check"
    # 走访
    MANAGE_GROUPS = "manage_groups"
    PLAN_VISITS = "plan_visits"
    ADD_VISIT = "add_visit"
    EDIT_VISIT = "edit_visit"
    MOVE_VISIT = "move_visit"
    DELETE_VISIT = "delete_visit"
    RECORD_VISIT = "record_visit"
    # 设置、用户、组织机构
    NEW_USER = "new_user"
    EDIT_USER = "edit_user"
    RESET_PASSWORD = "reset_password"
    EDIT_SETTINGS = "edit_settings"
    SET_POVERTY_LINE = "set_poverty_line"
    EDIT_ORGANISATION = "edit_organisation"
    # 备份与密钥
    BACK_UP = "back_up"
    ENCRYPT_BACKUP = "encrypt_backup"
    RESTORE_BACKUP = "restore_backup"
    PRINT_KEY_SHEET = "print_key_sheet"
    REGISTER_KEY = "register_key"
    # 报送与下发
    EXPORT_PACKAGE = "export_package"
    IMPORT_DECISIONS = "import_decisions"
    # 县总工会
    MERGE_PACKAGES = "merge_packages"
    FLAG_TOWNSHIP_DATA = "flag_township_data"
    WITHDRAW_FLAG = "withdraw_flag"
    CONFIRM_FINAL_LIST = "confirm_final_list"
    VIEW_COUNTY_FLAGS = "view_county_flags"
    EXPORT_DECISIONS = "export_decisions"
    CROSS_CHECK = "cross_check"
    COUNTY_SUMMARY = "county_summary"
    COUNTY_STATISTICS = "county_statistics"
    EXPORT_COUNTY_STATISTICS = "export_county_statistics"


@dataclass(frozen=True)
class Rule:
    label: str  # the action in the user's words, as refusals name it
    roles: tuple[Role, ...]  # any one of them is enough; the first is the one a refusal's fields carry
    level: Level = "any"  # the office whose database this is: township, county or either


C, R, A, F, ADM, CTY = Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.FINANCE, Role.ADMIN, Role.COUNTY
_COUNTY = (CTY, ADM)

RULES: dict[Action, Rule] = {
    Action.NEW_FILE: Rule("新建档案", (C,)),
    Action.EDIT_FILE: Rule("修改档案", (C,)),
    Action.REVIEW_FILE: Rule("年度复核", (C,)),
    Action.EXIT_FILE: Rule("档案退出", (C,)),
    Action.IMPORT_WORKERS: Rule("导入花名册", (C,)),
    Action.EXPORT_WORKERS: Rule("导出困难职工登记表", (C,)),
    Action.ADD_ATTACHMENT: Rule("添加附件", (C,)),
    Action.DELETE_ATTACHMENT: Rule("删除附件", (C,)),
    Action.REPLACE_ATTACHMENT: Rule("替换附件", (C,)),
    Action.NEW_CAMPAIGN: Rule("新建活动", (C, A, ADM)),
    Action.EDIT_CAMPAIGN: Rule("修改活动", (C, A, ADM)),
    Action.RAISE_BUDGET: Rule("提高活动预算", (A,)),  # services.campaigns.campaigns words the refusal
    Action.SET_VISIT_QUOTA: Rule("设置走访指标", (C, A, ADM)),  # as editing the campaign
    Action.PROPOSE: Rule("拟定帮扶名单", (C,)),
    Action.RECOMMEND: Rule("按规则推荐", (C,)),
    Action.CHANGE_ITEM: Rule("修改名单项金额或类别", (C, R)),  # then the role the item's state needs
    Action.SET_GOODS: Rule("设置慰问品", (C, A, ADM)),  # as editing the campaign
    Action.CHANGE_ITEM_GOODS: Rule("修改名单项的慰问品", (C, R)),  # then the role the item's state needs
    Action.RECEIVE_GOODS: Rule("登记慰问品入库", (C, F, ADM)),
    Action.START_NOTICE: Rule("发起公示", (R,)),
    Action.RECORD_OBJECTION: Rule("登记异议", (R,)),
    Action.RESOLVE_OBJECTION: Rule("异议处理", (R,)),
    Action.PRINT_VOUCHERS: Rule("打印发放凭证", (C, F)),
    Action.VOID_VOUCHER: Rule("作废凭证", (C, F)),
    Action.PRINT_VOID_VOUCHERS: Rule("打印作废凭证", (C, F)),
    Action.MARK_PAID: Rule("确认发放", (F,)),
    Action.SPOT_CHECK: Rule("抽查", (R,)),
    Action.RECORD_SPOT_CHECK: Rule("登记抽查结果", (R,)),
    Action.MANAGE_GROUPS: Rule("维护慰问组", (C, ADM)),
    Action.PLAN_VISITS: Rule("自动安排走访", (C,)),
    Action.ADD_VISIT: Rule("安排走访", (C,)),
    Action.EDIT_VISIT: Rule("修改走访", (C,)),
    Action.MOVE_VISIT: Rule("调整走访", (C,)),
    Action.DELETE_VISIT: Rule("删除走访", (C,)),
    Action.RECORD_VISIT: Rule("登记走访结果", (C,)),
    Action.NEW_USER: Rule("新建用户", (ADM,)),
    Action.EDIT_USER: Rule("修改用户", (ADM,)),
    Action.RESET_PASSWORD: Rule("重置密码", (ADM,)),
    Action.EDIT_SETTINGS: Rule("修改设置", (ADM,)),
    Action.SET_POVERTY_LINE: Rule("调整低保线", (ADM,)),
    Action.EDIT_ORGANISATION: Rule("修改组织机构", (C, ADM)),
    Action.BACK_UP: Rule("备份数据库", (ADM,)),
    Action.ENCRYPT_BACKUP: Rule("加密备份", (ADM,)),
    Action.RESTORE_BACKUP: Rule("恢复备份", (ADM,)),
    Action.PRINT_KEY_SHEET: Rule("打印密钥登记表", (ADM,)),
    Action.REGISTER_KEY: Rule("登记密钥", (ADM, CTY)),
    Action.EXPORT_PACKAGE: Rule("导出报送包", (C, ADM)),
    Action.IMPORT_DECISIONS: Rule("导入下发包", (C, ADM), "township"),
    Action.MERGE_PACKAGES: Rule("汇总报送包", _COUNTY, "county"),
    Action.FLAG_TOWNSHIP_DATA: Rule("标记乡镇的数据", _COUNTY, "county"),
    Action.WITHDRAW_FLAG: Rule("撤回标记", _COUNTY, "county"),
    Action.CONFIRM_FINAL_LIST: Rule("确认最终名单", _COUNTY, "county"),
    Action.VIEW_COUNTY_FLAGS: Rule("查看县总工会标记", _COUNTY, "county"),
    Action.EXPORT_DECISIONS: Rule("导出下发包", _COUNTY, "county"),
    Action.CROSS_CHECK: Rule("跨乡镇比对", _COUNTY, "county"),
    Action.COUNTY_SUMMARY: Rule("县级汇总", _COUNTY, "county"),
    Action.COUNTY_STATISTICS: Rule("县级统计", _COUNTY, "county"),
    Action.EXPORT_COUNTY_STATISTICS: Rule("导出县级统计", _COUNTY, "county"),
}


def may(roles: Iterable[Role], action: Action) -> bool:
    """Whether a user holding `roles` may do `action` (the office level aside: see `require_level`)."""
    held = set(roles)
    return any(r in held for r in RULES[action].roles)


def roles_needed(what: Action | AbstractSet[Role]) -> str:
    """The roles that may do an action, as a refusal names them: "经办人或财务", "经办人、审批人或管理员"; or
    any of a set of roles (in the order of `Role`), e.g. `roles.ROLES_SEEING_FULL_IDS` for the bank list."""
    roles = RULES[what].roles if isinstance(what, Action) else tuple(r for r in Role if r in what)
    labels = [ROLE_LABELS[r] for r in roles]
    return "或".join(["、".join(labels[:-1]), labels[-1]] if len(labels) > 2 else labels)


def why_not(what: Action | AbstractSet[Role]) -> str:
    """Why a control is grey for a user without the roles of its action (or of the set): the tooltip, the control
    naming the action: "需要经办人或财务角色，当前用户没有该角色。"."""
    return f"需要{roles_needed(what)}角色，当前用户没有该角色。"


def refusal(action: Action, user_name: str, label: str | None = None) -> PermissionDenied:
    """The refusal for a user without any of the action's roles; `label` words a particular case of it."""
    rule = RULES[action]
    return PermissionDenied("role_required",
                            f"“{label or rule.label}”需要{roles_needed(action)}角色，当前用户“{user_name}”没有该角色。",
                            {"role": rule.roles[0].value, "action": action.value})


def require_level(action: Action, office_name: str, office_level: str) -> None:
    """Refuse an action the office of this database may not do (a county action in a township's database)."""
    level = RULES[action].level
    label = RULES[action].label
    if level == "county" and office_level != "county":
        raise PermissionDenied("not_county",
                               f"“{office_name}”是乡镇（街道）工会，只有县总工会的数据库能办理“{label}”。",
                               {"action": action.value})
    if level == "township" and office_level != "township":
        raise PermissionDenied("not_township", f"“{office_name}”是县总工会，“{label}”由乡镇（街道）工会办理。",
                               {"action": action.value})
