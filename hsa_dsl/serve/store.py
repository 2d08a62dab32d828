"""The case list and the users of `hsa-dsl serve`, in a database: SQLite by default (a file of
the user's own), or an organisation's PostgreSQL server (``--database URL``).

The tables are declared once, here, with SQLAlchemy Core; their history is Alembic's migrations
(``migrations/versions``), which bring a database of any earlier version up to this one when the
application starts. Every query is built by SQLAlchemy with bound parameters: no text of a user's
is ever pasted into SQL.

A case is stored as the YAML file `hsa-dsl explain` reads (the interview's download), with its
name and the languages it was worked in; it is read back into the interview through the same
YAML, so what is stored is exactly what is exported.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).parent
metadata = sa.MetaData()

cases = sa.Table(
    "cases", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("case_yaml", sa.Text, nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("report_language", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "sessions", metadata,
    # the hash of the session's token: the token itself is only in the browser's cookie
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)


def default_database_url() -> str:
    """A SQLite file of the user's own: ``$XDG_DATA_HOME/hsa-dsl/cases.sqlite3`` (or under
    ``~/.local/share``)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = base / "hsa-dsl"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'cases.sqlite3'}"


def now() -> datetime:
    return datetime.now(timezone.utc)


def engine_for(url: str) -> sa.Engine:
    """An engine for the database at `url`, brought up to the latest migration."""
    if url in ("sqlite://", "sqlite:///:memory:"):
        # one connection shared, or each would see a database of its own
        engine = sa.create_engine(url, poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False})
    elif url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    if url.startswith("sqlite"):
        sa.event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA foreign_keys=ON"))
    migrate(engine)
    return engine


def migrate(engine: sa.Engine) -> None:
    """Bring the database up to the latest of Alembic's migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class CaseStore:
    """The case list: save, search, open, duplicate, delete."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def save(self, case_id: int | None, name: str, case_yaml: str, language: str, report_language: str) -> int:
        """The case saved (a new one where `case_id` is None or names no case); its id."""
        values = {"name": name.strip()[:200], "case_yaml": case_yaml, "language": language,
                  "report_language": report_language, "updated_at": now()}
        with self.engine.begin() as connection:
            if case_id is not None:
                updated = connection.execute(sa.update(cases).where(cases.c.id == case_id).values(**values))
                if updated.rowcount:
                    return case_id
            inserted = connection.execute(sa.insert(cases).values(**values, created_at=values["updated_at"]))
            return int(inserted.inserted_primary_key[0])

    def get(self, case_id: int):
        with self.engine.connect() as connection:
            return connection.execute(sa.select(cases).where(cases.c.id == case_id)).first()

    def search(self, words: str = "", limit: int = 200) -> list:
        """The cases whose name or facts hold every word of `words`, the latest changed first."""
        query = sa.select(cases.c.id, cases.c.name, cases.c.language, cases.c.report_language,
                          cases.c.updated_at).order_by(cases.c.updated_at.desc(), cases.c.id.desc()).limit(limit)
        for word in words.split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(sa.or_(cases.c.name.ilike(pattern, escape="\\"),
                                       cases.c.case_yaml.ilike(pattern, escape="\\")))
        with self.engine.connect() as connection:
            return list(connection.execute(query))

    def duplicate(self, case_id: int, copy_name: str) -> int | None:
        row = self.get(case_id)
        if row is None:
            return None
        return self.save(None, copy_name.format(name=row.name), row.case_yaml, row.language, row.report_language)

    def delete(self, case_id: int) -> bool:
        with self.engine.begin() as connection:
            return bool(connection.execute(sa.delete(cases).where(cases.c.id == case_id)).rowcount)


def has_users(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.select(users.c.id).limit(1)).first() is not None
