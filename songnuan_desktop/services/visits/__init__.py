"""Visit groups (慰问组) and visits (走访慰问): the calendar's data, its writes, conflicts and reminders, automatic
planning, quotas and the route sheet. This package's __init__ is its API (the screens import `services.visits`); its
modules import `visit_calendar`, never the package.

Modules:

- `visit_calendar` — Visit groups (慰问组) and visits (走访慰问): the calendar's data.
- `visit_changes` — Writing visits: create, change, move (drag and drop), delete, and record the outcome.
- `visit_checks` — Conflicts and reminders of the visit calendar, each in words naming group, household and date.
- `visit_planning` — Automatic planning of a campaign's visits (re-exported by `services.visits`).
- `visit_quotas` — 走访指标: how many households each visit group (慰问组) or each leader (带队领导) of a campaign
  must visit, and the progress against it (issue 16 item 5; the seeds: "每个联系点走访不少于4户").
- `visit_exports` — The visit schedule on paper and in other programs (re-exported by `services.visits`):
"""

from __future__ import annotations

from songnuan_desktop.services.visits.visit_calendar import (
    CLEARS,
    DONE,
    OUTCOMES,
    PLANNED,
    PURPOSES,
    Conflict,
    GroupInput,
    GroupView,
    VisitHouseholdView,
    VisitInput,
    VisitView,
    get_visit,
    group_order,
    groups,
    save_group,
    search_households,
    visits_between,
)
from songnuan_desktop.services.visits.visit_changes import (
    create_visit,
    delete_visit,
    move_visit,
    record_outcome,
    update_visit,
)
from songnuan_desktop.services.visits.visit_checks import conflicts_between
from songnuan_desktop.services.visits.visit_exports import export_ics, export_route_sheet, export_xlsx
from songnuan_desktop.services.visits.visit_planning import PlanResult, Unplaced, plan


__all__ = [
    "CLEARS", "DONE", "OUTCOMES", "PLANNED", "PURPOSES", "Conflict", "GroupInput", "GroupView", "PlanResult",
    "Unplaced", "VisitHouseholdView", "VisitInput", "VisitView", "conflicts_between", "create_visit", "delete_visit",
    "export_ics", "export_route_sheet", "export_xlsx", "get_visit", "group_order", "groups", "move_visit", "plan",
    "record_outcome", "save_group", "search_households", "update_visit", "visits_between",
]
