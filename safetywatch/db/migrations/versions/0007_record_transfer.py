"""the office taking over a station's record: record_transfer

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 16:40:00.000000

A new table only (issue 15): the audited transfer of a station's record to the office (挂牌督办, 验收 or 销号 done
at the office, or a take-over with a reason). Records are never deleted, like every audited table.
"""

import sqlalchemy as sa
from alembic import op

from safetywatch.db import guards

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_transfer",
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_uuid", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("transferred_by", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Integer(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"], ["exchange_station.id"], name=op.f("fk_record_transfer_station_id_exchange_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_transfer")),
        sa.UniqueConstraint("uuid", name=op.f("uq_record_transfer_uuid")),
    )
    op.create_index(op.f("ix_record_transfer_entity_uuid"), "record_transfer", ["entity_uuid"], unique=False)
    guards.refuse_delete("record_transfer")


def downgrade() -> None:
    guards.drop("record_transfer_no_delete", "record_transfer")
    op.drop_index(op.f("ix_record_transfer_entity_uuid"), table_name="record_transfer")
    op.drop_table("record_transfer")
