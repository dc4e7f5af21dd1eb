"""The embedded search backend: SQLite store + tantivy index in one data directory."""

from stiwatch.search.embedded.backend import EmbeddedBackend

__all__ = ["EmbeddedBackend"]
