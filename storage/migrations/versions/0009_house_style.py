"""house style: each committee's minutes in its own style, kept as TOML with the committee;
the settings a committee had (the public version's names, listing the absent, numbered
paragraphs) move into it; and where in the notes each typed action was, for styles that
print an action where it was agreed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "committee", sa.Column("house_style", sa.String(), nullable=False, server_default="")
    )
    op.add_column("action", sa.Column("after_text", sa.String(), nullable=False, server_default=""))
    committees = sa.table(
        "committee",
        sa.column("id", sa.Integer()),
        sa.column("public_names", sa.String()),
        sa.column("print_absent", sa.Boolean()),
        sa.column("numbered_paragraphs", sa.Boolean()),
        sa.column("house_style", sa.String()),
    )
    connection = op.get_bind()
    for committee_id, names, absent, numbered in connection.execute(
        sa.select(
            committees.c.id,
            committees.c.public_names,
            committees.c.print_absent,
            committees.c.numbered_paragraphs,
        )
    ):
        # The keys left out of a style keep the default's values (storage.style).
        lines = []
        if absent:
            lines += ["[attendance]", "absent = true"]
        if numbered:
            lines += ["[items]", "numbered_paragraphs = true"]
        if names == "keep":
            lines += ["[public]", 'names = "keep"']
        if lines:
            connection.execute(
                committees.update()
                .where(committees.c.id == committee_id)
                .values(house_style="\n".join(lines) + "\n")
            )
    # Plain DROP COLUMN (SQLite 3.35 and PostgreSQL): a batch would copy the committee
    # table, which every meeting's foreign key refers to.
    for column in ("numbered_paragraphs", "print_absent", "public_names"):
        op.execute(f"ALTER TABLE committee DROP COLUMN {column}")


def downgrade() -> None:
    import tomllib

    op.add_column(
        "committee",
        sa.Column("public_names", sa.String(), nullable=False, server_default="roles"),
    )
    for column in ("print_absent", "numbered_paragraphs"):
        op.add_column(
            "committee",
            sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    committees = sa.table(
        "committee",
        sa.column("id", sa.Integer()),
        sa.column("public_names", sa.String()),
        sa.column("print_absent", sa.Boolean()),
        sa.column("numbered_paragraphs", sa.Boolean()),
        sa.column("house_style", sa.String()),
    )
    connection = op.get_bind()
    for committee_id, text in connection.execute(
        sa.select(committees.c.id, committees.c.house_style)
    ):
        style = tomllib.loads(text) if text else {}
        connection.execute(
            committees.update()
            .where(committees.c.id == committee_id)
            .values(
                public_names=style.get("public", {}).get("names", "roles"),
                print_absent=bool(style.get("attendance", {}).get("absent", False)),
                numbered_paragraphs=bool(style.get("items", {}).get("numbered_paragraphs", False)),
            )
        )
    op.execute("ALTER TABLE committee DROP COLUMN house_style")
    op.execute('ALTER TABLE "action" DROP COLUMN after_text')
