"""Language identification: the script first, then the Latin-script rule of ``latin``.

With all 55 profiles langdetect calls short English titles Polish or Dutch, and
Thai text full of English acronyms is still Thai; so Thai, Lao, Khmer, Myanmar and
Chinese are decided by their letters, Vietnamese by the letters only it writes, and
only the remaining Latin text goes to the function-word rule (English, Filipino,
Indonesian/Malay; ``stiwatch.pipelines.latin``), which uses the source's declared
languages and asks a detector loaded with the allowed languages when a text is too short.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from stiwatch.core.article import Article
from stiwatch.core.text import THAI_CHAR, VIETNAMESE_CHAR, nfc
from stiwatch.pipelines.base import SETTING_DEFAULTS, PipelineContext, StagePipeline
from stiwatch.pipelines.latin import LatinGuess, latin_language

UNDETERMINED = "und"
# Enough text for a stable answer; langdetect's cost grows with the input.
_SAMPLE_CHARS = 1500
# langdetect's n-gram pass is linear in its input; a few sentences decide among Latin languages.
_DETECT_CHARS = 600
# Thai letters (with their marks) often count fewer than the Latin letters of the
# acronyms around them ("ASEAN Talent Mobility ต่อการประชุม SCIRD-59" is Thai).
_THAI_SHARE = 0.25
_VI_MIN_LETTERS = 1
_VI_SHARE = 0.02

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
# Scripts decided by their letters alone, for the ASEAN languages langdetect lacks.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lo", re.compile(r"[\u0E80-\u0EFF]")),
    ("km", re.compile(r"[\u1780-\u17FF]")),
    ("my", re.compile(r"[\u1000-\u109F]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
)
# Project language codes → langdetect profile names (langdetect has no "ms": the
# Indonesian profile stands in, the written languages being close).
_PROFILES: dict[str, tuple[str, ...]] = {
    "zh": ("zh-cn", "zh-tw"),
    "ms": ("id",),
}
_LOCK = threading.Lock()
# Languages decided by their script alone (never by langdetect among Latin languages).
_SCRIPT_ONLY = frozenset({"th", *(lang for lang, _ in _SCRIPTS)})


def _profile_dir() -> Path:
    import langdetect

    return Path(langdetect.__file__).parent / "profiles"


@lru_cache(maxsize=8)
def _factory(languages: tuple[str, ...]) -> tuple[Any, dict[str, str]] | None:
    """A DetectorFactory holding only ``languages`` (seed 0), and profile → project code."""
    from langdetect.detector_factory import DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    back: dict[str, str] = {}
    for lang in languages:
        for name in _PROFILES.get(lang, (lang,)):
            if (_profile_dir() / name).is_file() and name not in back:
                back[name] = lang
    if not back:
        return None
    factory = DetectorFactory()
    factory.seed = 0
    for index, name in enumerate(sorted(back)):
        data = json.loads((_profile_dir() / name).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(back))
    return factory, back


def _langdetect(text: str, allowed: tuple[str, ...]) -> str | None:
    from langdetect.lang_detect_exception import LangDetectException

    built = _factory(allowed)
    if built is None:
        return None
    factory, back = built
    # Detector instances are cheap; the factory's tables are read-only once built.
    with _LOCK:
        detector = factory.create()
    detector.append(text)
    try:
        name = detector.detect()
    except LangDetectException:
        return None
    return back.get(name)


@lru_cache(maxsize=16)
def _runs(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern.pattern})+")


def _count(pattern: re.Pattern[str], text: str) -> int:
    # Deleting whole runs of matches (in C) is far cheaper than listing each match.
    return len(text) - len(_runs(pattern).sub("", text))


def script_language(text: str, allowed: Sequence[str]) -> str | None:
    """The language the letters alone decide (Thai, Vietnamese, Lao, Khmer, ...), or None."""
    thai = _count(THAI_CHAR, text)
    latin = _count(_LATIN, text)
    if "th" in allowed and thai and thai >= _THAI_SHARE * (thai + latin):
        return "th"
    for lang, pattern in _SCRIPTS:
        if lang in allowed and pattern.search(text):
            count = _count(pattern, text)
            if count >= _THAI_SHARE * (count + latin):
                return lang
    vi = _count(VIETNAMESE_CHAR, text)
    if "vi" in allowed and vi >= _VI_MIN_LETTERS and vi >= _VI_SHARE * latin:
        return "vi"
    return None


def identify(
    text: str,
    allowed: Sequence[str],
    fallback: str | None = None,
    declared: Sequence[str] = (),
    url: str | None = None,
) -> LatinGuess:
    """The language of ``text`` among ``allowed``, with the alternatives when unsure.

    Args:
        text: title and body (only the first characters are used).
        allowed: project language codes to choose from, e.g. ("th", "vi", "en").
        fallback: the page's declared language, used when nothing else decides.
        declared: the languages the source publishes in (registry ``languages``).
        url: the page's address (its host's country breaks an Indonesian/Malay tie).
    """
    sample = nfc(text[:_SAMPLE_CHARS])
    html_lang = (fallback or "").split("-")[0].lower() or None
    html_lang = "tl" if html_lang == "fil" else html_lang
    page_lang = html_lang if html_lang in allowed else None
    found = script_language(sample, allowed)
    if found:
        return LatinGuess(found)
    if not _LATIN.search(sample):
        return LatinGuess(page_lang or UNDETERMINED)
    # Latin text without a single Vietnamese-only letter is not Vietnamese.
    candidates = tuple(sorted(lang for lang in allowed if lang != "vi" and lang not in _SCRIPT_ONLY))
    guess = latin_language(
        sample,
        candidates,
        declared=declared,
        html_lang=page_lang,
        url=url,
        detector=lambda t, langs: _langdetect(t[:_DETECT_CHARS], langs),
    )
    return guess or LatinGuess(page_lang or UNDETERMINED)


def detect_language(
    text: str, allowed: Sequence[str], fallback: str | None = None, declared: Sequence[str] = ()
) -> str:
    """Language code of ``text`` among ``allowed``; ``fallback`` (e.g. <html lang>) or "und"."""
    return identify(text, allowed, fallback, declared).language


class LanguageStage:
    """Sets ``article.language`` from the title and text."""

    name: ClassVar[str] = "language"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context
        # Unset or empty: the configured default (pipeline.languages).
        languages = context.setting("STIWATCH_LANGUAGES") or SETTING_DEFAULTS["STIWATCH_LANGUAGES"]
        if isinstance(languages, str):
            languages = [x.strip() for x in languages.split(",") if x.strip()]
        self.allowed: tuple[str, ...] = tuple(languages)

    def __call__(self, article: Article) -> Article:
        text = f"{article.title}\n{article.text}"
        source = self.context.source(article.source) if article.source else None
        declared = source.languages if source else ()
        guess = identify(text, self.allowed, article.handoff.html_lang, declared, article.url)
        article.language = guess.language
        if guess.unsure:
            # Kept with the record so that a reader (and `stiwatch eval`) sees the doubt.
            article.metadata["language_unsure"] = "|".join(guess.unsure)
        return article


class LanguagePipeline(StagePipeline):
    stage_class = LanguageStage
