"""Band hashes salted by band number (32 bands of 4), indexed alone; existing reports' bands recomputed.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 10:54:49.232298
"""
from __future__ import annotations

import hashlib

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

BANDS, ROWS = 32, 4  # as etl.extract.dedup had them when this migration was written


def _bands(signature: bytes) -> list[int]:
    values = np.frombuffer(signature, dtype=np.uint64)
    return [int.from_bytes(hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8,
                                           salt=b.to_bytes(2, "big")).digest(), "big", signed=True)
            for b in range(BANDS)]


def upgrade() -> None:
    with op.batch_alter_table('report_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_bands_band_hash'))
        batch_op.create_index('ix_report_bands_hash', ['hash'], unique=False)
    connection = op.get_bind()
    bands = sa.table('report_bands', sa.column('report_id'), sa.column('band'), sa.column('hash'))
    connection.execute(bands.delete())
    for report_id, signature in connection.execute(sa.text("SELECT id, minhash FROM reports")).all():
        connection.execute(bands.insert(), [{"report_id": report_id, "band": b, "hash": h}
                                            for b, h in enumerate(_bands(bytes(signature)))])


def downgrade() -> None:
    with op.batch_alter_table('report_bands', schema=None) as batch_op:
        batch_op.drop_index('ix_report_bands_hash')
        batch_op.create_index(batch_op.f('ix_report_bands_band_hash'), ['band', 'hash'], unique=False)
