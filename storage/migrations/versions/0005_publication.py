"""publication: each committee's names policy, the words it withholds or allows, and the
initials a person goes by, and an action carried from a confidential item elsewhere

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the tables), which keeps the action table's
    # search triggers and expression indexes as they are.
    op.add_column(
        "committee", sa.Column("public_names", sa.String(), nullable=False, server_default="roles")
    )
    op.add_column("person", sa.Column("initials", sa.String(), nullable=False, server_default=""))
    op.add_column(
        "action",
        sa.Column("confidential", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "public_word",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(), nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("committee_id", "word"),
    )


def downgrade() -> None:
    op.drop_table("public_word")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("initials")
    with op.batch_alter_table("action") as batch:
        batch.drop_column("confidential")
    with op.batch_alter_table("committee") as batch:
        batch.drop_column("public_names")
