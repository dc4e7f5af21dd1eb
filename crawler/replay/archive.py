"""The bundled archive: per-host manifests mapping real URLs to stored page bytes.

Every stored page says where it came from (``provenance``): ``captured`` (a real copy: where it
was taken from) or ``modelled`` (written here: which real layout it imitates), optionally with
``text_from`` when the article text inside a modelled page is real published text.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from stiwatch.core.yamlfile import read_yaml

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
    provenance: dict[str, str] = field(default_factory=dict)

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
        data = read_yaml(manifest) or {}
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
            provenance = read_provenance(entry["provenance"], where) if "provenance" in entry else {}
            guessed = mimetypes.guess_type(str(file))[0] if file else None
            pages[entry["url"]] = ArchivedPage(
                url=entry["url"],
                status=status,
                content_type=str(entry.get("content_type") or guessed or "application/octet-stream"),
                file=file,
                location=entry.get("location"),
                headers={str(k): str(v) for k, v in (entry.get("headers") or {}).items()},
                provenance=provenance,
            )
    return pages


PROVENANCE_KINDS = ("captured", "modelled")
PROVENANCE_EXTRAS = ("text_from", "licence")


def read_provenance(value: object, where: str) -> dict[str, str]:
    """A page's ``provenance``: exactly one of captured/modelled, plus optional text_from/licence.

    The bundled archive gives one for every stored page (tests/test_replay_server.py holds it);
    archives that tests and benchmarks generate may leave it out.

    Raises:
        ArchiveError: not a mapping with exactly one of the two kinds.
    """
    if not isinstance(value, dict):
        raise ArchiveError(
            f"{where}: provenance must be a mapping (captured: WHERE FROM, or modelled: ON WHICH LAYOUT)"
        )
    kinds = [k for k in PROVENANCE_KINDS if value.get(k)]
    unknown = set(value) - set(PROVENANCE_KINDS) - set(PROVENANCE_EXTRAS)
    if len(kinds) != 1 or unknown:
        raise ArchiveError(
            f"{where}: provenance needs exactly one of captured/modelled (and only text_from, licence)"
        )
    return {str(k): str(v) for k, v in value.items()}
