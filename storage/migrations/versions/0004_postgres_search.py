"""action search on PostgreSQL: a tsvector over action text, owner and update texts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

PostgreSQL's counterpart of the FTS5 index of 0003. The column `action.search_vector`
holds the action's text (weight A), its owner (weight B) and the texts of its updates
(weight C, oldest first), made with the 'simple' configuration: words are lowercased,
never stemmed and no word is dropped, so prefix matching behaves as FTS5's does. Before
that, `action_search_fold` takes accents off letters (Café and Cafe match), turns
punctuation into spaces (NEAR-miss is two words, as FTS5 reads it) and deletes combining
marks; search applies the same function to the words a clerk types. Triggers keep the
column in step with `action` and `action_update`, so no code that writes actions needs
to know it exists, and a GIN index serves the search. On SQLite nothing is done.
"""

import string
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _folding() -> tuple[str, str]:
    """translate()'s two strings: accented Latin letters to plain, punctuation to spaces.

    Characters after the end of the second string are deleted: the combining marks.
    """
    source: list[str] = []
    target: list[str] = []
    latin = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    for code in latin:
        letter = chr(code)
        base = unicodedata.normalize("NFD", letter)[0]
        if base != letter and base.isascii() and base.isalpha():
            source.append(letter)
            target.append(base)
    punctuation = string.punctuation + "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f"
    punctuation += "\u2010\u2011\u2012\u2013\u2014\u2015\u2026\u2022\u00b7\u00ab\u00bb"
    source.extend(punctuation)
    target.extend(" " * len(punctuation))
    combining_marks = "".join(chr(code) for code in range(0x300, 0x370))
    return "".join(source) + combining_marks, "".join(target)


_FROM, _TO = _folding()
assert "$fold$" not in _FROM + _TO

# Between text, owner and updates, a position no query can match ('~' is punctuation,
# which folding removes from every word searched for): a phrase cannot run from the end
# of one into the start of the next, as FTS5 keeps its columns apart. The backslash keeps
# text() from reading ":1" as a parameter.
_GAP = "'~\\:1'::tsvector"

_STATEMENTS = (
    # Dollar quoting keeps quotes and backslashes in the strings literal.
    "CREATE FUNCTION action_search_fold(words text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $body$ "
    f"SELECT translate(words, $fold${_FROM}$fold$, $fold${_TO}$fold$) $body$",
    "CREATE FUNCTION action_search_document(action_id integer, body text, owner text) "
    "RETURNS tsvector LANGUAGE sql STABLE AS $body$ "
    "SELECT setweight(to_tsvector('pg_catalog.simple', "
    "action_search_fold(coalesce(body, ''))), 'A') "
    f"|| {_GAP} || setweight(to_tsvector('pg_catalog.simple', "
    "action_search_fold(coalesce(owner, ''))), 'B') "
    f"|| {_GAP} || setweight(to_tsvector('pg_catalog.simple', action_search_fold(coalesce(("
    "SELECT string_agg(u.text, ' ' ORDER BY u.made_at, u.id) FROM action_update u "
    "WHERE u.action_id = action_search_document.action_id), ''))), 'C') $body$",
    "CREATE FUNCTION action_search_on_action() RETURNS trigger LANGUAGE plpgsql AS $body$ "
    "BEGIN NEW.search_vector := action_search_document(NEW.id, NEW.text, NEW.owner); "
    "RETURN NEW; END $body$",
    "CREATE TRIGGER action_search_action BEFORE INSERT OR UPDATE OF text, owner ON action "
    "FOR EACH ROW EXECUTE FUNCTION action_search_on_action()",
    # An update made, changed, moved to another action or deleted: both actions concerned
    # are indexed again (a deleted action's row is already gone, and is left alone).
    "CREATE FUNCTION action_search_on_update() RETURNS trigger LANGUAGE plpgsql AS $body$ "
    "BEGIN "
    "IF TG_OP <> 'INSERT' THEN UPDATE action SET search_vector = "
    "action_search_document(id, text, owner) WHERE id = OLD.action_id; END IF; "
    "IF TG_OP <> 'DELETE' THEN UPDATE action SET search_vector = "
    "action_search_document(id, text, owner) WHERE id = NEW.action_id; END IF; "
    "RETURN NULL; END $body$",
    "CREATE TRIGGER action_search_update AFTER INSERT OR UPDATE OR DELETE ON action_update "
    "FOR EACH ROW EXECUTE FUNCTION action_search_on_update()",
    "UPDATE action SET search_vector = action_search_document(id, text, owner)",
    "CREATE INDEX ix_action_search ON action USING gin (search_vector)",
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.add_column("action", sa.Column("search_vector", postgresql.TSVECTOR(), nullable=True))
    for statement in _STATEMENTS:
        # text() escapes the % among the punctuation for the driver's placeholders.
        bind.execute(sa.text(statement))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for statement in (
        "DROP TRIGGER IF EXISTS action_search_update ON action_update",
        "DROP TRIGGER IF EXISTS action_search_action ON action",
        "DROP FUNCTION IF EXISTS action_search_on_update()",
        "DROP FUNCTION IF EXISTS action_search_on_action()",
        "DROP FUNCTION IF EXISTS action_search_document(integer, text, text)",
        "DROP FUNCTION IF EXISTS action_search_fold(text)",
        "DROP INDEX IF EXISTS ix_action_search",
    ):
        bind.exec_driver_sql(statement)
    op.drop_column("action", "search_vector")
