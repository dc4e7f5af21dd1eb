"""The batched translation engine over installed Argos packages.

``translate(jobs)`` takes texts from many articles at once. Every text is cut into
sentences (``segment``), protected terms are masked (``terms``), and then, per model,
the unique sentences not already in the cache go to the package's CTranslate2
translator in one ``translate_batch`` call: that is where the speed comes from (one
call per article per paragraph is what ``argostranslate.translate.translate`` does).
A pair with no direct package pivots through English, as Argos does, each hop cached
on its own. The package's files are read directly (``model/``, ``sentencepiece.model``):
argostranslate itself, and the torch it imports, are never loaded here.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stiwatch.pipelines.translation.cache import TranslationCache
from stiwatch.pipelines.translation.models import (
    NOT_IN_ARGOS_INDEX,
    InstalledModel,
    ModelStore,
    marian_checkpoint_hint,
)
from stiwatch.pipelines.translation.segment import split_lines, split_sentences
from stiwatch.pipelines.translation.terms import Masked, TermProtector

logger = logging.getLogger(__name__)

PIVOT = "en"
# CTranslate2's default max_decoding_length: the cap never goes above it.
CTRANSLATE2_MAX_DECODING = 256
LANG_NAMES = {
    "en": "English",
    "th": "Thai",
    "vi": "Vietnamese",
    "id": "Indonesian",
    "ms": "Malay",
    "tl": "Tagalog",
    "km": "Khmer",
    "lo": "Lao",
    "my": "Burmese",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class EngineOptions:
    """CTranslate2 settings (Argos's defaults: beam 4, length penalty 0.2)."""

    device: str = "cpu"
    compute_type: str = "auto"
    beam_size: int = 4
    batch_size: int = 32
    intra_threads: int = 0
    inter_threads: int = 1
    max_sentence_chars: int = 400
    thai_chunk_chars: int = 160
    protect_terms: bool = True
    # Decoding stops at ratio × the source's pieces (at least the floor); 0: no cap but
    # CTranslate2's own (``translate.max_length_ratio``, ``max_length_floor``).
    max_length_ratio: float = 1.5
    max_length_floor: int = 10

    def decoding_cap(self, source_pieces: int) -> int:
        """The most pieces a translation of a ``source_pieces``-piece sentence may have."""
        if self.max_length_ratio <= 0:
            return CTRANSLATE2_MAX_DECODING
        cap = max(self.max_length_floor, math.ceil(self.max_length_ratio * source_pieces))
        return min(cap, CTRANSLATE2_MAX_DECODING)


@dataclass(frozen=True)
class Job:
    """One text to translate from ``src`` into ``tgt``."""

    src: str
    tgt: str
    text: str


@dataclass
class Outcome:
    """The translation of one job, or why there is none."""

    text: str | None
    model: str = ""
    error: str | None = None


@dataclass
class EngineStats:
    sentences: int = 0
    cache_hits: int = 0
    translated: int = 0
    model_calls: int = 0
    fallbacks: int = 0
    # Sentences whose translation reached the decoding cap (cut, or a model in a loop).
    capped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class MissingModel(Exception):
    """No installed package (direct or through English) for a pair."""

    def __init__(self, src: str, tgt: str, missing: Sequence[tuple[str, str]]) -> None:
        self.src, self.tgt, self.missing = src, tgt, list(missing)
        super().__init__(missing_model_message(src, tgt, self.missing))


def install_command(src: str, tgt: str) -> str:
    """The exact command that provides a ``src``→``tgt`` model."""
    if src in NOT_IN_ARGOS_INDEX or tgt in NOT_IN_ARGOS_INDEX:
        return (
            f"convert {marian_checkpoint_hint(src, tgt)} with "
            f"`stiwatch models build-marian CHECKPOINT_DIR {src} {tgt}`"
        )
    return f"install it with `stiwatch models install {src} {tgt}`"


@dataclass(frozen=True)
class PairCoverage:
    """How one pair the configuration asks for is served: the installed packages of its
    route, or the packages still missing (direct, or the legs through English)."""

    src: str
    tgt: str
    route: tuple[str, ...] = ()
    missing: tuple[tuple[str, str], ...] = ()


def coverage(store: ModelStore, pairs: Sequence[tuple[str, str]]) -> list[PairCoverage]:
    """The route of each ``(src, tgt)`` pair with the packages installed in ``store``."""
    engine = TranslationEngine(store)
    out = []
    for src, tgt in pairs:
        try:
            route = engine.route(src, tgt)
        except MissingModel as exc:
            out.append(PairCoverage(src, tgt, missing=tuple(exc.missing)))
        else:
            out.append(PairCoverage(src, tgt, route=tuple(m.pair for m in route)))
    return out


def missing_model_message(src: str, tgt: str, missing: Sequence[tuple[str, str]]) -> str:
    """``no th→en model: install it with `stiwatch models install th en```.

    With ``missing`` empty (nothing is known of the installed models), a pair between two
    languages other than English names the two hops through English: that is how such a
    pair is translated (vi→th is vi→en then en→th; no vi→th model is needed or offered).
    """
    if not missing and PIVOT not in (src, tgt):
        missing = [(src, PIVOT), (PIVOT, tgt)]
    if list(missing) == [(src, tgt)] or not missing:
        return f"no {src}→{tgt} model: {install_command(src, tgt)}"
    hops = "; ".join(f"no {a}→{b} model: {install_command(a, b)}" for a, b in missing)
    return f"no {src}→{tgt} model, direct or through English: {hops}"


@dataclass
class _Sentence:
    masked: Masked
    plain: str
    result: str | None = None


@dataclass
class _Plan:
    job: Job
    route: list[InstalledModel]
    lines: list[list[_Sentence]] = field(default_factory=list)


class TranslationEngine:
    """Translates batches of texts with the installed packages.

    Args:
        store: the installed packages.
        cache: sentence cache; None translates everything every time.
        options: CTranslate2 settings.
        protector: masks protected terms; None when ``options.protect_terms`` is off.
    """

    def __init__(
        self,
        store: ModelStore,
        cache: TranslationCache | None = None,
        options: EngineOptions | None = None,
        protector: TermProtector | None = None,
    ) -> None:
        self.store = store
        self.cache = cache
        self.options = options or EngineOptions()
        self.protector = protector
        self.stats = EngineStats()
        self._models = store.by_pair()
        self._translators: dict[str, Any] = {}
        self._tokenizers: dict[str, Any] = {}
        # One CTranslate2 call at a time per engine (the API may call from threads).
        self._lock = threading.Lock()

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return sorted(self._models)

    def reload(self) -> None:
        """Pick up packages installed since the engine was built."""
        self._models = self.store.by_pair()

    # -- routing ------------------------------------------------------------------

    def route(self, src: str, tgt: str) -> list[InstalledModel]:
        """The packages that take ``src`` to ``tgt``: direct, else through English.

        Raises:
            MissingModel: naming the pairs to install.
        """
        direct = self._models.get((src, tgt))
        if direct is not None:
            return [direct]
        if PIVOT not in (src, tgt):
            first, second = self._models.get((src, PIVOT)), self._models.get((PIVOT, tgt))
            if first is not None and second is not None:
                return [first, second]
            missing = [p for p, m in (((src, PIVOT), first), ((PIVOT, tgt), second)) if m is None]
            if len(missing) == 2:
                missing = [(src, tgt)]
            raise MissingModel(src, tgt, missing)
        raise MissingModel(src, tgt, [(src, tgt)])

    # -- translating --------------------------------------------------------------

    def translate(self, jobs: Sequence[Job]) -> list[Outcome]:
        """Translate every job; a missing model gives an Outcome with ``error`` set."""
        outcomes: list[Outcome | None] = [None] * len(jobs)
        plans: list[tuple[int, _Plan]] = []
        for i, job in enumerate(jobs):
            if job.src == job.tgt or not job.text.strip():
                outcomes[i] = Outcome(job.text, "identity")
                continue
            try:
                route = self.route(job.src, job.tgt)
            except MissingModel as exc:
                outcomes[i] = Outcome(None, error=str(exc))
                continue
            plans.append((i, self._plan(job, route)))

        with self._lock:
            self._run([plan for _, plan in plans], masked=True)
            # Sentences whose placeholders did not survive go again, unmasked.
            retry = [s for _, plan in plans for line in plan.lines for s in line if s.result is None]
            if retry:
                self.stats.fallbacks += len(retry)
                self._run([plan for _, plan in plans], masked=False)
        for i, plan in plans:
            text = "\n".join(" ".join(s.result or "" for s in line) for line in plan.lines)
            outcomes[i] = Outcome(text, "+".join(m.model_id for m in plan.route))
        return [o if o is not None else Outcome(None, error="not translated") for o in outcomes]

    def _plan(self, job: Job, route: list[InstalledModel]) -> _Plan:
        plan = _Plan(job, route)
        opts = self.options
        for line in split_lines(job.text):
            sentences = []
            for sentence in split_sentences(
                line, job.src, max_chars=opts.max_sentence_chars, thai_chunk_chars=opts.thai_chunk_chars
            ):
                if self.protector is not None and opts.protect_terms:
                    masked = self.protector.mask(sentence, job.src, job.tgt)
                else:
                    masked = Masked(sentence)
                sentences.append(_Sentence(masked, sentence))
            plan.lines.append(sentences)
        return plan

    def _run(self, plans: list[_Plan], *, masked: bool) -> None:
        """Push the sentences of ``plans`` through their routes, hop by hop, batched per model."""
        # (plan sentence, current text) pairs still travelling; grouped by route.
        todo: list[tuple[_Plan, _Sentence, str]] = []
        for plan in plans:
            for line in plan.lines:
                for s in line:
                    if masked or s.result is None:
                        todo.append((plan, s, s.masked.text if masked else s.plain))
        if not todo:
            return
        current = [text for _, _, text in todo]
        for hop in range(2):
            by_model: dict[str, tuple[InstalledModel, set[str]]] = {}
            for (plan, _, _), text in zip(todo, current, strict=True):
                if hop < len(plan.route):
                    model = plan.route[hop]
                    by_model.setdefault(model.model_id, (model, set()))[1].add(text)
            translated = {
                mid: self._translate_unique(m, sorted(texts)) for mid, (m, texts) in by_model.items()
            }
            for k, (plan, _, _) in enumerate(todo):
                if hop < len(plan.route):
                    current[k] = translated[plan.route[hop].model_id][current[k]]
        for (_, sentence, _), text in zip(todo, current, strict=True):
            if masked:
                sentence.result = TermProtector.restore(text, sentence.masked)
            else:
                sentence.result = text

    def _translate_unique(self, model: InstalledModel, texts: list[str]) -> dict[str, str]:
        self.stats.sentences += len(texts)
        done = self.cache.get_many(model.model_id, texts) if self.cache is not None else {}
        self.stats.cache_hits += len(done)
        misses = [t for t in texts if t not in done]
        if misses:
            fresh = self._translate_batch(model, misses)
            self.stats.translated += len(misses)
            if self.cache is not None:
                self.cache.put_many(model.model_id, fresh)
            done.update(fresh)
        return done

    def _translate_batch(self, model: InstalledModel, texts: list[str]) -> dict[str, str]:
        translator, tokenizer = self._load(model)
        opts = self.options
        pieces_of = {t: tokenizer.encode(t, out_type=str) for t in texts}
        # Shortest first, in chunks of batch_size (the chunks CTranslate2 would make
        # itself): each chunk decodes up to the cap of its longest source, so a sentence
        # is capped at its own length or at a neighbour's of nearly the same length.
        ordered = sorted(texts, key=lambda t: len(pieces_of[t]))
        size = max(1, opts.batch_size)
        out: dict[str, str] = {}
        for start in range(0, len(ordered), size):
            chunk = ordered[start : start + size]
            out.update(self._translate_chunk(model, translator, [pieces_of[t] for t in chunk], chunk))
        return out

    def _translate_chunk(
        self, model: InstalledModel, translator: Any, tokens: list[list[str]], texts: list[str]
    ) -> dict[str, str]:
        opts = self.options
        prefix = [[model.target_prefix] for _ in tokens] if model.target_prefix else None
        # The target prefix (a language token) is decoded too: it does not eat the cap.
        cap = opts.decoding_cap(max(len(t) for t in tokens)) + (1 if prefix else 0)
        self.stats.model_calls += 1
        results = translator.translate_batch(
            tokens,
            target_prefix=prefix,
            max_batch_size=opts.batch_size,
            batch_type="examples",
            beam_size=opts.beam_size,
            num_hypotheses=1,
            length_penalty=0.2,
            replace_unknowns=True,
            max_decoding_length=cap,
        )
        out: dict[str, str] = {}
        for text, result in zip(texts, results, strict=True):
            pieces = list(result.hypotheses[0])
            if len(pieces) >= cap:
                self._note_capped(model, cap)
            if model.target_prefix and pieces and pieces[0] == model.target_prefix:
                pieces = pieces[1:]
            out[text] = self._decode(model, pieces)
        return out

    def _note_capped(self, model: InstalledModel, cap: int) -> None:
        """Count a translation stopped by the cap; say so once per engine, since a model
        whose target pieces run longer than the ratio allows has its translations cut."""
        self.stats.capped += 1
        if self.stats.capped == 1:
            logger.warning(
                "a %(pair)s translation reached the decoding cap (%(cap)d pieces, "
                "translate.max_length_ratio %(ratio)s): if this model's translations are cut, "
                "raise the ratio",
                {"pair": model.pair, "cap": cap, "ratio": self.options.max_length_ratio},
            )

    def _decode(self, model: InstalledModel, pieces: list[str]) -> str:
        decoder = self._tokenizers.get(f"{model.model_id}#target") or self._tokenizers[model.model_id]
        return str(decoder.decode_pieces(pieces)).replace("▁", " ").strip()

    def _load(self, model: InstalledModel) -> tuple[Any, Any]:
        key = model.model_id
        if key not in self._translators:
            import ctranslate2  # type: ignore[import-untyped]
            import sentencepiece

            opts = self.options
            self._translators[key] = ctranslate2.Translator(
                str(model.path / "model"),
                device=opts.device,
                compute_type=opts.compute_type,
                inter_threads=opts.inter_threads,
                intra_threads=opts.intra_threads,
            )
            self._tokenizers[key] = sentencepiece.SentencePieceProcessor(
                model_file=str(model.path / "sentencepiece.model")
            )
            # Packages converted from Marian checkpoints with separate vocabularies
            # (build-marian) also ship the target side's sentencepiece model.
            target_spm = model.path / "target_sentencepiece.model"
            if target_spm.is_file():
                self._tokenizers[f"{key}#target"] = sentencepiece.SentencePieceProcessor(
                    model_file=str(target_spm)
                )
        return self._translators[key], self._tokenizers[key]


def resolve_device(configured: str) -> str:
    """``auto``: ARGOS_DEVICE_TYPE when set (cpu/cuda), else cpu."""
    if configured and configured != "auto":
        return configured
    return os.environ.get("ARGOS_DEVICE_TYPE", "cpu") or "cpu"
