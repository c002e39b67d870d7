"""audit event format

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 14:40:00.000000

A ``format`` column on ``audit_event`` (issue 14): the events already written are format 1 and stay exactly
as they are (the column's default; ``ALTER TABLE ... ADD COLUMN`` rewrites no row, so this is instant on a
gigabyte file and leaves the protective triggers in place). From here on the program writes format 2
(``safetywatch.services.core.event_format``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("format", sa.Integer(), nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    # The older program cannot hash a format-2 event: only a chain without one goes back.
    newer = op.get_bind().execute(sa.text("SELECT count(*) FROM audit_event WHERE format <> 1")).scalar_one()
    if newer:
        raise RuntimeError(f"{newer} audit events are in format 2, which revision 0004 cannot verify")
    op.drop_column("audit_event", "format")  # SQLite >= 3.35: in place, the triggers stay
