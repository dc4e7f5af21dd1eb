"""Translate stage: title and lead of new and updated articles into the configured targets.

Runs after dedupe (an unchanged article is not translated again) and before store.
A pair without an installed model is not a failure: the article goes on with a
``model-missing`` error naming the pair and the command that installs it, and
``stiwatch translate --pending`` fills the translation in later. With no model
installed at all (the default), the stage records that and costs a directory listing
per process: the engine, CTranslate2 and the taxonomy are never loaded.

Settings (``TRANSLATE_*``, one per key of the ``[translate]`` configuration section,
mapped by ``stiwatch.crawler.settings.FROM_CONFIG``): ``TRANSLATE_ENABLED``,
``TRANSLATE_TARGETS``, ``TRANSLATE_LEAD_CHARS``, ``TRANSLATE_MODELS_DIR``,
``TRANSLATE_DEVICE``, ``TRANSLATE_COMPUTE_TYPE``, ``TRANSLATE_BATCH_SIZE``,
``TRANSLATE_BEAM_SIZE``, ``TRANSLATE_THREADS``, ``TRANSLATE_PROTECT_TERMS``; the models
and the cache live in ``STIWATCH_DATA_DIR``. With ``TRANSLATE_ENABLED`` false a crawl
leaves the stage out (``NotConfigured``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar

from scrapy.exceptions import NotConfigured

from stiwatch.core.article import Article
from stiwatch.core.config import DEFAULTS
from stiwatch.pipelines.base import PipelineContext, StagePipeline
from stiwatch.pipelines.translation.articles import (
    Item,
    TranslateConfig,
    build_engine,
    default_settings,
    translate_items,
)
from stiwatch.pipelines.translation.engine import TranslationEngine
from stiwatch.pipelines.translation.models import ModelStore

logger = logging.getLogger(__name__)

PREFIX = "TRANSLATE_"


def config_from_context(context: PipelineContext) -> TranslateConfig:
    """The stage's configuration: its ``TRANSLATE_*`` settings and the data directory."""
    values = {key: context.setting(f"{PREFIX}{key.upper()}") for key in default_settings()}
    # Without a data directory (a stage built outside a crawl): the configured default.
    data_dir = context.setting("STIWATCH_DATA_DIR") or DEFAULTS["data"]["dir"]
    return TranslateConfig(Path(data_dir), values)


class TranslateStage:
    """Fills ``translations`` (title + lead) of new and updated articles."""

    name: ClassVar[str] = "translate"

    def __init__(self, context: PipelineContext) -> None:
        self.config = config_from_context(context)
        self.targets = self.config.targets
        self.lead_chars = int(self.config.get("lead_chars"))
        self._engine: TranslationEngine | None = None
        self._checked = False

    def engine(self) -> TranslationEngine | None:
        """The engine, built on first need; None when no model is installed (checked once)."""
        if not self._checked:
            self._checked = True
            store = ModelStore(self.config.models_dir)
            if store.list():
                self._engine = build_engine(self.config, store)
            else:
                logger.info(
                    "no translation model in %(dir)s: articles get a model-missing error",
                    {"dir": self.config.models_dir},
                )
        return self._engine

    def __call__(self, article: Article) -> Article:
        if not self.config.enabled or article.handoff.status == "unchanged":
            return article
        item = Item(article.language, article.title, article.text, article.translations, article.errors)
        # A re-crawled, changed article must not keep the translation of its old text.
        article.translations.clear()
        translate_items(self.engine(), [item], self.targets, lead_chars=self.lead_chars)
        return article


class TranslatePipeline(StagePipeline):
    stage_class = TranslateStage

    @classmethod
    def from_crawler(cls, crawler: Any) -> StagePipeline:
        """Switched off (``NotConfigured``) when ``TRANSLATE_ENABLED`` is false."""
        if not crawler.settings.getbool(f"{PREFIX}ENABLED", True):
            raise NotConfigured("translation is off (translate.enabled = false)")
        return super().from_crawler(crawler)
