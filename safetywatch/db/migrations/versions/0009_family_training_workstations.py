"""family work attributable to a mine, inspector training, workstations closed and restored

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-05 17:20:00.000000

Issue 16 §3. New columns are NULL on existing rows, so every record still equals its last audit event:

* ``family_activity.mine_id`` — the mine whose 协管会 did the activity; required for new records. Older records
  keep NULL (writing a derived mine into them here would be a change outside the audit chain): the report
  attributes them through their 三违's offender unit where they name one, else counts them for the whole
  database only (docs/report-metrics.md);
* ``workstation.closed_on`` and the table ``workstation_closure`` (every closing and reopening);
* the tables ``training_session`` and ``training_attendee`` (网员培训).

New tables are audited records: never deleted.
"""

import sqlalchemy as sa
from alembic import op

from safetywatch.db import guards

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_NEW_TABLES = ("workstation_closure", "training_session", "training_attendee")


def _record_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided", sa.Integer(), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.execute("ALTER TABLE family_activity ADD COLUMN mine_id INTEGER REFERENCES org_unit (id)")
    op.create_index(op.f("ix_family_activity_mine_id"), "family_activity", ["mine_id"], unique=False)
    op.execute("ALTER TABLE workstation ADD COLUMN closed_on VARCHAR(10)")
    op.create_table(
        "workstation_closure",
        sa.Column("workstation_id", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reopened_on", sa.String(length=10), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["workstation_id"], ["workstation.id"], name=op.f("fk_workstation_closure_workstation_id_workstation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workstation_closure")),
        sa.UniqueConstraint("uuid", name=op.f("uq_workstation_closure_uuid")),
    )
    op.create_index(
        op.f("ix_workstation_closure_workstation_id"), "workstation_closure", ["workstation_id"], unique=False
    )
    op.create_table(
        "training_session",
        sa.Column("on_date", sa.String(length=10), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("teacher", sa.String(length=100), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("clerk", sa.String(length=100), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(["unit_id"], ["org_unit.id"], name=op.f("fk_training_session_unit_id_org_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
        sa.UniqueConstraint("uuid", name=op.f("uq_training_session_uuid")),
    )
    op.create_index(op.f("ix_training_session_on_date"), "training_session", ["on_date"], unique=False)
    op.create_table(
        "training_attendee",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.Integer(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["session_id"], ["training_session.id"], name=op.f("fk_training_attendee_session_id_training_session")
        ),
        sa.ForeignKeyConstraint(
            ["inspector_id"], ["inspector.id"], name=op.f("fk_training_attendee_inspector_id_inspector")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendee")),
        sa.UniqueConstraint("uuid", name=op.f("uq_training_attendee_uuid")),
    )
    op.create_index(op.f("ix_training_attendee_session_id"), "training_attendee", ["session_id"], unique=False)
    op.create_index(op.f("ix_training_attendee_inspector_id"), "training_attendee", ["inspector_id"], unique=False)
    for table in _NEW_TABLES:
        guards.refuse_delete(table)


def downgrade() -> None:
    for table in reversed(_NEW_TABLES):
        guards.drop(f"{table}_no_delete", table)
    op.drop_index(op.f("ix_training_attendee_inspector_id"), table_name="training_attendee")
    op.drop_index(op.f("ix_training_attendee_session_id"), table_name="training_attendee")
    op.drop_table("training_attendee")
    op.drop_index(op.f("ix_training_session_on_date"), table_name="training_session")
    op.drop_table("training_session")
    op.drop_index(op.f("ix_workstation_closure_workstation_id"), table_name="workstation_closure")
    op.drop_table("workstation_closure")
    # a plain column (SQLite 3.35+): the workstation table, which others reference, is not rebuilt
    op.execute("ALTER TABLE workstation DROP COLUMN closed_on")
    op.drop_index(op.f("ix_family_activity_mine_id"), table_name="family_activity")
    # a column with a foreign key needs the table rebuilt (nothing references family_activity); the rebuild
    # drops the table's trigger, so it is made again
    with op.batch_alter_table("family_activity", schema=None) as batch_op:
        batch_op.drop_column("mine_id")
    guards.refuse_delete("family_activity")
