"""What translation is missing, said where it matters.

- On the search page: an English word that is not a taxonomy concept finds Thai or
  Vietnamese articles only through their English translation. When no th→en (vi→en)
  model is installed, those articles are invisible to it; the page says how many
  articles in that language pass the filters without matching, so the user knows
  "N Thai articles may match 'cooperation' once a th→en model is installed".
- On the article page: why there is no translation (no model on this server, with
  the command that installs one; not translated yet; translation turned off).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from stiwatch.core.config import Config
from stiwatch.pipelines.translation.articles import STAGE
from stiwatch.pipelines.translation.engine import PIVOT, install_command, missing_model_message
from stiwatch.pipelines.translation.models import ModelStore, models_dir
from stiwatch.search.backend import SearchBackend, SearchQuery
from stiwatch.search.querytext import parse_text

# Languages whose articles English words reach only through a translation.
TRANSLATED_FROM = ("th", "vi")


@dataclass(frozen=True)
class Gap:
    """``count`` articles in ``lang`` may match ``words`` once a lang→en model is installed."""

    lang: str
    count: int
    words: tuple[str, ...]
    command: str


def installed_pairs(config: Config) -> set[tuple[str, str]]:
    directory = models_dir(config.data_dir, str(config.get("translate", "models_dir") or "") or None)
    return set(ModelStore(directory).by_pair())


def _latin_only(alternatives: tuple[tuple[str, ...], ...]) -> bool:
    """The clause has no Thai or Vietnamese alternative (not a concept found in every language)."""
    return all(token.isascii() for alt in alternatives for token in alt)


def search_gaps(backend: SearchBackend, query: SearchQuery, config: Config) -> list[Gap]:
    """The languages whose articles the query's English words cannot reach, and how many."""
    if not query.text:
        return []
    parsed = parse_text(query.text, expand=query.expand)
    words = tuple(c.text for c in parsed.required if _latin_only(c.alternatives))
    # A word no article contains in any language (a typo) is not a translation gap.
    words = tuple(
        w for w in words if backend.search(SearchQuery(text=w, limit=0, facets=(), partial=False)).total
    )
    if not words:
        return []
    pairs = installed_pairs(config)
    gaps = []
    for lang in TRANSLATED_FROM:
        if (lang, PIVOT) in pairs or (query.languages and lang not in query.languages):
            continue
        count = replace(
            query, languages=(lang,), limit=0, offset=0, facets=(), highlight=False, collapse=False
        )
        passing = backend.search(replace(count, text="")).total
        matching = backend.search(count).total
        if passing > matching:
            gaps.append(Gap(lang, passing - matching, words, install_command(lang, PIVOT)))
    return gaps


def article_gap(record: dict[str, Any], wanted: str, config: Config) -> str | None:
    """Why ``record`` has no translation into ``wanted`` (None when it has one or needs none)."""
    lang = str(record.get("language") or "")
    if not lang or lang == wanted or wanted in (record.get("translations") or {}):
        return None
    if not config.get("translate", "enabled"):
        return "translation is turned off on this server (translate.enabled = false)"
    # Said from the models installed now, not from the error the crawl recorded: a model
    # may have been installed since, and older records carry older wording.
    pairs = installed_pairs(config)
    hops = [(lang, wanted)] if PIVOT in (lang, wanted) else [(lang, PIVOT), (PIVOT, wanted)]
    missing = [hop for hop in hops if hop not in pairs]
    if (lang, wanted) not in pairs and missing:
        return (
            f"{missing_model_message(lang, wanted, missing)} on this server "
            f"(then `stiwatch translate {record.get('id')}`)"
        )
    failed = any(e.get("stage") == STAGE for e in record.get("errors") or [])
    state = "the last attempt failed" if failed else "not translated yet"
    return f"{state}: `stiwatch translate {record.get('id')}`"
