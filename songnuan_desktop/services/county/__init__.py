"""The county's side: the townships' packages merged (汇总), cross-township checks, the county's decisions (下发) and
flags, its reports; and, at a township, the county's decisions package taken in.

Modules:

- `county_checks` — Cross-township checks at the county (跨乡镇比对): the merged townships' files and items
  compared.
- `county_decisions` — 下发: the county's decisions — its flags on a township's items, files and campaigns, its
  standards — and the decisions package that carries them back to each township.
- `county_flags` — The county's flags (下发) on a township's records, as the township's screens show them.
- `county_merge` — County merge (汇总): the townships' 报送包 taken into the county database.
- `county_reports` — County overview and reports (县级汇总统计) across the merged townships.
- `decisions_import` — At a township: the county's decisions package (下发包) taken in.
"""

__all__ = [
    "county_checks", "county_decisions", "county_flags", "county_merge", "county_reports", "decisions_import",
]
