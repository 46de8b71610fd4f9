"""approval: when a meeting's minutes were approved, and at which later meeting

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("meeting", sa.Column("approved_on", sa.Date(), nullable=True))
    op.add_column("meeting", sa.Column("approved_at_meeting_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("approved_at_meeting_id")
        batch.drop_column("approved_on")
