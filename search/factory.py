"""Open the configured search backend."""

from __future__ import annotations

from pathlib import Path

from search.backend import BackendUnavailable, SearchBackend


def open_backend(name: str, data_dir: Path, **options: str) -> SearchBackend:
    """The backend called ``name`` (``embedded`` or ``elasticsearch``).

    Raises:
        BackendUnavailable: the backend is unknown or cannot be opened; the message says why.
    """
    if name == "embedded":
        from search.embedded import EmbeddedBackend

        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackendUnavailable(f"data directory {data_dir} is not usable: {exc}") from None
        return EmbeddedBackend(data_dir)
    if name == "elasticsearch":
        raise BackendUnavailable(
            "the Elasticsearch backend is not available in this version; use search.backend = 'embedded'"
        )
    raise BackendUnavailable(f"unknown search backend {name!r}")
