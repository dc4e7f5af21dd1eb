"""Translation speed of a model the size of an Opus-MT base model, on this CPU.

The tiny test models make the model itself almost free, so bench_translate.py measures
per-call overhead. This builds a Marian model of Opus-MT base size (6 encoder + 6 decoder
layers, d_model 512, 8 heads, feed-forward 2048, a 58,000-token shared vocabulary) with
random weights (torch + transformers, requirements-build.txt), converts it with
CTranslate2 (int8 and float32) the way `stiwatch models build-marian` does, and decodes
sentences of 16 to 48 source pieces (32 on average: what an Opus-MT sentencepiece model
makes of a 20-25 word news sentence) with beam 4. The pieces are drawn at random from the
vocabulary: with random weights their identity changes nothing, only their number does.

- batched: every sentence in one translate_batch call per length bucket of 32;
- per article: one call per article (a title and four lead sentences).

Random weights never end a sentence, so every hypothesis decodes to the cap: 1.5× the
source length in pieces (longest source of the call). Generated pieces per second are
therefore the model's decoding speed; sentences per second are a floor for a real model,
which stops at its end-of-sentence token (about as many pieces as the source).

    .venv/bin/pip install -r requirements-build.txt
    .venv/bin/python bench/bench_translate_base.py --out bench/results_translate_base.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import ENGLISH, THAI, VIETNAMESE  # noqa: E402

VOCAB = 58_000
CAP_RATIO = 1.5
BEAM = 4
BUCKET = 32


def sentences(n_articles: int, seed: int = 5) -> list[list[str]]:
    """``n_articles`` articles of five sentences, in the three languages."""
    rng = random.Random(seed)
    out = []
    for i in range(n_articles):
        pool = (THAI, VIETNAMESE, ENGLISH)[i % 3]
        joiner = " " if pool is THAI else ", "
        out.append([joiner.join(rng.sample(pool, rng.randint(2, 3))) for _ in range(5)])
    return out


def piece_articles(n_articles: int, vocabulary: list[str], seed: int = 5) -> list[list[list[str]]]:
    """``n_articles`` articles of five sentences of 16-48 pieces each, ending with </s>."""
    rng = random.Random(seed)
    return [
        [[*rng.choices(vocabulary, k=rng.randint(16, 48)), "</s>"] for _ in range(5)]
        for _ in range(n_articles)
    ]


def build_model(workdir: Path, texts: list[str]) -> Path:
    """A random-weight Marian checkpoint of Opus-MT base size with its tokenizer files."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    checkpoint = workdir / "checkpoint"
    checkpoint.mkdir()
    spm.SentencePieceTrainer.train(
        minloglevel=2,
        sentence_iterator=iter(texts),
        model_prefix=str(workdir / "spm"),
        vocab_size=2000,
        character_coverage=1.0,
        normalization_rule_name="identity",
        hard_vocab_limit=False,
    )
    for name in ("source.spm", "target.spm"):
        (checkpoint / name).write_bytes((workdir / "spm.model").read_bytes())
    pieces = [
        line.split("\t")[0] for line in (workdir / "spm.vocab").read_text(encoding="utf-8").splitlines()
    ]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    # Pad to an Opus-MT-sized vocabulary: the output layer is a large share of decoding.
    while len(vocab) < VOCAB - 1:
        vocab[f"▁pad{len(vocab)}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (checkpoint / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(checkpoint / "source.spm"),
        target_spm=str(checkpoint / "target.spm"),
        vocab=str(checkpoint / "vocab.json"),
    )
    tokenizer.save_pretrained(str(checkpoint))
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        max_position_embeddings=512,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(0)
    MarianMTModel(config).save_pretrained(str(checkpoint))
    return checkpoint


def convert(checkpoint: Path, out: Path, quantization: str) -> Path:
    import ctranslate2

    ctranslate2.converters.TransformersConverter(str(checkpoint)).convert(str(out), quantization=quantization)
    return out


def decode(translator: Any, batch: list[list[str]]) -> int:
    """One translate_batch call capped at 1.5× its longest source; returns pieces generated."""
    cap = math.ceil(CAP_RATIO * max(len(s) for s in batch))
    results = translator.translate_batch(
        batch, beam_size=BEAM, max_decoding_length=cap, max_batch_size=BUCKET, num_hypotheses=1
    )
    return sum(len(r.hypotheses[0]) for r in results)


def measure(
    model_dir: Path, compute_type: str, articles: list[list[list[str]]], repeat: int
) -> dict[str, Any]:
    import ctranslate2

    threads = os.cpu_count() or 1
    translator = ctranslate2.Translator(
        str(model_dir), device="cpu", compute_type=compute_type, intra_threads=threads
    )
    flat = sorted((s for article in articles for s in article), key=len)
    buckets = [flat[i : i + BUCKET] for i in range(0, len(flat), BUCKET)]
    decode(translator, buckets[0][:2])  # warm-up
    runs: dict[str, list[float]] = {"batched": [], "per_article": []}
    generated: dict[str, int] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        generated["batched"] = sum(decode(translator, b) for b in buckets)
        runs["batched"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        generated["per_article"] = sum(decode(translator, a) for a in articles)
        runs["per_article"].append(time.perf_counter() - t0)
    n = len(flat)
    source_pieces = sum(len(s) for s in flat)
    out: dict[str, Any] = {"sentences": n, "source_pieces": source_pieces}
    for mode, times in runs.items():
        seconds = statistics.median(times)
        out[mode] = {
            "seconds": round(seconds, 2),
            "sentences_per_s": round(n / seconds, 2),
            "generated_pieces": generated[mode],
            "generated_pieces_per_s": round(generated[mode] / seconds, 1),
            # A real model writes about as many pieces as it reads and then stops.
            "sentences_per_s_at_source_length": round(n / (seconds * source_pieces / generated[mode]), 2),
        }
    out["batched_vs_per_article"] = round(
        out["batched"]["sentences_per_s"] / out["per_article"]["sentences_per_s"], 2
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=40, help="articles of five sentences (a third per language)"
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-translate-base-") as tmp:
        work = Path(tmp)
        corpus = sentences(400, seed=99)
        t0 = time.perf_counter()
        checkpoint = build_model(work, [s for a in corpus for s in a])
        build_s = time.perf_counter() - t0
        vocab = json.loads((checkpoint / "vocab.json").read_text(encoding="utf-8"))
        ordinary = [piece for piece in vocab if piece not in ("</s>", "<unk>", "<pad>")]
        articles = piece_articles(args.articles, ordinary)
        result: dict[str, Any] = {
            "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
            "load_average": os.getloadavg(),
            "model": "Marian 6+6 layers, d_model 512, 8 heads, ffn 2048, random weights",
            "vocabulary": VOCAB,
            "beam": BEAM,
            "cap": f"{CAP_RATIO}x the longest source of each call",
            "build_s": round(build_s, 1),
        }
        for quantization in ("int8", "float32"):
            model_dir = convert(checkpoint, work / f"ct2-{quantization}", quantization)
            size = sum(p.stat().st_size for p in model_dir.rglob("*") if p.is_file())
            result[quantization] = {
                "model_mb": round(size / 1e6, 1),
                **measure(model_dir, quantization, articles, args.repeat),
            }
            print(json.dumps({quantization: result[quantization]}), file=sys.stderr, flush=True)
        result["load_average_after"] = os.getloadavg()
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
