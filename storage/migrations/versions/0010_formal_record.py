"""the formal record: declarations of interest, motions and their votes, the committee's
quorum, and exempt business with its reason and public summary

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "declaration",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("agenda_item.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("interest", sa.String(), nullable=False, server_default=""),
        sa.Column("kind", sa.String(), nullable=False, server_default=""),
        sa.Column("action", sa.String(), nullable=False, server_default=""),
    )
    # A decision taken on a motion: who moved and seconded it, the votes, the result.
    op.add_column(
        "decision", sa.Column("motion", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    # No foreign keys: added to a table SQLite cannot alter (people are never deleted).
    for column in ("mover_id", "seconder_id"):
        op.add_column("decision", sa.Column(column, sa.Integer(), nullable=True))
    for column in ("votes_for", "votes_against", "abstained"):
        op.add_column("decision", sa.Column(column, sa.Integer(), nullable=True))
    op.add_column("decision", sa.Column("result", sa.String(), nullable=False, server_default=""))
    op.add_column(
        "decision",
        sa.Column("publishable", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "vote",
        sa.Column(
            "decision_id",
            sa.Integer(),
            sa.ForeignKey("decision.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), primary_key=True),
        sa.Column("vote", sa.String(), nullable=False),
    )
    op.add_column("committee", sa.Column("quorum", sa.String(), nullable=False, server_default=""))
    op.add_column(
        "agenda_item", sa.Column("exempt", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "agenda_item", sa.Column("exempt_reason", sa.String(), nullable=False, server_default="")
    )
    op.add_column(
        "agenda_item", sa.Column("public_summary", sa.String(), nullable=False, server_default="")
    )


def downgrade() -> None:
    for column in ("public_summary", "exempt_reason", "exempt"):
        op.execute(f"ALTER TABLE agenda_item DROP COLUMN {column}")
    op.execute("ALTER TABLE committee DROP COLUMN quorum")
    op.drop_table("vote")
    with op.batch_alter_table("decision") as batch:
        for column in (
            "publishable",
            "result",
            "abstained",
            "votes_against",
            "votes_for",
            "seconder_id",
            "mover_id",
            "motion",
        ):
            batch.drop_column(column)
    op.drop_table("declaration")
