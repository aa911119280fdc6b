"""What `songnuan audit-verify` checks beyond the chain itself: the chain against a tip kept outside the
file (`--against` a package or the 审计号 in a paper's footer) and the money fields of the data rows
against their history (services.audit.audit_replay), at a township its own rows, at a county each township's."""

from __future__ import annotations

import uuid
from pathlib import Path

from songnuan_desktop.domain.audit_chain import parse_tip
from songnuan_desktop.domain.errors import ValidationFailed
from songnuan_desktop.persistence.database import Database
from songnuan_desktop.services.audit.audit_anchor import AnchorReport, check_extends, check_package, check_tip
from songnuan_desktop.services.audit.audit_replay import ReplayReport, replay_check
from songnuan_desktop.services.county.county_merge import township_offices

SHOWN = 20  # findings listed one by one; the rest counted


def against(db: Database, value: str, passphrase: str | None) -> AnchorReport:
    """The chain against a package file or a tip typed from a paper."""
    path = Path(value)
    if path.is_file():
        if passphrase is None:
            raise ValidationFailed("passphrase_file",
                                   "核对报送包需要口令：请用 --passphrase-file 给出口令文件（第一行是口令）。")
        return check_package(db, path, passphrase)
    tip = parse_tip(value)
    if tip is None:
        raise ValidationFailed("against", "--against 应是一个报送包文件，或纸面页脚上的审计号"
                               "（如“审计 #48213·3f2a91c0d4e7”，# 后是条数，点后至少 8 位）。请检查后再试。")
    return check_tip(db, tip[0], tip[1])


def _replay_lines(report: ReplayReport, indent: str = "") -> list[str]:
    lines = [indent + report.message]
    lines += [f"{indent}  {finding.text}" for finding in report.findings[:SHOWN]]
    if len(report.findings) > SHOWN:
        lines.append(f"{indent}  ……另有 {len(report.findings) - SHOWN} 行")
    return lines


def more_checks(db: Database, against_value: str | None, passphrase: str | None) -> tuple[bool, list[str]]:
    """(all held, the lines to print): the anchor when one is given, then the rows against their history."""
    lines: list[str] = []
    ok = True
    if against_value:
        anchor = against(db, against_value, passphrase)
        ok = anchor.ok
        lines.append(anchor.message)
    own = replay_check(db)
    ok = ok and own.ok
    if own.checked or own.findings:
        lines += _replay_lines(own)
    for office in township_offices(db):
        with db.read() as session:  # at a county: its copy of the log still holds every tip it kept
            rewritten = check_extends(session.connection(), office.id, office.name)
        if rewritten:
            ok = False
            lines.append(f"  {office.name}：{rewritten}")
        report = replay_check(db, office.id)
        ok = ok and report.ok
        lines += [f"  {office.name}：" + line.lstrip() if n == 0 else line
                  for n, line in enumerate(_replay_lines(report, "  "))]
    return ok, lines


def after_merge(db: Database, merged: list[tuple[uuid.UUID, str]]) -> list[str]:
    """After a merge: each township taken in, its rows against its log as merged (services.audit.audit_replay)."""
    lines: list[str] = []
    for office_id, name in merged:
        report = replay_check(db, office_id)
        if not report.ok:
            lines += [f"  {name}：" + line.lstrip() if n == 0 else line
                      for n, line in enumerate(_replay_lines(report, "  "))]
    if merged and not lines:
        lines.append("各乡镇档案、名单项和凭证的关键字段与其审计日志相符。")
    return lines
