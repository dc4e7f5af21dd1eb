"""Latin-script languages: English, Filipino, Indonesian and Malay told apart.

langdetect has no Malay profile and calls short English titles Polish; it also has no way
to use what the source declares. The rule here, in order:

1. The source's declared languages narrow the candidates: a source that publishes only in
   English and Khmer gets English for every Latin-script page.
2. Function words decide the group (English, Filipino, Indonesian/Malay) when one group
   clearly has more of them (``langdata/markers.yaml``); short texts with too few go to
   langdetect restricted to the candidates.
3. Indonesian or Malay: the one the source declares, else the lexical markers of the two
   written norms (karena/kerana, persen/peratus, Maret/Mac, ...), else the page's declared
   ``<html lang>``, else the country of the page's host (``.my``, ``.bn``: Malay; ``.id``:
   Indonesian), else Indonesian; every decision short of a clear marker majority is
   reported as unsure (``LatinGuess.unsure``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from stiwatch.pipelines.langdata import load

LATIN_LANGUAGES = ("en", "tl", "id", "ms")
ID_MS = frozenset({"id", "ms"})
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class LatinGuess:
    """The language, and the alternatives when the rule was not sure (else empty)."""

    language: str
    unsure: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Markers:
    min_hits: int
    ratio: float
    function_words: dict[str, frozenset[str]]
    id_ms_min: int
    id_ms_ratio: float
    id_words: dict[str, frozenset[str]]  # language -> single words
    id_phrases: dict[str, frozenset[str]]  # language -> two-word phrases
    host_countries: dict[str, str]  # country-code top-level domain -> id or ms
    name_articles: dict[str, re.Pattern[str]]  # group -> its articles before a capitalised name


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    data = load("markers")
    idms = data["id_ms"]
    words: dict[str, frozenset[str]] = {}
    phrases: dict[str, frozenset[str]] = {}
    for lang in ("id", "ms"):
        terms = [str(t).lower() for t in idms[lang]]
        words[lang] = frozenset(t for t in terms if " " not in t)
        phrases[lang] = frozenset(t for t in terms if " " in t)
    return _Markers(
        min_hits=int(data["min_hits"]),
        ratio=float(data["ratio"]),
        function_words={g: frozenset(str(w).lower() for w in ws) for g, ws in data["function_words"].items()},
        id_ms_min=int(idms["min_hits"]),
        id_ms_ratio=float(idms["ratio"]),
        id_words=words,
        id_phrases=phrases,
        host_countries={str(k): str(v) for k, v in (idms.get("host_countries") or {}).items()},
        name_articles={
            g: re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(str(w)) for w in ws)})\s+[A-Z]", re.IGNORECASE)
            for g, ws in (data.get("name_articles") or {}).items()
        },
    )


def _idms_hits(words: Sequence[str]) -> int:
    m = _markers()
    return sum(1 for w in words if w in m.id_words["id"] or w in m.id_words["ms"])


def _other_hits(words: Sequence[str], groups: Sequence[str]) -> int:
    m = _markers()
    return sum(1 for g in groups if g != "id-ms" for w in words if w in m.function_words[g])


def _group(lang: str) -> str:
    return "id-ms" if lang in ID_MS else lang


def _clear_winner(scores: dict[str, int], min_hits: int, ratio: float) -> str | None:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < min_hits:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return ranked[0][0] if ranked[0][1] >= ratio * runner_up and ranked[0][1] > runner_up else None


def host_language(url: str | None) -> str | None:
    """Indonesian or Malay as the country of ``url``'s host suggests (None: no hint)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return _markers().host_countries.get(host.rsplit(".", 1)[-1]) if "." in host else None


def indonesian_or_malay(
    words: Sequence[str], declared: Sequence[str], html_lang: str | None, url: str | None = None
) -> LatinGuess:
    """Indonesian or Malay, from the source's languages, the markers, ``html_lang``, the host."""
    both = [lang for lang in ("id", "ms") if lang in declared]
    if len(both) == 1:
        return LatinGuess(both[0])
    m = _markers()
    scores = {lang: sum(1 for w in words if w in m.id_words[lang]) for lang in ("id", "ms")}
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    for lang in ("id", "ms"):
        scores[lang] += sum(1 for p in pairs if p in m.id_phrases[lang])
    clear = _clear_winner(scores, m.id_ms_min, m.id_ms_ratio)
    if clear:
        return LatinGuess(clear)
    options = ("id", "ms")
    if scores["id"] != scores["ms"]:
        return LatinGuess(max(options, key=lambda lang: scores[lang]), options)
    if html_lang in ID_MS:
        return LatinGuess(html_lang, options)
    return LatinGuess(host_language(url) or "id", options)


def latin_language(
    text: str,
    candidates: Sequence[str],
    *,
    declared: Sequence[str] = (),
    html_lang: str | None = None,
    url: str | None = None,
    detector: Callable[[str, tuple[str, ...]], str | None] | None = None,
) -> LatinGuess | None:
    """The Latin-script language of ``text`` among ``candidates`` (None: none applies).

    Args:
        candidates: allowed Latin-script languages (en, tl, id, ms).
        declared: the languages the source declares (narrow the candidates when they
            name at least one of them).
        html_lang: the page's declared language (a tie-breaker for Indonesian/Malay only).
        url: the page's address (its host's country is the next tie-breaker for them).
        detector: langdetect restricted to a tuple of candidates, for texts with too few
            function words.
    """
    pool = [lang for lang in candidates if lang in LATIN_LANGUAGES]
    narrowed = [lang for lang in pool if lang in declared]
    pool = narrowed or pool
    if not pool:
        return None
    words = _WORD.findall(text.lower())
    if len(pool) == 1:
        return LatinGuess(pool[0])
    groups = sorted({_group(lang) for lang in pool})
    group: str | None = groups[0] if len(groups) == 1 else None
    if group is None:
        m = _markers()
        scores = {g: sum(1 for w in words if w in m.function_words[g]) for g in groups}
        for g, article in m.name_articles.items():
            if g in scores:
                scores[g] += sum(1 for hit in article.finditer(text) if hit.group()[-1].isupper())
        group = _clear_winner(scores, m.min_hits, m.ratio)
    if group is None and "id-ms" in groups and _idms_hits(words) and not _other_hits(words, groups):
        # No function words at all (a headline), but words only Indonesian or Malay write.
        group = "id-ms"
    if group is None and detector is not None:
        # langdetect reads an all-capitals headline as English; its profiles are lower case.
        found = detector(text if not text.isupper() else text.lower(), tuple(pool))
        group = _group(found) if found else None
    if group is None:
        return None
    if group != "id-ms":
        return LatinGuess(group)
    idms = [lang for lang in pool if lang in ID_MS]
    if len(idms) == 1:
        return LatinGuess(idms[0])
    return indonesian_or_malay(words, declared, html_lang, url)
