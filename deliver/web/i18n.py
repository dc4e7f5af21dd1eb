"""Interface language (English or Thai): labels from messages.yaml, facet values from the taxonomy.

The language comes from the ``ui`` URL parameter (so a shared link shows what its sender
saw), else from the ``ui`` cookie the last switch set, else English.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request

from stiwatch.core.facets import FACETS
from stiwatch.core.taxonomy import Taxonomy, load_taxonomy
from stiwatch.core.yamlfile import read_yaml
from stiwatch.crawler.registry import load_sources

logger = logging.getLogger(__name__)

UI_LANGS = ("en", "th")
DEFAULT_UI = "en"
MESSAGES_FILE = Path(__file__).parent / "messages.yaml"
# Facets whose values the taxonomy names, and its table (the others show ids or source names).
_TAXONOMY_FACETS = {f.name: f.labels for f in FACETS if f.labels}


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """``{key: {lang: text}}``; every key has an English text (checked by the tests)."""
    data = read_yaml(MESSAGES_FILE)
    if not isinstance(data, dict):
        raise ValueError(f"{MESSAGES_FILE}: expected a mapping of message keys")
    return {str(k): {str(lang): str(text) for lang, text in v.items()} for k, v in data.items()}


def ui_lang(request: Request) -> str:
    for value in (request.query_params.get("ui"), request.cookies.get("ui")):
        if value in UI_LANGS:
            return value
    return DEFAULT_UI


@lru_cache(maxsize=1)
def _taxonomy() -> Taxonomy | None:
    """The taxonomy, or None when it does not load (labels then show ids, pages still work)."""
    try:
        return load_taxonomy(check_segmentation=False)
    except ValueError:
        logger.exception("the taxonomy does not load; facet values are shown as ids")
        return None


@lru_cache(maxsize=1)
def _source_names() -> dict[str, str]:
    try:
        return {sid: src.name for sid, src in load_sources().items()}
    except ValueError:  # a broken registry must not take the pages down
        return {}


class Translator:
    """Labels in one interface language; ``t("key")`` and ``facet_label(facet, id)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in UI_LANGS else DEFAULT_UI

    def t(self, key: str, **values: Any) -> str:
        entry = messages().get(key)
        if entry is None:
            return key
        text = entry.get(self.lang) or entry.get("en") or key
        return text.format(**values) if values else text

    def error_kind(self, kind: str) -> str:
        """What a crawl error kind means, in the interface language (``http-404``: page not
        found; ``discovery-http-404``: a feed, sitemap or listing page, not found)."""
        if kind.startswith("discovery-"):
            return self.t("errkind.discovery", what=self.error_kind(kind.removeprefix("discovery-")))
        if f"errkind.{kind}" in messages():
            return self.t(f"errkind.{kind}")
        if kind.startswith("http-"):
            return self.t("errkind.http", status=kind.removeprefix("http-"))
        return self.t("errkind.other")

    def facet_label(self, facet: str, value: str) -> str:
        if facet in _TAXONOMY_FACETS:
            taxonomy = _taxonomy()
            return taxonomy.label(_TAXONOMY_FACETS[facet], value, self.lang) if taxonomy else value
        if facet == "language":
            return self.t(f"lang.{value}") if f"lang.{value}" in messages() else value
        if facet == "source":
            return _source_names().get(value, value)
        return value
