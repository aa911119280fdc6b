"""core: offices, users, settings, audit log

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('office_id', sa.Uuid(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=False),
    sa.Column('after_json', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('uuid', name=op.f('uq_audit_log_uuid'))
    )
    op.create_table('local_info',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_local_info'))
    )
    op.create_table('offices',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_offices_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['parent_id'], ['offices.id'], name=op.f('fk_offices_parent_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices'))
    )
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offices_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('dibao_lines',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('region_name', sa.String(length=60), nullable=False),
    sa.Column('area', sa.String(length=8), nullable=False),
    sa.Column('monthly_fen', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_dibao_lines_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_dibao_lines_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dibao_lines')),
    sa.UniqueConstraint('office_id', 'region_code', 'area', 'effective_from', name=op.f('uq_dibao_lines_office_id_region_code_area_effective_from'))
    )
    with op.batch_alter_table('dibao_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dibao_lines_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('org_units',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('nature', sa.String(length=40), nullable=False),
    sa.Column('village', sa.String(length=60), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_org_units_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_org_units_origin_office_id_offices')),
    sa.ForeignKeyConstraint(['parent_id'], ['org_units.id'], name=op.f('fk_org_units_parent_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_units'))
    )
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_units_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_units_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('payment_standards',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('item_kind', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_payment_standards_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_payment_standards_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_standards'))
    )
    with op.batch_alter_table('payment_standards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_standards_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('setting_versions',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value_json', sa.Text(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_setting_versions_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_setting_versions_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_versions')),
    sa.UniqueConstraint('office_id', 'key', 'effective_from', name=op.f('uq_setting_versions_office_id_key_effective_from'))
    )
    with op.batch_alter_table('setting_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_setting_versions_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('users',
    sa.Column('office_id', sa.Uuid(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('origin_office_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_users_office_id_offices')),
    sa.ForeignKeyConstraint(['origin_office_id'], ['offices.id'], name=op.f('fk_users_origin_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('office_id', 'username', name=op.f('uq_users_office_id_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_origin_office_id'), ['origin_office_id'], unique=False)
    op.create_table('user_roles',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_roles'))
    )


def downgrade() -> None:
    op.drop_table('user_roles')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_origin_office_id'))
    op.drop_table('users')
    with op.batch_alter_table('setting_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_setting_versions_origin_office_id'))
    op.drop_table('setting_versions')
    with op.batch_alter_table('payment_standards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_standards_origin_office_id'))
    op.drop_table('payment_standards')
    with op.batch_alter_table('org_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_units_origin_office_id'))
        batch_op.drop_index(batch_op.f('ix_org_units_office_id'))
    op.drop_table('org_units')
    with op.batch_alter_table('dibao_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dibao_lines_origin_office_id'))
    op.drop_table('dibao_lines')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offices_origin_office_id'))
    op.drop_table('offices')
    op.drop_table('local_info')
    op.drop_table('audit_log')
    op.drop_table('audit_head')
