"""Storage: SQLAlchemy Core over SQLite (WAL, the default) or PostgreSQL, with versioned migrations."""

from sitrep.store.database import DEFAULT_URL, Store
from sitrep.store.queries import EventFilter

__all__ = ["DEFAULT_URL", "EventFilter", "Store"]
