"""Open the configured search backend (optionally one that survives a remote backend's outage)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stiwatch.core.config import load_config
from stiwatch.core.tokencache import open_cache
from stiwatch.search.backend import BackendUnavailable, SearchBackend
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.outage import OutageTolerantBackend


def open_backend(name: str, data_dir: Path, **options: Any) -> SearchBackend:
    """The backend called ``name`` (``embedded`` or ``elasticsearch``).

    Args:
        options: for ``elasticsearch``, the ``[elasticsearch]`` configuration keys;
            when none are given they are read from the configuration (stiwatch.toml
            and STIWATCH_ELASTICSEARCH_* variables) for ``data_dir``.

    Raises:
        BackendUnavailable: the backend is unknown or cannot be opened; the message says why.
    """
    if name == "embedded":
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackendUnavailable(f"data directory {data_dir} is not usable: {exc}") from None
        return EmbeddedBackend(data_dir)
    if name == "elasticsearch":
        # defers the elasticsearch client (heavy, optional): loaded only for this backend.
        from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings

        if not options:
            options = dict(load_config(data_dir=data_dir).values["elasticsearch"])
        return ElasticsearchBackend(ElasticsearchSettings.from_options(options), tokens=open_cache(data_dir))
    raise BackendUnavailable(f"unknown search backend {name!r}")


def open_outage_tolerant(name: str, data_dir: Path, *, retry_seconds: float, **options: Any) -> SearchBackend:
    """Like :func:`open_backend`, but a remote backend that is down does not raise: it is
    wrapped in an :class:`OutageTolerantBackend` that tries it again every ``retry_seconds``.

    The embedded backend has no outage (opening it fails only on an unusable data
    directory, which is raised). A misconfigured Elasticsearch section is raised too:
    waiting would not fix it.
    """
    if name != "elasticsearch":
        return open_backend(name, data_dir, **options)
    # defers the elasticsearch client (heavy, optional): loaded only for this backend.
    from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings

    if not options:
        options = dict(load_config(data_dir=data_dir).values["elasticsearch"])
    settings = ElasticsearchSettings.from_options(options)
    return OutageTolerantBackend(
        name,
        lambda: ElasticsearchBackend(settings, tokens=open_cache(data_dir)),
        data_dir,
        retry_seconds=retry_seconds,
    )
