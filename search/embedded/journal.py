"""The one window between the embedded backend's two commits, closed.

The embedded backend commits SQLite (the truth) first, then the tantivy index. A writer
killed between the two leaves SQLite holding records the index lacks (or has in an older
version); the next crawl finds them stored and unchanged, so it never writes them
again, and searches would miss them for good. So before committing, the writer lists
the ids of the batch in ``<data dir>/index-pending.json`` and removes the file once the
index has committed. Only one process holds the index's writer at a time: whoever takes
it next and finds the file re-indexes those ids from SQLite.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

PENDING_FILE = "index-pending.json"


class CommitJournal:
    """``index-pending.json``: the ids of a commit that may not have reached the index."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / PENDING_FILE

    def begin(self, ids: Iterable[str]) -> None:
        """Record the ids about to be committed (durable before SQLite commits)."""
        known = set(self.pending() or [])  # a repair not finished yet keeps its ids
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(sorted(known | set(ids)), fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.path)

    def end(self) -> None:
        """The index has committed: nothing is pending."""
        self.path.unlink(missing_ok=True)

    def pending(self) -> list[str] | None:
        """Ids a dead writer committed to SQLite but maybe not to the index; None if none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return []  # unreadable: the caller re-indexes everything
        return [str(i) for i in data] if isinstance(data, list) else []
