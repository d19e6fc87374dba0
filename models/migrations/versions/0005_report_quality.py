"""Reports carry the parser's quality verdict; format holds "legacy".

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.alter_column('format', type_=sqlmodel.sql.sqltypes.AutoString(length=8),
                              existing_type=sqlmodel.sql.sqltypes.AutoString(length=4), existing_nullable=True)
        batch_op.add_column(sa.Column('quality', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
        batch_op.add_column(sa.Column('quality_reasons', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_reports_quality'), ['quality'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_quality'))
        batch_op.drop_column('quality_reasons')
        batch_op.drop_column('quality')
        batch_op.alter_column('format', type_=sqlmodel.sql.sqltypes.AutoString(length=4),
                              existing_type=sqlmodel.sql.sqltypes.AutoString(length=8), existing_nullable=True)
