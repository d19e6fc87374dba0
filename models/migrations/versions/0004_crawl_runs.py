"""Crawl runs: one row per crawl with its counts and status, one per problem (URL and message).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 11:12:51.043813
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=False),
    sa.Column('portals', sa.Text(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('close_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('reports_found', sa.Integer(), nullable=False),
    sa.Column('known', sa.Integer(), nullable=False),
    sa.Column('reports_fetched', sa.Integer(), nullable=False),
    sa.Column('attachments_fetched', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('reposts', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('not_reports', sa.Integer(), nullable=False),
    sa.Column('failed_parses', sa.Integer(), nullable=False),
    sa.Column('fetch_failed', sa.Integer(), nullable=False),
    sa.Column('store_failed', sa.Integer(), nullable=False),
    sa.Column('robots_blocked', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('job')
    )
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_runs_status'), ['status'], unique=False)

    op.create_table('crawl_run_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('portal', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('crawl_run_errors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_run_errors_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_crawl_run_errors_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_crawl_run_errors_run_id'), ['run_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('crawl_run_errors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_run_errors_run_id'))
        batch_op.drop_index(batch_op.f('ix_crawl_run_errors_kind'))
        batch_op.drop_index(batch_op.f('ix_crawl_run_errors_document_id'))

    op.drop_table('crawl_run_errors')
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_runs_status'))

    op.drop_table('crawl_runs')
