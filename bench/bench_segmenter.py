"""Thai segmenters with the same dictionary: PyThaiNLP's newmm (what stiwatch uses) against
nlpo3 (PyThaiNLP's newmm in Rust), on the labelled Thai text: agreement and speed.

The dictionary is the one stiwatch segments with (PyThaiNLP's words plus the project's,
stiwatch.core.text.thai_trie). Agreement is counted on the Thai runs that
stiwatch.core.analysis hands to the segmenter, token for token, whitespace dropped.

    .venv/bin/pip install nlpo3==1.4.0     # not a dependency: only this measurement needs it
    .venv/bin/python bench/bench_segmenter.py --out bench/results_segmenter.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stiwatch.core.analysis import TOKEN_RUN, normalise_text  # noqa: E402
from stiwatch.core.text import extra_thai_words, segment_thai  # noqa: E402


def thai_texts() -> list[str]:
    """Thai text of the labelled sets: the tag sets' articles, the text set's titles and snippets."""
    texts: list[str] = []
    for name in ("tags", "tags-real"):
        path = ROOT / "tests/labelled" / name / "th.yaml"
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for item in data.get("articles") or []:
                texts.append(f"{item.get('title', '')}\n{item.get('text', '')}")
    for path in sorted((ROOT / "tests/labelled/text").glob("th-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts.append(str(data.get("title") or ""))
        texts.extend(str(s) for s in data.get("must_contain") or [])
    return [t for t in texts if t.strip()]


def thai_runs(texts: list[str]) -> list[str]:
    runs = []
    for text in texts:
        for match in TOKEN_RUN.finditer(normalise_text(text)):
            if match.group("thai"):
                runs.append(match.group("thai"))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    import nlpo3
    from pythainlp.corpus import thai_words

    runs = thai_runs(thai_texts())
    words = sorted(set(thai_words()) | extra_thai_words())
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(words))
    nlpo3.load_dict(handle.name, "stiwatch")
    os.unlink(handle.name)

    def ours(run: str) -> list[str]:
        return segment_thai(run)

    def rust(run: str) -> list[str]:
        return [w for w in nlpo3.segment(run, "stiwatch", safe=False, parallel=False) if w.strip()]

    for fn in (ours, rust):  # warm up (the trie is built on first use)
        fn(runs[0])
    agree = sum(1 for r in runs if ours(r) == rust(r))
    differing = [(r, ours(r), rust(r)) for r in runs if ours(r) != rust(r)][:10]
    times: dict[str, list[float]] = {"pythainlp": [], "nlpo3": []}
    for _ in range(args.repeat):
        for name, fn in (("pythainlp", ours), ("nlpo3", rust)):
            t0 = time.perf_counter()
            for run in runs:
                fn(run)
            times[name].append(time.perf_counter() - t0)
    chars = sum(len(r) for r in runs)
    median = {k: statistics.median(v) for k, v in times.items()}
    result: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "load_average": os.getloadavg(),
        "thai_runs": len(runs),
        "thai_chars": chars,
        "dictionary_words": len(words),
        "identical_runs": agree,
        "agreement": round(agree / len(runs), 4),
        "pythainlp_s": round(median["pythainlp"], 3),
        "nlpo3_s": round(median["nlpo3"], 3),
        "speedup": round(median["pythainlp"] / median["nlpo3"], 2),
        "examples_differing": [{"run": r, "pythainlp": a, "nlpo3": b} for r, a, b in differing],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
