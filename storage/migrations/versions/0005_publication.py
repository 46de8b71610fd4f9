"""publication: each committee's names policy, the words it withholds or allows, and the
initials a person goes by

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
    with op.batch_alter_table("committee") as batch:
        batch.add_column(
            sa.Column("public_names", sa.String(), nullable=False, server_default="roles")
        )
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("initials", sa.String(), nullable=False, server_default=""))
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
    with op.batch_alter_table("committee") as batch:
        batch.drop_column("public_names")
