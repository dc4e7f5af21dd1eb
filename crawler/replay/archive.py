"""The bundled archive: per-host manifests mapping real URLs to stored page bytes."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ARCHIVE_DIR = Path(__file__).parent / "archive"


class ArchiveError(ValueError):
    """A manifest is malformed or points at a missing file."""


@dataclass(frozen=True)
class ArchivedPage:
    """One URL as the archive serves it."""

    url: str
    status: int = 200
    content_type: str = "text/html"
    file: Path | None = None
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> bytes:
        return self.file.read_bytes() if self.file else b""

    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body()).hexdigest()[:20] + '"'


def load_archive(root: Path = ARCHIVE_DIR) -> dict[str, ArchivedPage]:
    """All archived pages by exact URL.

    Raises:
        ArchiveError: naming the manifest and entry that is wrong.
    """
    pages: dict[str, ArchivedPage] = {}
    for manifest in sorted(root.glob("*/manifest.yaml")):
        host_dir = manifest.parent
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        for i, entry in enumerate(data.get("pages") or []):
            where = f"{manifest.relative_to(root)} entry {i + 1}"
            if not isinstance(entry, dict) or "url" not in entry:
                raise ArchiveError(f"{where}: needs a url")
            status = int(entry.get("status", 200))
            file = host_dir / entry["file"] if entry.get("file") else None
            if file is not None and not file.is_file():
                raise ArchiveError(f"{where}: file {entry['file']} does not exist")
            if file is None and not 300 <= status < 400 and status != 404:
                raise ArchiveError(f"{where}: needs a file for status {status}")
            guessed = mimetypes.guess_type(str(file))[0] if file else None
            pages[entry["url"]] = ArchivedPage(
                url=entry["url"],
                status=status,
                content_type=str(entry.get("content_type") or guessed or "application/octet-stream"),
                file=file,
                location=entry.get("location"),
                headers={str(k): str(v) for k, v in (entry.get("headers") or {}).items()},
            )
    return pages
