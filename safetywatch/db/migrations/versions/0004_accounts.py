"""accounts and roles; audit trail indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 08:00:00.000000

New tables only (no batch rebuild of an existing table, which would drop its protective triggers), and
two indexes on ``audit_event`` for the audit trail page (events by user, by date).
"""

import sqlalchemy as sa
from alembic import op

from safetywatch.db import guards

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AUDITED = ("user_account",)


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("login", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.Column("password_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("password_changed_at", sa.String(length=32), nullable=False),
        sa.Column("must_change_password", sa.Integer(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.String(length=32), nullable=True),
        sa.Column("last_login_at", sa.String(length=32), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Integer(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("login", name=op.f("uq_user_account_login")),
        sa.UniqueConstraint("uuid", name=op.f("uq_user_account_uuid")),
    )
    op.create_table(
        "user_credential",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_user_credential_user_id_user_account")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_credential")),
    )
    op.create_index("ix_audit_event_actor", "audit_event", ["actor", "at_utc"], unique=False)
    op.create_index("ix_audit_event_at_utc", "audit_event", ["at_utc"], unique=False)

    for table in (*AUDITED, "user_credential"):
        guards.refuse_delete(table)


def downgrade() -> None:
    for table in (*AUDITED, "user_credential"):
        guards.drop(f"{table}_no_delete", table)
    op.drop_index("ix_audit_event_at_utc", table_name="audit_event")
    op.drop_index("ix_audit_event_actor", table_name="audit_event")
    op.drop_table("user_credential")
    op.drop_table("user_account")
