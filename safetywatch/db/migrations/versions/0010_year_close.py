"""a statistic year closed with its annual summary: year_close

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-05 17:30:00.000000

A new table only (issue 16): the annual summary (年报) as printed when a year is closed, kept for its
byte-identical reprint. Records are never deleted, like every audited table.
"""

import sqlalchemy as sa
from alembic import op

from safetywatch.db import guards

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "year_close",
        sa.Column("year", sa.String(length=4), nullable=False),
        sa.Column("closed_by", sa.String(length=100), nullable=False),
        sa.Column("generated_at", sa.String(length=32), nullable=False),
        sa.Column("report_json", sa.Text(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Integer(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_year_close")),
        sa.UniqueConstraint("uuid", name=op.f("uq_year_close_uuid")),
        sa.UniqueConstraint("year", name=op.f("uq_year_close_year")),
    )
    guards.refuse_delete("year_close")


def downgrade() -> None:
    guards.drop("year_close_no_delete", "year_close")
    op.drop_table("year_close")
