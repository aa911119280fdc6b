"""vouchers: reprints, voids and replacements on paper; numbering per campaign (issue 14)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

- `vouchers.series`: the series a voucher's seq counts in — "" the office's year (every voucher there is
  now, so existing numbers stay as they are), or the campaign's code for a number of the campaign's own
  series (setting voucher_series = per_campaign); the unique (office, year, seq) becomes (office, year,
  series, seq). `vouchers.reprinted_at / reprinted_by`: the latest 补打.
- `voucher_campaign_counters`: the last seq of each campaign's series.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LIVE = sa.text("voided_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "voucher_campaign_counters",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_voucher_campaign_counters_campaign_id_campaigns")),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_voucher_campaign_counters_office_id_offices")),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_voucher_campaign_counters")),
    )
    # Nothing refers to vouchers, so SQLite's table copy is safe; the partial index is dropped and made
    # again around it (a reflected copy would lose its WHERE).
    op.drop_index("uq_vouchers_item_live", table_name="vouchers", sqlite_where=LIVE, postgresql_where=LIVE)
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series", sa.String(length=12), server_default="", nullable=False))
        batch_op.add_column(sa.Column("reprinted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reprinted_by", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_vouchers_reprinted_by_users"), "users", ["reprinted_by"], ["id"])
        batch_op.drop_constraint("uq_vouchers_office_id_year_seq", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_vouchers_office_id_year_series_seq"),
                                          ["office_id", "year", "series", "seq"])
    op.create_index("uq_vouchers_item_live", "vouchers", ["item_id"], unique=True, sqlite_where=LIVE,
                    postgresql_where=LIVE)


def downgrade() -> None:
    # Fails (unique constraint) once two campaigns' own series share a seq in one year: such numbers have no
    # place under the old (office, year, seq).
    op.drop_index("uq_vouchers_item_live", table_name="vouchers", sqlite_where=LIVE, postgresql_where=LIVE)
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.drop_constraint("uq_vouchers_office_id_year_series_seq", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_vouchers_office_id_year_seq"), ["office_id", "year", "seq"])
        batch_op.drop_constraint("fk_vouchers_reprinted_by_users", type_="foreignkey")
        batch_op.drop_column("reprinted_by")
        batch_op.drop_column("reprinted_at")
        batch_op.drop_column("series")
    op.create_index("uq_vouchers_item_live", "vouchers", ["item_id"], unique=True, sqlite_where=LIVE,
                    postgresql_where=LIVE)
    op.drop_table("voucher_campaign_counters")
