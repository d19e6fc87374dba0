"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 10:33:34.442211
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('declared_encoding', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('detected_encoding', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.Column('portal', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('parser_version', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('parsed_at', sa.DateTime(), nullable=True),
    sa.Column('record', sa.JSON(), nullable=True),
    sa.Column('record_fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_portal'), ['portal'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_status'), ['status'], unique=False)

    op.create_table('etl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('parser_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('parsed', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('reposts', sa.Integer(), nullable=False),
    sa.Column('revisions', sa.Integer(), nullable=False),
    sa.Column('not_reports', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('checks_failed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('document_urls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('portal', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'url')
    )
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_urls_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_urls_url'), ['url'], unique=False)

    op.create_table('etl_run_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['etl_runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('etl_run_errors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_etl_run_errors_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_etl_run_errors_run_id'), ['run_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publish_date', sa.Date(), nullable=True),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('parser_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('record_fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=False),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.Column('failed_checks', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['reports.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_superseded_by_id'), ['superseded_by_id'], unique=False)
        batch_op.create_index('ix_reports_year_publisher', ['year', 'publisher'], unique=False)

    op.create_table('active_disclosure_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('metric', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'category', 'metric')
    )
    with op.batch_alter_table('active_disclosure_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_active_disclosure_facts_report_id'), ['report_id'], unique=False)

    op.create_table('application_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('row', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('applicant', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'row', 'applicant')
    )
    with op.batch_alter_table('application_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_facts_report_id'), ['report_id'], unique=False)

    op.create_table('check_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('cell', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('expected', sa.Float(), nullable=True),
    sa.Column('found', sa.Float(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'rule', 'cell')
    )
    with op.batch_alter_table('check_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_results_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_results_status'), ['status'], unique=False)

    op.create_table('notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notes_report_id'), ['report_id'], unique=False)

    op.create_table('report_bands',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('hash', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', 'band')
    )
    with op.batch_alter_table('report_bands', schema=None) as batch_op:
        batch_op.create_index('ix_report_bands_band_hash', ['band', 'hash'], unique=False)

    op.create_table('report_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('portal', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('publish_date', sa.Date(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(), nullable=False),
    sa.Column('own_portal', sa.Boolean(), nullable=False),
    sa.Column('canonical', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'url')
    )
    with op.batch_alter_table('report_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_sources_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_sources_report_id'), ['report_id'], unique=False)

    op.create_table('review_litigation_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('group', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'group', 'outcome')
    )
    with op.batch_alter_table('review_litigation_facts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_litigation_facts_report_id'), ['report_id'], unique=False)

    op.create_table('sections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('occurrence', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'number', 'occurrence')
    )
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sections_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sections_report_id'))

    op.drop_table('sections')
    with op.batch_alter_table('review_litigation_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_litigation_facts_report_id'))

    op.drop_table('review_litigation_facts')
    with op.batch_alter_table('report_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_sources_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_sources_document_id'))

    op.drop_table('report_sources')
    with op.batch_alter_table('report_bands', schema=None) as batch_op:
        batch_op.drop_index('ix_report_bands_band_hash')

    op.drop_table('report_bands')
    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notes_report_id'))

    op.drop_table('notes')
    with op.batch_alter_table('check_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_results_status'))
        batch_op.drop_index(batch_op.f('ix_check_results_report_id'))

    op.drop_table('check_results')
    with op.batch_alter_table('application_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_facts_report_id'))

    op.drop_table('application_facts')
    with op.batch_alter_table('active_disclosure_facts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_active_disclosure_facts_report_id'))

    op.drop_table('active_disclosure_facts')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_year_publisher')
        batch_op.drop_index(batch_op.f('ix_reports_superseded_by_id'))
        batch_op.drop_index(batch_op.f('ix_reports_status'))
        batch_op.drop_index(batch_op.f('ix_reports_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_reports_document_id'))

    op.drop_table('reports')
    with op.batch_alter_table('etl_run_errors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_etl_run_errors_run_id'))
        batch_op.drop_index(batch_op.f('ix_etl_run_errors_document_id'))

    op.drop_table('etl_run_errors')
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_urls_url'))
        batch_op.drop_index(batch_op.f('ix_document_urls_document_id'))

    op.drop_table('document_urls')
    op.drop_table('etl_runs')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_status'))
        batch_op.drop_index(batch_op.f('ix_documents_portal'))
        batch_op.drop_index(batch_op.f('ix_documents_parent_id'))

    op.drop_table('documents')
