"""Facet values by their names in the brief's language: the taxonomy's names (English, Thai,
Vietnamese) and the source registry's."""

from __future__ import annotations

from functools import lru_cache

from stiwatch.core.facets import BY_NAME
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.crawler.registry import load_sources
from stiwatch.deliver.brief.model import Namer


@lru_cache(maxsize=1)
def _sources() -> dict[str, str]:
    try:
        return {sid: src.name for sid, src in load_sources().items()}
    except ValueError:  # a broken registry must not stop a brief: ids are shown
        return {}


def namer(lang: str) -> Namer:
    """``name(facet, value)`` in ``lang``; unknown values are shown as they are."""
    taxonomy = load_taxonomy(check_segmentation=False)

    def name(facet: str, value: str) -> str:
        if facet == "source":
            return _sources().get(value, value)
        table = BY_NAME[facet].labels if facet in BY_NAME else None
        return taxonomy.label(table, value, lang) if table else value

    return name
