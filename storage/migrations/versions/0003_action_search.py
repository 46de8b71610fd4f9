"""action search: an SQLite FTS5 index over action text, owner and update texts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

The index `action_fts` has one row per action (rowid = action.id) and three columns:
the action's text, its owner, and the texts of all its updates joined together.
Triggers keep it in step with `action` and `action_update`, so no code that writes
actions needs to know it exists. On other databases nothing is created: search there
falls back to plain ILIKE until a native full-text index is added for that dialect.
Two indexes, on every database, keep actions in the register's order so that a search
reads only as far as the results it shows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The texts of one action's updates, in the order they were made, as one column.
_UPDATES_OF = (
    "(SELECT coalesce(group_concat(text, ' '), '') FROM "
    "(SELECT text FROM action_update WHERE action_id = {id} ORDER BY made_at, id))"
)

_STATEMENTS = (
    # remove_diacritics folds 'Cafe' and 'Café' together; the prefix indexes make
    # prefix queries (every word is one while typing) cheap from the first letter.
    "CREATE VIRTUAL TABLE action_fts USING fts5("
    "text, owner, updates, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
    "INSERT INTO action_fts (rowid, text, owner, updates) "
    f"SELECT id, text, owner, {_UPDATES_OF.format(id='action.id')} FROM action",
    "CREATE TRIGGER action_fts_insert AFTER INSERT ON action BEGIN "
    "INSERT INTO action_fts (rowid, text, owner, updates) "
    f"VALUES (new.id, new.text, new.owner, {_UPDATES_OF.format(id='new.id')}); END",
    "CREATE TRIGGER action_fts_update AFTER UPDATE OF text, owner ON action BEGIN "
    "UPDATE action_fts SET text = new.text, owner = new.owner WHERE rowid = new.id; END",
    "CREATE TRIGGER action_fts_delete AFTER DELETE ON action BEGIN "
    "DELETE FROM action_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER action_fts_update_insert AFTER INSERT ON action_update BEGIN "
    f"UPDATE action_fts SET updates = {_UPDATES_OF.format(id='new.action_id')} "
    "WHERE rowid = new.action_id; END",
    "CREATE TRIGGER action_fts_update_update AFTER UPDATE ON action_update BEGIN "
    f"UPDATE action_fts SET updates = {_UPDATES_OF.format(id='old.action_id')} "
    "WHERE rowid = old.action_id; "
    f"UPDATE action_fts SET updates = {_UPDATES_OF.format(id='new.action_id')} "
    "WHERE rowid = new.action_id; END",
    "CREATE TRIGGER action_fts_update_delete AFTER DELETE ON action_update BEGIN "
    f"UPDATE action_fts SET updates = {_UPDATES_OF.format(id='old.action_id')} "
    "WHERE rowid = old.action_id; END",
)

_TRIGGERS = (
    "action_fts_insert",
    "action_fts_update",
    "action_fts_delete",
    "action_fts_update_insert",
    "action_fts_update_update",
    "action_fts_update_delete",
)


def _sqlite_with_fts5() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    options = {row[0] for row in bind.exec_driver_sql("PRAGMA compile_options")}
    # Without FTS5 compiled in, search uses its LIKE fallback, as on other databases.
    return "ENABLE_FTS5" in options


# The register's order: due date (undated last), the date raised, position. One index
# serves searches of one status, the other searches of every status.
_UNDATED_LAST = sa.text("coalesce(due_date, '9999-12-31')")
_REGISTER_INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_action_register_status": ["status", _UNDATED_LAST, "raised_on", "position", "id"],
    "ix_action_register": [_UNDATED_LAST, "raised_on", "position", "id"],
}


def upgrade() -> None:
    for name, columns in _REGISTER_INDEXES.items():
        op.create_index(name, "action", columns)
    if not _sqlite_with_fts5():
        return
    bind = op.get_bind()
    for statement in _STATEMENTS:
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    for name in _REGISTER_INDEXES:
        op.drop_index(name, table_name="action")
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for trigger in _TRIGGERS:
        bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    bind.exec_driver_sql("DROP TABLE IF EXISTS action_fts")
