"""The values each facet accepts, and the nearest valid ones for a value that is not.

Every entry point checks filter values the same way (``stiwatch search``, ``GET
/api/search``, the pages, subscriptions and ``alerts add``), through
:func:`check_filters`, called by ``stiwatch.search.query.build_query``:

- countries, agencies, themes and cooperation types: the taxonomy's ids;
- languages: the languages of the registered sources and of ``pipeline.languages``'
  default (``languages.yaml`` beside this file names them, for suggestions);
- sources: the registry's ids and ``manual`` (pages added by hand);
- forums: any ``NAME-NUMBER`` (``COSTI-84``); new meetings appear all the time.

A refused value gets the nearest valid ones: a value that is a name or alias of an
id (``Vietnam`` → ``VN``, ``thai`` → ``th``, ``chips`` → ``semiconductors``), else the
ids and names closest in spelling (``vietnamplus`` → ``vietnamplus-en``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

from stiwatch.core.facets import BY_NAME, FACETS, PARTNER, Facet
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.core.text import fold_latin
from stiwatch.core.yamlfile import read_yaml
from stiwatch.crawler.registry import load_sources

LANGUAGES_FILE = Path(__file__).parent / "languages.yaml"
MANUAL_SOURCE = "manual"
DEFAULT_LANGUAGES = ("th", "vi", "en")
FORUM = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+$")
# The command that lists each facet's values (named in messages).
LISTED_BY = {
    "country": "stiwatch countries",
    "agency": "stiwatch agencies",
    "theme": "stiwatch themes",
    "source": "stiwatch sources list --all",
}


class UnknownValue(ValueError):
    """A filter value no facet accepts; the message names the nearest valid ones."""

    def __init__(self, message: str, facet: str, value: str, suggestions: Sequence[str]) -> None:
        super().__init__(message)
        self.facet = facet
        self.value = value
        self.suggestions = list(suggestions)


def _key(text: str) -> str:
    return " ".join(fold_latin(text).casefold().split())


@lru_cache(maxsize=1)
def _languages() -> dict[str, tuple[str, ...]]:
    data = read_yaml(LANGUAGES_FILE) or {}
    return {str(k): tuple(str(n) for n in v or ()) for k, v in data.items()}


@cache
def vocabulary(facet: str) -> dict[str, tuple[str, ...]] | None:
    """``{id: names and aliases}`` of the values ``facet`` accepts; None: any value of
    its form (forums)."""
    if facet == "forum":
        return None
    declared = BY_NAME[facet]
    if declared.labels:
        taxonomy = load_taxonomy(check_segmentation=False)
        table = getattr(taxonomy, declared.labels)
        out: dict[str, tuple[str, ...]] = {}
        for ident, entry in table.items():
            names = list(getattr(entry, "names", {}).values())
            aliases = getattr(entry, "all_aliases", None)
            if callable(aliases):
                names += [a.text for a in aliases()]
            for keyword in getattr(entry, "keywords", ()):
                names += [t.text for t in keyword.terms]
            out[ident] = tuple(dict.fromkeys(names))
        return out
    if facet == "source":
        sources = {sid: (s.name,) for sid, s in load_sources().items()}
        return {**sources, MANUAL_SOURCE: ("added by hand",)}
    if facet == "language":
        langs = set(DEFAULT_LANGUAGES)
        for source in load_sources().values():
            langs.update(source.languages)
        known = _languages()
        return {lang: known.get(lang, ()) for lang in sorted(langs)}
    return None


def nearest(facet: str, value: str, n: int = 3) -> list[str]:
    """Up to ``n`` valid ids closest to ``value``: ids it names first, then by spelling."""
    table = vocabulary(facet) or {}
    typed = _key(value)
    named = [ident for ident, names in table.items() if typed in {_key(x) for x in names}]
    if named:
        return named[:n]
    by_key: dict[str, str] = {}
    for ident, names in table.items():
        by_key.setdefault(_key(ident), ident)
        for name in names:
            by_key.setdefault(_key(name), ident)
    close = difflib.get_close_matches(typed, list(by_key), n=n * 3, cutoff=0.6)
    # A typed prefix of ids ("vietnamplus" for vietnamplus-en, vietnamplus-vi) counts too.
    prefixed = [k for k in by_key if len(typed) >= 3 and k.startswith(typed)]
    return list(dict.fromkeys(by_key[k] for k in (*close, *sorted(prefixed))))[:n]


def _suggestion_text(facet: str, ids: Sequence[str]) -> str:
    if not ids:
        return ""
    taxonomy_facet = BY_NAME[facet].labels
    names = []
    for ident in ids:
        label = ""
        if taxonomy_facet:
            label = load_taxonomy(check_segmentation=False).label(taxonomy_facet, ident)
        names.append(f"{ident} ({label})" if label and label != ident else ident)
    return f": did you mean {' or '.join(names)}?"


def check_values(facet: Facet, values: Iterable[str], *, what: str | None = None) -> None:
    """Raise :class:`UnknownValue` for the first value ``facet`` does not accept.

    Args:
        what: how the message names the filter (default: the facet's name).
    """
    table = vocabulary(facet.name)
    label = what or facet.name
    for value in values:
        if table is None:
            if facet.name == "forum" and not FORUM.match(value):
                raise UnknownValue(
                    f"bad forum {value!r}: a meeting name and its number, e.g. COSTI-84",
                    facet.name,
                    value,
                    [],
                )
            continue
        if value in table:
            continue
        ids = nearest(facet.name, value)
        listed = LISTED_BY.get(facet.name)
        hint = f" (see `{listed}`)" if listed else f" (one of {', '.join(sorted(table))})"
        raise UnknownValue(
            f"unknown {label} {value!r}{_suggestion_text(facet.name, ids)}{hint}", facet.name, value, ids
        )


def check_filters(filters: Mapping[str, Sequence[str]]) -> None:
    """Check every filter, given by ``SearchQuery`` attribute (``countries=...``, ``partners=...``)."""
    by_query = {f.query: f for f in FACETS}
    for attribute, values in filters.items():
        if attribute == PARTNER.query:
            check_values(PARTNER.facet, values, what="partner country")
        elif attribute in by_query:
            check_values(by_query[attribute], values)
