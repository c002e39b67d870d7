"""tour outcomes: the representatives of a tour, and when and by whom a tour problem was solved afterwards

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 17:20:00.000000

Issue 16 §3. New nullable columns only, so every existing row keeps its meaning: a tour recorded before has
its head count (``reps``) and no list of representatives (NULL); a problem marked ``later`` keeps that status
and has no solved date, so the report counts it as due (its deadline passed) or open, never as solved.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tour", sa.Column("representatives", sa.Text(), nullable=True))
    op.add_column("tour_problem", sa.Column("solved_on", sa.String(length=10), nullable=True))
    op.add_column("tour_problem", sa.Column("solved_by", sa.String(length=100), nullable=True))


def downgrade() -> None:  # SQLite >= 3.35: in place, the triggers stay
    op.drop_column("tour_problem", "solved_by")
    op.drop_column("tour_problem", "solved_on")
    op.drop_column("tour", "representatives")
