"""统计: the office's figures for a period as tables (screen, .xlsx, PDF, `songnuan report`), and the 活动总结 of one
campaign.

Modules:

- `statistics` — 统计: the office's figures for a period, as tables the screen, the .xlsx, the PDF and `songnuan
  report` show (issue 16 items 1 and 6). No Qt; every figure is a SQL aggregate (GROUP BY, on SQLite and PostgreSQL)
  that services.reports.statistics_queries builds and folds into a `Table`.
- `statistics_export` — 统计表 on paper: `export_report(db, user, period_or_scope, out)` writes
  services.reports.statistics' tables as .xlsx (documents.statistics_xlsx) or PDF (documents.statistics_pdf) by the
  name's suffix. Apart from services.reports.statistics so that the window's 统计 screen does not load reportlab and
  openpyxl at start-up.
- `statistics_queries` — The statements behind services.reports.statistics, and how their rows fold into tables.
- `statistics_tables` — The shapes of 统计 (services.reports.statistics): the period, the scope it resolves to, and
  the tables with their columns and rows — plain data the screen, the .xlsx, the PDF and the command line all show
  the same way.
- `campaign_summary` — 活动总结 of one campaign (issue 16 item 2): every figure from the data, and the same figures
  in the plain paragraphs an office copies into its own report — no stored prose: every sentence is made here from
  the figures.
"""

__all__ = [
    "campaign_summary", "statistics", "statistics_export", "statistics_queries", "statistics_tables",
]
