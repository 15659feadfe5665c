"""The workstation's local cache: SQLite through SQLAlchemy, every call on the cache's own threads."""
