"""Translation throughput: the batched engine against argostranslate per article, same texts.

Both sides translate the same articles (title + lead, one sentence per line so both
cut them the same way) with the same packages, beam size 4 and CTranslate2 threads;
argostranslate gets one ``translate()`` call per article, as a pipeline calling it
per item would; the engine gets every sentence of every article in one call per model.
The engine runs without its cache for the timing, then twice with an empty on-disk
cache to measure the re-run hit rate. Sentences are made unique (a serial number) so
the engine's de-duplication does not count as speed.

    python bench/bench_translate.py [--articles 100] [--repeat 3] [--models-dir DIR] [--out FILE]

``--models-dir`` adds every real (non-tiny) package installed there to the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "argos"


def isolate_argos(workdir: Path) -> Path:
    """Point argostranslate at a private packages folder; must run before its import."""
    models = workdir / "models"
    for key, sub in (("XDG_DATA_HOME", "share"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        os.environ[key] = str(workdir / sub)
    os.environ["ARGOS_PACKAGES_DIR"] = str(models)
    return models


def corpus() -> list[dict[str, str]]:
    sys.path.insert(0, str(ROOT / "tools"))
    from build_tiny_argos_models import read_corpus

    return read_corpus()


def articles(lang: str, n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (title, lead) pairs of corpus sentences in ``lang``, each sentence unique."""
    rng = random.Random(seed)
    sentences = [row[lang] for row in corpus() if "ZX" not in row[lang]]
    out = []
    serial = 0
    for _ in range(n):
        picked = rng.sample(sentences, 5)
        numbered = []
        for s in picked:
            serial += 1
            numbered.append(f"{serial} {s}")
        out.append((numbered[0], "\n".join(numbered[1:])))
    return out


def timed(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_pair(
    argos: Any, models_dir: Path, workdir: Path, model: Any, n_articles: int, repeat: int
) -> dict[str, Any]:
    """Time one pair: argostranslate per article, the batched engine, the cache re-run."""
    from stiwatch.pipelines.translation.cache import TranslationCache
    from stiwatch.pipelines.translation.engine import EngineOptions, Job, TranslationEngine, resolve_device
    from stiwatch.pipelines.translation.models import ModelStore
    from stiwatch.pipelines.translation.segment import split_lines, split_sentences

    src, tgt = model.from_code, model.to_code
    docs = articles(src, n_articles)
    texts = [f"{title}\n{body}" for title, body in docs]
    n_sentences = sum(len(split_sentences(line, src)) for t in texts for line in split_lines(t))
    engine = TranslationEngine(
        ModelStore(models_dir), None, EngineOptions(device=resolve_device("auto"), protect_terms=False)
    )
    jobs = [Job(src, tgt, t) for t in texts]
    # Warm-up: load both translators before timing.
    engine.translate(jobs[:2])
    argos.translate(texts[0], src, tgt)

    argos_s, argos_out = timed(lambda: [argos.translate(t, src, tgt) for t in texts], repeat)
    engine_s, engine_out = timed(lambda: engine.translate(jobs), repeat)
    same = sum(a == o.text for a, o in zip(argos_out, engine_out, strict=True))

    cached = TranslationEngine(
        ModelStore(models_dir),
        TranslationCache(workdir / f"cache-{src}{tgt}.sqlite3"),
        EngineOptions(device=resolve_device("auto"), protect_terms=False),
    )
    cold_s, _ = timed(lambda: cached.translate(jobs), 1)
    before = cached.stats.as_dict()
    warm_s, _ = timed(lambda: cached.translate(jobs), 1)
    after = cached.stats.as_dict()
    hits = after["cache_hits"] - before["cache_hits"]
    looked = after["sentences"] - before["sentences"]
    return {
        "package": model.path.name,
        "sentences": n_sentences,
        "argos_per_article_s": round(argos_s, 3),
        "engine_batched_s": round(engine_s, 3),
        "argos_sentences_per_s": round(n_sentences / argos_s, 1),
        "engine_sentences_per_s": round(n_sentences / engine_s, 1),
        "speedup": round(argos_s / engine_s, 2),
        "identical_outputs": f"{same}/{len(texts)}",
        "cache_cold_s": round(cold_s, 3),
        "cache_rerun_s": round(warm_s, 3),
        "cache_rerun_hit_rate": round(hits / looked, 3) if looked else None,
        "cache_rerun_model_calls": after["model_calls"] - before["model_calls"],
    }


def run(n_articles: int, repeat: int, extra_models: Path | None) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-translate-"))
    models_dir = isolate_argos(workdir)
    from stiwatch.pipelines.translation.models import ModelStore

    store = ModelStore(models_dir)
    for pair in ("th_en", "vi_en"):
        store.install_file(FIXTURES / f"tiny_{pair}.argosmodel")
    if extra_models is not None:
        for model in ModelStore(extra_models).list():
            if not model.path.name.startswith("tiny_"):
                shutil.copytree(model.path, models_dir / model.path.name)

    import_start = time.perf_counter()
    import argostranslate.translate as argos  # after the environment points at workdir

    argos_import_s = time.perf_counter() - import_start
    installed = store.list()
    results: dict[str, Any] = {
        "articles_per_pair": n_articles,
        "repeat": repeat,
        "argos_import_s": round(argos_import_s, 2),
        "pairs": {},
    }
    for model in installed:
        if model.from_code != "en":
            results["pairs"][model.pair] = bench_pair(argos, models_dir, workdir, model, n_articles, repeat)
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="articles per language pair")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--models-dir", type=Path, help="also benchmark the real packages installed here")
    parser.add_argument("--out", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    results = run(args.articles, args.repeat, args.models_dir)
    results["device"] = os.environ.get("ARGOS_DEVICE_TYPE", "cpu")
    results["cpus"] = os.cpu_count()
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
