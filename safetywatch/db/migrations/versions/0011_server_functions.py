"""SQLite's functions the program's SQL uses, on PostgreSQL: instr, group_concat, json_valid

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 20:10:00.000000

The program writes its SQL once for both engines (``db.dialect``). Two SQLite functions it relies on have no
PostgreSQL namesake; they are defined here with SQLite's meaning, so a statement reads the same on both:

- ``instr(haystack, needle)``: the 1-based position of *needle*, 0 when absent (PostgreSQL's ``strpos``);
- ``group_concat(value [, separator])``: the non-NULL values joined, in the order the rows arrive, NULL for
  none; the separator defaults to ``,``;
- ``json_valid(text)``: whether the text is well-formed JSON (the audit check reads events a tamperer may
  have garbled; a cast alone would abort the check instead of reporting the event).

JSON paths differ in syntax and are chosen per engine where used (``json_extract`` / ``->``).

Nothing changes on SQLite.
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_FUNCTIONS = (
    "CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT strpos($1, $2)'",
    "CREATE FUNCTION sw_group_concat_step(text, text, text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS 'SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || $3 || $2 END'",
    "CREATE FUNCTION sw_group_concat_step(text, text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS 'SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || '','' || $2 END'",
    "CREATE AGGREGATE group_concat(text, text) (SFUNC = sw_group_concat_step, STYPE = text)",
    "CREATE AGGREGATE group_concat(text) (SFUNC = sw_group_concat_step, STYPE = text)",
    # PARALLEL UNSAFE: it catches the cast's error in a subtransaction, which nothing in parallel mode may start
    # (not even the leader): a statement calling it is planned serial
    "CREATE FUNCTION json_valid(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE AS "
    "$body$ BEGIN PERFORM $1::json; RETURN $1 IS NOT NULL; EXCEPTION WHEN others THEN RETURN false; END $body$",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS json_valid(text)")
    op.execute("DROP AGGREGATE IF EXISTS group_concat(text)")
    op.execute("DROP AGGREGATE IF EXISTS group_concat(text, text)")
    op.execute("DROP FUNCTION IF EXISTS sw_group_concat_step(text, text)")
    op.execute("DROP FUNCTION IF EXISTS sw_group_concat_step(text, text, text)")
    op.execute("DROP FUNCTION IF EXISTS instr(text, text)")
