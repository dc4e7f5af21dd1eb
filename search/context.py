"""The stages' context for a plain ``scrapy crawl stiwatch``: the configured backend as store.

``stiwatch crawl`` (``stiwatch.operate.crawl``) attaches its own context to the crawler.
Without one, the pipeline stages build theirs with the factory that the
``STIWATCH_CONTEXT_FACTORY`` setting names, which is :func:`crawl_context`: the search
layer opens the backend, so the pipelines never import it.
"""

from __future__ import annotations

from typing import Any

from stiwatch.core.config import load_config
from stiwatch.core.tokencache import open_cache
from stiwatch.pipelines.base import PipelineContext
from stiwatch.pipelines.process import build_context
from stiwatch.search.factory import open_outage_tolerant


def crawl_context(crawler: Any) -> PipelineContext:
    """The registry, the crawler's settings and the backend the configuration selects
    (working directory and environment, as ``stiwatch`` reads them)."""
    config = load_config()
    name = config.get("search", "backend")
    options = dict(config.values.get(name) or {}) if name == "elasticsearch" else {}
    # As `stiwatch crawl`: a remote backend that is down does not stop the crawl (spool).
    retry = float(config.get("search", "outage_retry"))
    backend = open_outage_tolerant(name, config.data_dir, retry_seconds=retry, **options)
    settings = {**crawler.settings.copy_to_dict(), "STIWATCH_DATA_DIR": str(config.data_dir)}
    return build_context(settings, store=backend, tokens=open_cache(config.data_dir))
