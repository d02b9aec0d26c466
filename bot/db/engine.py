"""Opening the shared database: the URL from the settings, migrations on first open.

One `Database` per URL per process (the web chat and the Slack app in one process share it).
The first open runs the Alembic migrations up to the newest, under a lock so that two
instances starting together do not both create the tables.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import SQLAlchemyError

import bot.db.schema as schema
from bot.errors import ConfigError, StoreError

log = logging.getLogger(__name__)
FILE_NAME = "briefbot.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 7_314_159  # Postgres advisory lock held while migrating
# The newest migration in migrations/versions (a test checks it against Alembic's own reading).
# A database already there opens without importing Alembic, a quarter of a second.
HEAD = "0003"
_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def database_url(settings) -> str:
    """BRIEFBOT_DATABASE_URL, else a SQLite file in the store folder."""
    if settings.database_url:
        return settings.database_url
    folder = Path(settings.store).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / FILE_NAME}"


def database_for(settings) -> Database:
    """The (migrated) database the settings name, opened once per process."""
    url = database_url(settings)
    with _OPEN_LOCK:
        db = _OPEN.get(url)
        if db is None:
            db = Database(url)
            db.upgrade()
            if not settings.database_url or settings.database_url == url:
                from bot.db.legacy import import_feedback_file

                import_feedback_file(db, Path(settings.store).expanduser())
            _OPEN[url] = db
        return db


class Database:
    """A SQLAlchemy engine for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = _engine(url)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise ConfigError(f"BRIEFBOT_DATABASE_URL {_safe(url)}: {exc}") from None

    @property
    def safe_url(self) -> str:
        """The URL without its password."""
        return _safe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def upgrade(self) -> str:
        """Run the migrations up to the newest; returns the revision the database is at."""
        try:
            if self.revision() == HEAD:
                return HEAD
        except SQLAlchemyError:
            pass  # a new database: no alembic_version table yet
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        for attempt in range(3):
            try:
                with self.engine.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                return self.revision()
            except SQLAlchemyError as exc:  # another instance migrating at the same moment
                if attempt == 2:
                    raise StoreError(
                        f"could not prepare the database {_safe(self.url)}: {exc}"
                    ) from None
                time.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")

    def revision(self) -> str:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""

    def get_meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(schema.meta.delete().where(schema.meta.c.key == key))
            conn.execute(schema.meta.insert().values(key=key, value=value))


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 (a URL that does not parse is shown as the user wrote it)
        return url.split("@")[-1]
