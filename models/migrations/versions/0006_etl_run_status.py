"""ETL runs get a status: running, finished or interrupted (earlier runs all finished).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:40:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('etl_runs') as batch:
        batch.add_column(sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                   server_default='finished'))


def downgrade() -> None:
    with op.batch_alter_table('etl_runs') as batch:
        batch.drop_column('status')
