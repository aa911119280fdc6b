"""campaigns, items, notices, vouchers, visits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('total_budget_fen', sa.Integer(), nullable=False),
    sa.Column('lookback_months', sa.Integer(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_campaigns_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_campaigns_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaigns_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaigns_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('visit_groups',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('leader', sa.String(length=60), nullable=False),
    sa.Column('members', sa.String(length=200), nullable=False),
    sa.Column('vehicle', sa.String(length=60), nullable=False),
    sa.Column('contact', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_visit_groups_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_visit_groups_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_groups'))
    )
    with op.batch_alter_table('visit_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_groups_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_groups_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('voucher_counters',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_voucher_counters_office_id_offices')),
    sa.PrimaryKeyConstraint('office_id', 'year', name=op.f('pk_voucher_counters'))
    )
    op.create_table('campaign_budgets',
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('fund_source', sa.String(length=20), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_budgets_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_campaign_budgets_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_budgets'))
    )
    with op.batch_alter_table('campaign_budgets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_budgets_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_budgets_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('notices',
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('working_days', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=False),
    sa.Column('started_by', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_notices_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_notices_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['started_by'], ['users.id'], name=op.f('fk_notices_started_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('visits',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('group_id', sa.Uuid(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('outcome_json', sa.Text(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_visits_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['group_id'], ['visit_groups.id'], name=op.f('fk_visits_group_id_visit_groups')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_visits_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_visits_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('assistance_items',
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('worker_file_id', sa.Uuid(), nullable=False),
    sa.Column('item_kind', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('tier', sa.String(length=40), nullable=False),
    sa.Column('fund_source', sa.String(length=20), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('override_reason', sa.String(length=200), nullable=False),
    sa.Column('proposed_by', sa.Uuid(), nullable=False),
    sa.Column('reviewed_by', sa.Uuid(), nullable=True),
    sa.Column('approved_by', sa.Uuid(), nullable=True),
    sa.Column('notice_id', sa.Uuid(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('paid_by', sa.Uuid(), nullable=True),
    sa.Column('paid_method', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_assistance_items_approved_by_users')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_assistance_items_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['notice_id'], ['notices.id'], name=op.f('fk_assistance_items_notice_id_notices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_assistance_items_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['paid_by'], ['users.id'], name=op.f('fk_assistance_items_paid_by_users')),
    sa.ForeignKeyConstraint(['proposed_by'], ['users.id'], name=op.f('fk_assistance_items_proposed_by_users')),
    sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'], name=op.f('fk_assistance_items_reviewed_by_users')),
    sa.ForeignKeyConstraint(['worker_file_id'], ['worker_files.id'], name=op.f('fk_assistance_items_worker_file_id_worker_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistance_items'))
    )
    with op.batch_alter_table('assistance_items', schema=None) as batch_op:
        batch_op.create_index('ix_assistance_items_campaign_state', ['campaign_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_items_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_items_worker_file_id'), ['worker_file_id'], unique=False)
        batch_op.create_index('uq_assistance_items_campaign_household', ['campaign_id', 'worker_file_id'], unique=True, sqlite_where=sa.text("state NOT IN ('rejected', 'voided')"), postgresql_where=sa.text("state NOT IN ('rejected', 'voided')"))
    op.create_table('item_transitions',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('from_state', sa.String(length=12), nullable=False),
    sa.Column('to_state', sa.String(length=12), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_item_transitions_actor_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['assistance_items.id'], name=op.f('fk_item_transitions_item_id_assistance_items')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_item_transitions_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_transitions'))
    )
    with op.batch_alter_table('item_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_transitions_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_transitions_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('objections',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('raised_by', sa.String(length=60), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['assistance_items.id'], name=op.f('fk_objections_item_id_assistance_items')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_objections_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_objections_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('visit_households',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('worker_file_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['assistance_items.id'], name=op.f('fk_visit_households_item_id_assistance_items')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_visit_households_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_households_visit_id_visits')),
    sa.ForeignKeyConstraint(['worker_file_id'], ['worker_files.id'], name=op.f('fk_visit_households_worker_file_id_worker_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_households'))
    )
    with op.batch_alter_table('visit_households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_households_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_households_visit_id'), ['visit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_households_worker_file_id'), ['worker_file_id'], unique=False)
    op.create_table('vouchers',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('printed_by', sa.Uuid(), nullable=False),
    sa.Column('reprint_count', sa.Integer(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('voided_by', sa.Uuid(), nullable=True),
    sa.Column('void_reason', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['assistance_items.id'], name=op.f('fk_vouchers_item_id_assistance_items')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_vouchers_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_vouchers_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['printed_by'], ['users.id'], name=op.f('fk_vouchers_printed_by_users')),
    sa.ForeignKeyConstraint(['voided_by'], ['users.id'], name=op.f('fk_vouchers_voided_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vouchers')),
    sa.UniqueConstraint('office_id', 'number', name=op.f('uq_vouchers_office_id_number')),
    sa.UniqueConstraint('office_id', 'year', 'seq', name=op.f('uq_vouchers_office_id_year_seq'))
    )
    with op.batch_alter_table('vouchers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vouchers_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vouchers_origin_office_id'), ['origin_office_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vouchers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vouchers_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_vouchers_item_id'))
    op.drop_table('vouchers')
    with op.batch_alter_table('visit_households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_households_worker_file_id'))
        batch_op.drop_index(batch_op.f('ix_visit_households_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visit_households_origin_office_id'))
    op.drop_table('visit_households')
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_objections_item_id'))
    op.drop_table('objections')
    with op.batch_alter_table('item_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_transitions_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_item_transitions_item_id'))
    op.drop_table('item_transitions')
    with op.batch_alter_table('assistance_items', schema=None) as batch_op:
        batch_op.drop_index('uq_assistance_items_campaign_household', sqlite_where=sa.text("state NOT IN ('rejected', 'voided')"), postgresql_where=sa.text("state NOT IN ('rejected', 'voided')"))
        batch_op.drop_index(batch_op.f('ix_assistance_items_worker_file_id'))
        batch_op.drop_index(batch_op.f('ix_assistance_items_origin_office_id'))
        batch_op.drop_index('ix_assistance_items_campaign_state')
    op.drop_table('assistance_items')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_visits_office_id'))
        batch_op.drop_index(batch_op.f('ix_visits_group_id'))
        batch_op.drop_index(batch_op.f('ix_visits_date'))
        batch_op.drop_index(batch_op.f('ix_visits_campaign_id'))
    op.drop_table('visits')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_notices_campaign_id'))
    op.drop_table('notices')
    with op.batch_alter_table('campaign_budgets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_budgets_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_budgets_campaign_id'))
    op.drop_table('campaign_budgets')
    op.drop_table('voucher_counters')
    with op.batch_alter_table('visit_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_groups_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_visit_groups_office_id'))
    op.drop_table('visit_groups')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaigns_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_campaigns_office_id'))
    op.drop_table('campaigns')
