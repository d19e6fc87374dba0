"""portal titles, updated reports per run

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 10:46:25.103083
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('portals',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    with op.batch_alter_table('etl_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('etl_runs', schema=None) as batch_op:
        batch_op.drop_column('updated')

    op.drop_table('portals')
