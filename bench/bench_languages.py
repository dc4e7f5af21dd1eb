"""Throughput of the six ASEAN languages added by issue 15: segmentation, search tokens,
language ID, dates and tagging, per language, on the real labelled texts.

The texts are the 160 of ``tests/labelled/languages`` (id, ms, tl, km, lo, my), each
normalised as the clean stage stores it; Thai (the seed articles of tests/fixtures/text)
is measured beside them as the reference the project already lives with. For each
language and each step, every text goes through back to back, ``--repeat`` times; the
median rate is reported:

- ``segment``: the words of the Khmer/Lao/Myanmar runs (``core.scripts.script_words``;
  Thai: newmm over the project dictionary, ``core.text.segment_thai``), in characters/s;
- ``tokens``: the full search analysis (``core.analysis.index_tokens``), characters/s;
- ``language``: the language rule (``pipelines.language.identify``), texts/s;
- ``dates``: the dates cascade over header and lead (``DatesStage.find``), texts/s;
- ``tag``: ``tag_article`` with the full taxonomy, texts/s.

The first call of each segmenter (loading its model or dictionary) is timed apart.

    python bench/bench_languages.py [--repeat 5] [--out bench/results_languages.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stiwatch.core.analysis import index_tokens
from stiwatch.core.scripts import script_words
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.core.text import segment_thai
from stiwatch.pipelines.clean import normalise_text
from stiwatch.pipelines.evaluation.languages import ItemRunner, load_items
from stiwatch.pipelines.language import identify
from stiwatch.pipelines.tag import tag_article

ROOT = Path(__file__).resolve().parent.parent
THAI_SEEDS = ROOT / "tests" / "fixtures" / "text" / "seeds"
ALLOWED = ("th", "vi", "en", "id", "ms", "tl", "km", "lo", "my", "zh")
SCRIPTS = ("km", "lo", "my")


def texts_by_language() -> dict[str, list[str]]:
    out = {lang: [normalise_text(str(it["text"])) for it in items] for lang, items in load_items().items()}
    out["th"] = [normalise_text(p.read_text(encoding="utf-8")) for p in sorted(THAI_SEEDS.glob("*.txt"))]
    return out


def rate(work: Callable[[str], Any], texts: list[str], repeat: int, per: str) -> float:
    """Median rate over ``repeat`` passes: characters/s (``per="chars"``) or texts/s."""
    size = sum(len(t) for t in texts) if per == "chars" else len(texts)
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            work(text)
        rates.append(size / (time.perf_counter() - start))
    return statistics.median(rates)


def first_call_seconds() -> dict[str, float]:
    """Loading each segmenter (its model or dictionary): the first word it cuts."""
    samples = {"km": "កម្ពុជា", "lo": "ປະເທດລາວ", "my": "မြန်မာနိုင်ငံ", "th": "ประเทศไทย"}
    out = {}
    for lang, sample in samples.items():
        start = time.perf_counter()
        segment_thai(sample) if lang == "th" else script_words(sample)
        out[lang] = round(time.perf_counter() - start, 3)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    loading = first_call_seconds()
    texts = texts_by_language()
    taxonomy = load_taxonomy()
    _ = taxonomy.matchers
    runner = ItemRunner()
    items = load_items()

    def dates(item: dict[str, Any]) -> Any:
        return runner.run(item)

    per_language: dict[str, dict[str, Any]] = {}
    for lang, bodies in texts.items():
        row: dict[str, Any] = {"texts": len(bodies), "chars": sum(len(t) for t in bodies)}
        if lang in SCRIPTS:
            row["segment_chars_per_s"] = round(rate(script_words, bodies, args.repeat, "chars"))
        elif lang == "th":
            row["segment_chars_per_s"] = round(rate(segment_thai, bodies, args.repeat, "chars"))
        row["tokens_chars_per_s"] = round(rate(index_tokens, bodies, args.repeat, "chars"))
        row["language_texts_per_s"] = round(
            rate(lambda t: identify(t, ALLOWED), bodies, args.repeat, "texts")
        )
        if lang in items:
            start_rates = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                for item in items[lang]:
                    dates(item)
                start_rates.append(len(items[lang]) / (time.perf_counter() - start))
            # ItemRunner.run also identifies the language: the dates cascade dominates it.
            row["language_and_dates_texts_per_s"] = round(statistics.median(start_rates))
        row["tag_texts_per_s"] = round(
            rate(lambda t, lg=lang: tag_article("", t, lg, None, taxonomy), bodies, args.repeat, "texts")
        )
        per_language[lang] = row
        print(lang, row, file=sys.stderr)
    result = {"repeat": args.repeat, "first_call_s": loading, "languages": per_language}
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
