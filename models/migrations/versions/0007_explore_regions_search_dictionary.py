"""Exploring: publishers' regions on reports, the full-text index of sections (SQLite), the data dictionary
and check rules, and the report_cells view (every table cell of every report, one a row).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from etl.explore.dictionary import fill_reference_tables
from etl.search import FTS_TABLE, rebuild_index

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

REPORT_CELLS = """
CREATE VIEW report_cells AS
SELECT report_id, 'active_disclosure' AS table_name, category AS row_key, metric AS column_key, value
  FROM active_disclosure_facts
UNION ALL
SELECT report_id, 'applications', row, applicant, count FROM application_facts
UNION ALL
SELECT report_id, 'review_litigation', "group", outcome, count FROM review_litigation_facts
"""


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True))
        batch_op.add_column(sa.Column('province', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('prefecture', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('county', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_index(batch_op.f('ix_reports_region_code'), ['region_code'], unique=False)
    op.create_table('check_rules',
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text_zh', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('rule')
    )
    op.create_table('data_dictionary',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('label_zh', sa.Text(), nullable=False),
    sa.Column('label_en', sa.Text(), nullable=False),
    sa.Column('formats', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    connection = op.get_bind()
    fill_reference_tables(connection)
    op.execute(REPORT_CELLS)
    if connection.dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(terms, tokenize='unicode61')")
        op.execute(f"CREATE TRIGGER sections_fts_delete AFTER DELETE ON sections BEGIN "
                   f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END")
        rebuild_index(connection)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS sections_fts_delete")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    op.execute("DROP VIEW IF EXISTS report_cells")
    op.drop_table('data_dictionary')
    op.drop_table('check_rules')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_region_code'))
        batch_op.drop_column('county')
        batch_op.drop_column('prefecture')
        batch_op.drop_column('province')
        batch_op.drop_column('region_code')
