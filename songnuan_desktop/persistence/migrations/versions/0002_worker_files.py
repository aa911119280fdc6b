"""worker files with household, income, causes, attachments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('worker_files',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('file_no', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('name_initials', sa.String(length=40), nullable=False),
    sa.Column('name_pinyin', sa.String(length=160), nullable=False),
    sa.Column('sex', sa.String(length=2), nullable=False),
    sa.Column('ethnicity', sa.String(length=20), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('hukou_type', sa.String(length=8), nullable=False),
    sa.Column('political_status', sa.String(length=10), nullable=False),
    sa.Column('marital_status', sa.String(length=6), nullable=False),
    sa.Column('health', sa.String(length=20), nullable=False),
    sa.Column('disability', sa.String(length=20), nullable=False),
    sa.Column('housing', sa.String(length=20), nullable=False),
    sa.Column('medical_insurance', sa.String(length=40), nullable=False),
    sa.Column('work_unit_id', sa.Uuid(), nullable=True),
    sa.Column('union_id', sa.Uuid(), nullable=True),
    sa.Column('employment_status', sa.String(length=10), nullable=False),
    sa.Column('worker_type', sa.String(length=10), nullable=False),
    sa.Column('model_worker_level', sa.String(length=10), nullable=False),
    sa.Column('dues_paid', sa.Boolean(), nullable=False),
    sa.Column('single_parent', sa.Boolean(), nullable=False),
    sa.Column('zero_employment', sa.Boolean(), nullable=False),
    sa.Column('self_help_capable', sa.Boolean(), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('situation', sa.Text(), nullable=False),
    sa.Column('monthly_income_fen', sa.Integer(), nullable=False),
    sa.Column('bank_name', sa.String(length=40), nullable=False),
    sa.Column('bank_branch', sa.String(length=60), nullable=False),
    sa.Column('bank_card', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=6), nullable=False),
    sa.Column('filed_date', sa.Date(), nullable=True),
    sa.Column('reviewed_date', sa.Date(), nullable=True),
    sa.Column('exit_date', sa.Date(), nullable=True),
    sa.Column('exit_reason', sa.String(length=20), nullable=False),
    sa.Column('exit_note', sa.String(length=200), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_worker_files_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_worker_files_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['union_id'], ['org_units.id'], name=op.f('fk_worker_files_union_id_org_units')),
    sa.ForeignKeyConstraint(['work_unit_id'], ['org_units.id'], name=op.f('fk_worker_files_work_unit_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_files')),
    sa.UniqueConstraint('office_id', 'file_no', name=op.f('uq_worker_files_office_id_file_no'))
    )
    with op.batch_alter_table('worker_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_files_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_files_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index('ix_worker_files_office_name', ['office_id', 'name'], unique=False)
        batch_op.create_index('ix_worker_files_office_status', ['office_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_files_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worker_files_work_unit_id'), ['work_unit_id'], unique=False)
    op.create_table('attachments',
    sa.Column('worker_file_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_path', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_attachments_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['worker_file_id'], ['worker_files.id'], name=op.f('fk_attachments_worker_file_id_worker_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_worker_file_id'), ['worker_file_id'], unique=False)
    op.create_table('hardship_causes',
    sa.Column('worker_file_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('cause', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_hardship_causes_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['worker_file_id'], ['worker_files.id'], name=op.f('fk_hardship_causes_worker_file_id_worker_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hardship_causes'))
    )
    with op.batch_alter_table('hardship_causes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hardship_causes_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hardship_causes_worker_file_id'), ['worker_file_id'], unique=False)
    op.create_table('household_members',
    sa.Column('worker_file_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('relation', sa.String(length=10), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('health', sa.String(length=20), nullable=False),
    sa.Column('identity', sa.String(length=10), nullable=False),
    sa.Column('unit_or_school', sa.String(length=100), nullable=False),
    sa.Column('monthly_income_fen', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_household_members_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['worker_file_id'], ['worker_files.id'], name=op.f('fk_household_members_worker_file_id_worker_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_members'))
    )
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_members_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_members_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_members_worker_file_id'), ['worker_file_id'], unique=False)
    op.create_table('income_items',
    sa.Column('worker_file_id', sa.Uuid(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('annual_fen', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_income_items_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['worker_file_id'], ['worker_files.id'], name=op.f('fk_income_items_worker_file_id_worker_files')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_income_items'))
    )
    with op.batch_alter_table('income_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_income_items_origin_office_id'), ['origin_office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_income_items_worker_file_id'), ['worker_file_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('income_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_income_items_worker_file_id'))
        batch_op.drop_index(batch_op.f('ix_income_items_origin_office_id'))
    op.drop_table('income_items')
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_members_worker_file_id'))
        batch_op.drop_index(batch_op.f('ix_household_members_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_household_members_id_number'))
    op.drop_table('household_members')
    with op.batch_alter_table('hardship_causes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hardship_causes_worker_file_id'))
        batch_op.drop_index(batch_op.f('ix_hardship_causes_origin_office_id'))
    op.drop_table('hardship_causes')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_worker_file_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_origin_office_id'))
    op.drop_table('attachments')
    with op.batch_alter_table('worker_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_files_work_unit_id'))
        batch_op.drop_index(batch_op.f('ix_worker_files_origin_office_id'))
        batch_op.drop_index('ix_worker_files_office_status')
        batch_op.drop_index('ix_worker_files_office_name')
        batch_op.drop_index(batch_op.f('ix_worker_files_name_initials'))
        batch_op.drop_index(batch_op.f('ix_worker_files_id_number'))
    op.drop_table('worker_files')
