"""Article-level translation: which targets, title and lead (or full text), errors.

Shared by the translate stage (crawl time: title and lead), ``stiwatch translate``
(one article, ``--full``, or the ``--pending`` background pass) and the HTTP API. It
works on the record fields ``language``, ``title``, ``text``, ``translations`` and
``errors``, so it serves Article objects and stored records alike.

``translations[lang] = {"title", "text", "model", "full"}``; a pair without a model
leaves an error ``{"stage": "translate", "kind": "model-missing", "message": ...}``
that a later ``stiwatch translate --pending`` resolves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stiwatch.core.config import DEFAULTS
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.pipelines.translation.cache import CACHE_FILE, TranslationCache
from stiwatch.pipelines.translation.engine import (
    EngineOptions,
    Job,
    TranslationEngine,
    missing_model_message,
    resolve_device,
)
from stiwatch.pipelines.translation.models import ModelStore, models_dir
from stiwatch.pipelines.translation.segment import lead
from stiwatch.pipelines.translation.terms import TermProtector

logger = logging.getLogger(__name__)

STAGE = "translate"
MODEL_MISSING = "model-missing"
FAILED = "failed"


def default_settings() -> dict[str, Any]:
    """The ``[translate]`` defaults of the configuration."""
    return dict(DEFAULTS["translate"])


def parse_targets(entries: Sequence[str]) -> list[tuple[str, str]]:
    """``["*:en", "vi:th"]`` → ``[("*", "en"), ("vi", "th")]``.

    Raises:
        ValueError: an entry is not ``FROM:TO``.
    """
    out = []
    for entry in entries:
        src, sep, tgt = str(entry).partition(":")
        if not sep or not src.strip() or not tgt.strip():
            raise ValueError(f"translate.targets: {entry!r} is not FROM:TO (e.g. th:en, *:en)")
        out.append((src.strip(), tgt.strip()))
    return out


def targets_for(language: str, targets: Sequence[tuple[str, str]]) -> list[str]:
    """Target languages for an article in ``language`` (``*`` is any other language)."""
    if not language or language == "und":
        return []
    out: list[str] = []
    for src, tgt in targets:
        if (src == language or src == "*") and tgt != language and tgt not in out:
            out.append(tgt)
    return out


def required_pairs(languages: Sequence[str], targets: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every ``(from, to)`` pair the configuration asks for, for articles in ``languages``."""
    return [(lang, tgt) for lang in languages for tgt in targets_for(lang, targets)]


@dataclass
class TranslateConfig:
    """The ``[translate]`` section, resolved against a data directory."""

    data_dir: Path
    values: Mapping[str, Any] = field(default_factory=default_settings)

    def get(self, key: str) -> Any:
        return self.values.get(key, default_settings()[key])

    @property
    def enabled(self) -> bool:
        return bool(self.get("enabled"))

    @property
    def targets(self) -> list[tuple[str, str]]:
        return parse_targets(self.get("targets"))

    @property
    def models_dir(self) -> Path:
        return models_dir(self.data_dir, str(self.get("models_dir") or "") or None)

    @property
    def cache_path(self) -> Path:
        return self.data_dir / CACHE_FILE

    def engine_options(self) -> EngineOptions:
        return EngineOptions(
            device=resolve_device(str(self.get("device"))),
            compute_type=str(self.get("compute_type")),
            beam_size=int(self.get("beam_size")),
            batch_size=int(self.get("batch_size")),
            max_length_ratio=float(self.get("max_length_ratio")),
            max_length_floor=int(self.get("max_length_floor")),
            intra_threads=int(self.get("threads")),
            protect_terms=bool(self.get("protect_terms")),
        )


def build_engine(config: TranslateConfig, store: ModelStore | None = None) -> TranslationEngine:
    """An engine over the configured models folder, cache and term protection."""
    protector = None
    options = config.engine_options()
    if options.protect_terms:
        protector = TermProtector(load_taxonomy(check_segmentation=False))
    return TranslationEngine(
        store or ModelStore(config.models_dir),
        TranslationCache(config.cache_path),
        options,
        protector,
    )


@dataclass
class Item:
    """The fields of one article that translation reads and writes (shared, mutable)."""

    language: str
    title: str
    text: str
    translations: dict[str, Any]
    errors: list[dict[str, str]]

    @classmethod
    def of_record(cls, record: dict[str, Any]) -> Item:
        return cls(
            language=str(record.get("language") or ""),
            title=str(record.get("title") or ""),
            text=str(record.get("text") or ""),
            translations=record.setdefault("translations", {}),
            errors=record.setdefault("errors", []),
        )


def missing_errors(item: Item, pairs: Sequence[tuple[str, str, str]]) -> None:
    """Replace the item's translate errors by one ``model-missing`` error per message."""
    item.errors[:] = [e for e in item.errors if e.get("stage") != STAGE]
    seen: set[str] = set()
    for kind, _lang, message in pairs:
        if message not in seen:
            seen.add(message)
            item.errors.append({"stage": STAGE, "kind": kind, "message": message})


def translate_items(
    engine: TranslationEngine | None,
    items: Sequence[Item],
    targets: Sequence[tuple[str, str]],
    *,
    lead_chars: int,
    full: bool = False,
    only: Sequence[str] | None = None,
    skip_present: bool = False,
) -> dict[str, int]:
    """Fill ``translations`` of every item for its targets, in one batched engine call.

    Args:
        engine: None means no model is installed at all: every target is missing.
        lead_chars: size of the lead translated when ``full`` is false.
        only: restrict to these target languages.
        skip_present: leave targets that already have a translation alone.

    Returns:
        counts: ``translated`` (item × target), ``missing`` (item × target without model).
    """
    jobs: list[Job] = []
    slots: list[tuple[int, str]] = []
    problems: dict[int, list[tuple[str, str, str]]] = {i: [] for i in range(len(items))}
    counts = {"translated": 0, "missing": 0}
    for i, item in enumerate(items):
        for tgt in targets_for(item.language, targets):
            if (only and tgt not in only) or (skip_present and tgt in item.translations):
                continue
            if engine is None:
                problems[i].append((MODEL_MISSING, tgt, missing_model_message(item.language, tgt, [])))
                counts["missing"] += 1
                continue
            body = item.text if full else lead(item.text, lead_chars)
            jobs += [Job(item.language, tgt, item.title), Job(item.language, tgt, body)]
            slots.append((i, tgt))
    outcomes = engine.translate(jobs) if engine is not None and jobs else []
    for k, (i, tgt) in enumerate(slots):
        title_out, body_out = outcomes[2 * k], outcomes[2 * k + 1]
        error = title_out.error or body_out.error
        if error is not None:
            problems[i].append((MODEL_MISSING, tgt, error))
            counts["missing"] += 1
            continue
        items[i].translations[tgt] = {
            "title": title_out.text or "",
            "text": body_out.text or "",
            "model": body_out.model if body_out.model != "identity" else title_out.model,
            "full": full,
        }
        counts["translated"] += 1
    for i, item in enumerate(items):
        missing_errors(item, problems[i])
    return counts


def is_pending(record: Mapping[str, Any], targets: Sequence[tuple[str, str]]) -> bool:
    """A record with a model-missing error, or without one of its configured targets."""
    if any(e.get("stage") == STAGE for e in record.get("errors") or []):
        return True
    have = record.get("translations") or {}
    return any(t not in have for t in targets_for(str(record.get("language") or ""), targets))
