"""roster: each entry's group (member, officer, secretariat) and vote, a person's e-mail,
and whether a committee's minutes list those absent

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "committee",
        sa.Column("print_absent", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("person", sa.Column("email", sa.String(), nullable=False, server_default=""))
    op.add_column(
        "roster_entry",
        sa.Column("roster_group", sa.String(), nullable=False, server_default="member"),
    )
    op.add_column(
        "roster_entry", sa.Column("voting", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    # An officer usually in attendance has no vote.
    op.execute(
        sa.text(
            "UPDATE roster_entry SET roster_group = 'officer', voting = :no WHERE in_attendance"
        ).bindparams(no=False)
    )
    with op.batch_alter_table("roster_entry") as batch:
        batch.drop_column("in_attendance")


def downgrade() -> None:
    with op.batch_alter_table("roster_entry") as batch:
        batch.add_column(
            sa.Column("in_attendance", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        sa.text(
            "UPDATE roster_entry SET in_attendance = :yes WHERE roster_group <> 'member'"
        ).bindparams(yes=True)
    )
    with op.batch_alter_table("roster_entry") as batch:
        batch.drop_column("voting")
        batch.drop_column("roster_group")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("email")
    with op.batch_alter_table("committee") as batch:
        batch.drop_column("print_absent")
