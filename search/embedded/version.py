"""``index-version.json``: what the embedded index was built with.

``schema`` and ``analysis`` must equal the running ones, or the index is rebuilt from the
article store on open. ``concepts``, the concept matcher's fingerprint
(stiwatch.search.concepts), only decides how concepts are searched: by their indexed key
when it is the running one, else by expansion (same results, slower) until a reindex.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from stiwatch.search.concepts import fingerprint
from stiwatch.search.embedded.index import INDEX_VERSION

logger = logging.getLogger(__name__)

VERSION_FILE = "index-version.json"


class IndexVersion:
    """The version file of the index in ``data_dir``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / VERSION_FILE
        # (the file's mtime when read, whether its concept fingerprint is the running one)
        self._concepts_seen: tuple[int, bool] | None = None
        self._stale_warned = False

    def stored(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def current(self) -> bool:
        """Whether the index was built with the running schema and analysis."""
        stored = self.stored()
        return {key: stored.get(key) for key in INDEX_VERSION} == INDEX_VERSION

    def write(self) -> None:
        """Record that the whole index was just built by this version (written last)."""
        self.path.write_text(json.dumps({**INDEX_VERSION, "concepts": fingerprint()}), encoding="utf-8")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def concepts_indexed(self) -> bool:
        """Whether the index holds the running taxonomy's concept keys (read again when the
        file changes: another process may have reindexed); warns once when it does not."""
        try:
            mtime = self.path.stat().st_mtime_ns
        except OSError:
            mtime = -1
        if self._concepts_seen is None or self._concepts_seen[0] != mtime:
            built = self.stored().get("concepts")
            fresh = built == fingerprint()
            self._concepts_seen = (mtime, fresh)
            if not fresh and not self._stale_warned:
                self._stale_warned = True
                logger.warning(
                    "the search index in %(dir)s was built with another taxonomy (concepts "
                    "%(built)s, now %(now)s): searches expand concepts at query time, which is "
                    "slower, until `stiwatch reindex`",
                    {"dir": self.path.parent, "built": built or "none", "now": fingerprint()},
                )
        return self._concepts_seen[1]
