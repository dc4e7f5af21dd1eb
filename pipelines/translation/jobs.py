"""Translation over stored articles: one article on demand, or the pending ones in batches.

Used by ``stiwatch translate`` and the HTTP API. Records are read from and written
back to the search backend (which re-indexes the translated fields).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from stiwatch.pipelines.translation.articles import (
    Item,
    TranslateConfig,
    build_engine,
    is_pending,
    translate_items,
)
from stiwatch.pipelines.translation.engine import TranslationEngine
from stiwatch.pipelines.translation.models import ModelStore

logger = logging.getLogger(__name__)


class ArticleNotFound(LookupError):
    pass


def engine_or_none(config: TranslateConfig) -> TranslationEngine | None:
    """The engine, or None when no model is installed (nothing is loaded then)."""
    store = ModelStore(config.models_dir)
    return build_engine(config, store) if store.list() else None


def translate_article(
    backend: Any,
    article_id: str,
    config: TranslateConfig,
    *,
    full: bool = False,
    only: Sequence[str] | None = None,
    engine: TranslationEngine | None = None,
) -> dict[str, Any]:
    """Translate one stored article, store it, and return the updated record.

    Raises:
        ArticleNotFound: no article with this id.
    """
    record = backend.get(article_id)
    if record is None:
        raise ArticleNotFound(article_id)
    engine = engine if engine is not None else engine_or_none(config)
    translate_items(
        engine,
        [Item.of_record(record)],
        config.targets,
        lead_chars=int(config.get("lead_chars")),
        full=full,
        only=only,
    )
    backend.upsert([record])
    backend.commit()
    return dict(record)


def translate_pending(
    backend: Any,
    config: TranslateConfig,
    *,
    batch: int = 32,
    limit: int | None = None,
    engine: TranslationEngine | None = None,
) -> dict[str, Any]:
    """Translate every stored article with a missing target, ``batch`` articles per engine call."""
    started = time.perf_counter()
    targets = config.targets
    pending = [r["id"] for r in backend.iter_records() if is_pending(r, targets)]
    if limit is not None:
        pending = pending[:limit]
    engine = engine if engine is not None else (engine_or_none(config) if pending else None)
    totals = {"pending": len(pending), "articles": 0, "translated": 0, "missing": 0}
    for i in range(0, len(pending), max(batch, 1)):
        records = backend.get_many(pending[i : i + batch])
        counts = translate_items(
            engine,
            [Item.of_record(r) for r in records],
            targets,
            lead_chars=int(config.get("lead_chars")),
            skip_present=True,
        )
        backend.upsert(records)
        backend.commit()
        totals["articles"] += len(records)
        totals["translated"] += counts["translated"]
        totals["missing"] += counts["missing"]
    result: dict[str, Any] = {**totals, "seconds": round(time.perf_counter() - started, 3)}
    if engine is not None:
        result["engine"] = engine.stats.as_dict()
    return result
