"""Translate stage: title and lead of new and updated articles into the configured targets.

Runs after dedupe (an unchanged article is not translated again) and before store.
A pair without an installed model is not a failure: the article goes on with a
``model-missing`` error naming the pair and the command that installs it, and
``stiwatch translate --pending`` fills the translation in later. With no model
installed at all (the default), the stage records that and costs a directory listing
per process: the engine, CTranslate2 and the taxonomy are never loaded.

Settings (``TRANSLATE_*``, from the ``[translate]`` configuration section):
``TRANSLATE_ENABLED``, ``TRANSLATE_TARGETS``, ``TRANSLATE_LEAD_CHARS``,
``TRANSLATE_MODELS_DIR``, ``TRANSLATE_DEVICE``, ``TRANSLATE_COMPUTE_TYPE``,
``TRANSLATE_BATCH_SIZE``, ``TRANSLATE_BEAM_SIZE``, ``TRANSLATE_THREADS``,
``TRANSLATE_PROTECT_TERMS``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from crawler.items import Article
from pipelines.base import PipelineContext, StagePipeline
from pipelines.translation.articles import (
    Item,
    TranslateConfig,
    build_engine,
    default_settings,
    translate_items,
)
from pipelines.translation.engine import TranslationEngine
from pipelines.translation.models import ModelStore

logger = logging.getLogger(__name__)

PREFIX = "TRANSLATE_"


def translate_settings(section: Mapping[str, Any]) -> dict[str, Any]:
    """The ``[translate]`` configuration section as ``TRANSLATE_*`` stage settings."""
    return {f"{PREFIX}{key.upper()}": value for key, value in section.items()}


def config_from_context(context: PipelineContext) -> TranslateConfig:
    """The stage's configuration: ``TRANSLATE_*`` settings over the defaults."""
    values = default_settings()
    for key in values:
        setting = context.setting(f"{PREFIX}{key.upper()}")
        if setting is not None:
            values[key] = setting
    data_dir = context.setting("STIWATCH_DATA_DIR")
    if not data_dir:
        from stiwatch.config import load_config

        data_dir = str(load_config().data_dir)
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
        if not self.config.enabled or article.meta.get("status") == "unchanged":
            return article
        item = Item(article.language, article.title, article.text, article.translations, article.errors)
        # A re-crawled, changed article must not keep the translation of its old text.
        article.translations.clear()
        translate_items(self.engine(), [item], self.targets, lead_chars=self.lead_chars)
        return article


class TranslatePipeline(StagePipeline):
    stage_class = TranslateStage
