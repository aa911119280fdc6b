"""The permissions table (issue 17 item 3): every action worded and given roles; refusals in one wording."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

import songnuan_desktop

from songnuan_desktop.domain.errors import PermissionDenied
from songnuan_desktop.domain.permissions import RULES, Action, require_level
from songnuan_desktop.domain.roles import Role
from songnuan_desktop.services.office.session_user import SessionUser


def _user(*roles: Role) -> SessionUser:
    return SessionUser(uuid.uuid4(), "u", "张三", uuid.uuid4(), frozenset(roles))


def test_every_action_has_a_label_roles_and_a_level() -> None:
    assert set(RULES) == set(Action)
    labels = [rule.label for rule in RULES.values()]
    assert len(set(labels)) == len(labels), "two actions worded alike"
    for action, rule in RULES.items():
        assert rule.label.strip() and not rule.label.isascii(), action
        assert rule.roles and len(set(rule.roles)) == len(rule.roles), action
        assert rule.level in ("any", "township", "county"), action


def test_may_and_require_read_the_table() -> None:
    clerk, finance, reviewer = _user(Role.CLERK), _user(Role.FINANCE), _user(Role.REVIEWER)
    assert clerk.may(Action.PRINT_VOUCHERS) and finance.may(Action.PRINT_VOUCHERS)
    assert not reviewer.may(Action.PRINT_VOUCHERS)
    clerk.require(Action.PRINT_VOUCHERS)
    with pytest.raises(PermissionDenied) as refused:
        reviewer.require(Action.PRINT_VOUCHERS)
    assert refused.value.code == "role_required"
    assert refused.value.message == "“打印发放凭证”需要经办人或财务角色，当前用户“张三”没有该角色。"
    assert refused.value.fields["role"] == "clerk"
    with pytest.raises(PermissionDenied, match="^“发起公示”需要审核人角色，当前用户“张三”没有该角色。$"):
        clerk.require(Action.START_NOTICE)
    with pytest.raises(PermissionDenied, match="^“新增工会”需要经办人或管理员角色"):
        reviewer.require(Action.EDIT_ORGANISATION, "新增工会")


def test_a_role_from_a_table_of_states_words_the_same() -> None:
    with pytest.raises(PermissionDenied, match="^“提交审核”需要经办人角色，当前用户“张三”没有该角色。$"):
        _user(Role.REVIEWER).require(Role.CLERK, "提交审核")


class _Office:
    def __init__(self, name: str, level: str) -> None:
        self.name, self.level = name, level


def test_the_office_level_is_checked_before_the_role() -> None:
    township, county = _Office("城关镇工会", "township"), _Office("某县总工会", "county")
    admin = _user(Role.ADMIN)
    with pytest.raises(PermissionDenied) as refused:
        admin.require(Action.MERGE_PACKAGES, office=township)
    assert refused.value.code == "not_county"
    assert refused.value.message == "“城关镇工会”是乡镇（街道）工会，只有县总工会的数据库能办理“汇总报送包”。"
    admin.require(Action.MERGE_PACKAGES, office=county)
    with pytest.raises(PermissionDenied) as refused:
        _user(Role.CLERK).require(Action.MERGE_PACKAGES, office=county)
    assert refused.value.code == "role_required"
    with pytest.raises(PermissionDenied) as refused:
        _user(Role.CLERK).require(Action.IMPORT_DECISIONS, office=county)
    assert refused.value.code == "not_township"
    require_level(Action.PRINT_VOUCHERS, "某县总工会", "county")  # an action of any office


ROLE_TUPLE = re.compile(r"^[ \t]*\w+[ \t]*(?::[^=\n]*)?=[ \t]*(?:\(|\[|frozenset\(\{?|set\(\{?)[ \t]*Role\.", re.M)
SOURCES = Path(songnuan_desktop.__file__).parent
OWNERS = {Path("domain/permissions.py"), Path("domain/roles.py")}  # the table, and who sees full numbers


def test_no_module_keeps_its_own_tuple_of_roles() -> None:
    """Services refuse and screens enable buttons by `Action`: a copy of a rule's roles drifts from it."""
    copies = [f"{path.relative_to(SOURCES)}: {m.group(0).strip()}" for path in sorted(SOURCES.rglob("*.py"))
              if path.relative_to(SOURCES) not in OWNERS
              for m in ROLE_TUPLE.finditer(path.read_text(encoding="utf-8"))]
    assert copies == []


def test_moves_of_the_state_machine_read_its_table() -> None:
    """Buttons of a move (submit, void, review …) show for the roles domain.states.TRANSITIONS gives it."""
    from songnuan_desktop.domain.states import ROUTED_MOVES, ItemState
    from songnuan_desktop.services.campaigns.transitions import ROUTED

    assert set(ROUTED) == ROUTED_MOVES
    assert _user(Role.CLERK).may_move(ItemState.SUBMITTED)
    assert not _user(Role.REVIEWER).may_move(ItemState.SUBMITTED)  # only by 异议处理 (services.campaigns.notices)
    assert _user(Role.APPROVER).may_move(ItemState.VOIDED) and _user(Role.CLERK).may_move(ItemState.VOIDED)
    assert not _user(Role.FINANCE).may_move(ItemState.VOIDED)
    assert not _user(Role.REVIEWER).may_move(ItemState.IN_NOTICE)  # 发起公示, services.campaigns.notices
