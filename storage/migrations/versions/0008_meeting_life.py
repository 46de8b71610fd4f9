"""the life of minutes after the meeting: what changed once they were circulated, the
corrections made when they were approved, items deferred to a named meeting, and whether a
committee numbers every paragraph of its minutes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("before", sa.String(), nullable=False, server_default=""),
        sa.Column("after", sa.String(), nullable=False, server_default=""),
    )
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "at_meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("agenda_item.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("place", sa.String(), nullable=False, server_default=""),
        sa.Column("said", sa.String(), nullable=False, server_default=""),
        sa.Column("now_says", sa.String(), nullable=False, server_default=""),
    )
    op.add_column(
        "agenda_item",
        sa.Column("deferred_to_name", sa.String(), nullable=False, server_default=""),
    )
    op.add_column(
        "committee",
        sa.Column("numbered_paragraphs", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("committee") as batch:
        batch.drop_column("numbered_paragraphs")
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_column("deferred_to_name")
    op.drop_table("correction")
    op.drop_table("meeting_change")
