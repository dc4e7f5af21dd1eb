"""Would a learned second opinion add true themes? Cross-validated over the labelled sets.

The theme rules are words and weights written by hand. This experiment asks whether a model
learned from the labelled articles finds themes the rules miss, without adding more false
themes than true ones. It is a measurement, not part of the pipeline:

- features: the words the tagger itself compares (``Taxonomy.matchers.tokenize``: Thai cut by
  newmm, Vietnamese and English by spaces and punctuation), single words and pairs of
  neighbours, the title's apart from the text's; a word must occur in ``--min-df`` training
  articles;
- model: one logistic regression per theme over those words (numpy, L2, Adam), trained on
  the articles of the other folds; the sets are dealt round-robin into ``--folds`` folds, so
  an article is always scored by a model that never saw its set;
- decision: the rules' themes, plus a theme whose logit reaches a threshold, either anywhere
  (``any``) or only where the rules found at least one of its words (``mentioned``).

It prints, per threshold, the pooled precision and recall of rules plus model, and how many
true and false themes the model added. The rules were tuned on these same sets, so their own
scores here are in-sample and flatter them; the model's additions are out of sample.

Usage: python tools/learned_themes_cv.py [--sets tags-real tags-real-2 ...] [--folds 5]
       [--l2 1e-4] [--json]
(numpy's float sums differ slightly between CPUs, so the last digit of a count may too.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stiwatch.core.taxonomy import Taxonomy, load_taxonomy  # noqa: E402
from stiwatch.pipelines.evaluation.tags import DEFAULT_SETS, load_articles, tag_as_crawled  # noqa: E402
from stiwatch.pipelines.tag_parts import split_parts  # noqa: E402

THRESHOLDS = (-3.0, -2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 1.0)
Floats = npt.NDArray[np.float32]


@dataclass
class Example:
    """One labelled article as the experiment sees it."""

    set_name: str
    words: frozenset[str]
    rule: frozenset[str]  # themes the rules tag
    mentioned: frozenset[str]  # themes whose words the rules found at all
    wanted: frozenset[str]  # labelled themes, uncertain ones left out
    scored: frozenset[str]  # themes the article's labels speak about


def _words(title: str, text: str, taxonomy: Taxonomy) -> frozenset[str]:
    out: set[str] = set()
    for where, part in split_parts(title, text):
        prefix = "T:" if where == "title" else ""
        keys = [t.lower for t in taxonomy.matchers.tokenize(part, None) if t.raw.strip()]
        out.update(prefix + k for k in keys)
        out.update(f"{prefix}{a} {b}" for a, b in pairwise(keys))
    return frozenset(out)


def examples(set_names: Iterable[str], taxonomy: Taxonomy) -> list[Example]:
    """The articles of the named sets, with the rules' tags and the labels."""
    themes = frozenset(taxonomy.themes)
    out = []
    for name in set_names:
        for a in load_articles(DEFAULT_SETS[name], taxonomy):
            text, tags = tag_as_crawled(a, taxonomy)
            uncertain = a.uncertain.get("themes", frozenset())
            scored = (themes if a.vocabulary is None else a.vocabulary["themes"]) - uncertain
            out.append(
                Example(
                    name,
                    _words(a.title or "", text, taxonomy),
                    frozenset(tags.themes) & scored,
                    frozenset(t for t, s in tags.salience["themes"].items() if s > 0) & scored,
                    frozenset(a.expected["themes"]) & scored,
                    scored,
                )
            )
    return out


def _matrix(rows: Sequence[Example], vocabulary: dict[str, int]) -> Floats:
    x = np.zeros((len(rows), len(vocabulary)), np.float32)
    for i, row in enumerate(rows):
        for word in row.words:
            if (j := vocabulary.get(word)) is not None:
                x[i, j] = 1.0
    return x


def _fit(x: Floats, y: Floats, mask: Floats, l2: float, steps: int) -> tuple[Floats, Floats]:
    """Logistic regression per column of ``y`` (masked cells do not count), by Adam."""
    n = max(len(x), 1)
    w = np.zeros((x.shape[1], y.shape[1]), np.float32)
    b = np.full(y.shape[1], -2.0, np.float32)  # themes are rare: start from "no"
    params = [w, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30, 30)))
        g = (p - y) * mask / n
        for k, grad in enumerate((x.T @ g + l2 * w, g.sum(0))):
            m[k] = 0.9 * m[k] + 0.1 * grad
            v[k] = 0.999 * v[k] + 0.001 * grad * grad
            params[k] -= 0.05 * (m[k] / (1 - 0.9**step)) / (np.sqrt(v[k] / (1 - 0.999**step)) + 1e-8)
    return w, b


def cross_validated_logits(
    rows: Sequence[Example], themes: Sequence[str], folds: int, l2: float, min_df: int, steps: int
) -> Floats:
    """Each article's logit per theme, from a model trained without its set."""
    set_names = sorted({r.set_name for r in rows})
    logits = np.zeros((len(rows), len(themes)), np.float32)
    for fold in range(folds):
        held = set(set_names[fold::folds])
        train = [r for r in rows if r.set_name not in held]
        test = [i for i, r in enumerate(rows) if r.set_name in held]
        df = Counter(w for r in train for w in r.words)
        vocabulary = {w: j for j, w in enumerate(sorted(w for w, c in df.items() if c >= min_df))}
        y = np.array([[t in r.wanted for t in themes] for r in train], np.float32)
        mask = np.array([[t in r.scored for t in themes] for r in train], np.float32)
        w, b = _fit(_matrix(train, vocabulary), y, mask, l2, steps)
        logits[test] = _matrix([rows[i] for i in test], vocabulary) @ w + b
    return logits


def sweep(rows: Sequence[Example], themes: Sequence[str], logits: Floats) -> list[dict[str, object]]:
    """Pooled scores of the rules alone and of rules plus model, per threshold and gate."""

    def pooled(extra: Sequence[frozenset[str]]) -> dict[str, object]:
        tp = fp = fn = added_tp = added_fp = 0
        for row, more in zip(rows, extra, strict=True):
            got = row.rule | more
            tp += len(got & row.wanted)
            fp += len(got - row.wanted)
            fn += len(row.wanted - got)
            added_tp += len((more - row.rule) & row.wanted)
            added_fp += len((more - row.rule) - row.wanted)
        return {
            "precision": round(tp / max(tp + fp, 1), 3),
            "recall": round(tp / max(tp + fn, 1), 3),
            "added_true": added_tp,
            "added_false": added_fp,
        }

    out: list[dict[str, object]] = [
        {"threshold": None, "gate": "rules alone", **pooled([frozenset()] * len(rows))}
    ]
    for threshold in THRESHOLDS:
        for gate in ("any", "mentioned"):
            extra = []
            for row, z in zip(rows, logits, strict=True):
                picked = {t for t, v in zip(themes, z, strict=True) if v >= threshold and t in row.scored}
                extra.append(frozenset(picked & row.mentioned if gate == "mentioned" else picked))
            out.append({"threshold": threshold, "gate": gate, **pooled(extra)})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    real = [name for name in DEFAULT_SETS if name.startswith("tags-real")]
    parser.add_argument("--sets", nargs="+", default=real, choices=real, metavar="SET")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--min-df", type=int, default=3)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy()
    themes = sorted(taxonomy.themes)
    rows = examples(args.sets, taxonomy)
    logits = cross_validated_logits(rows, themes, args.folds, args.l2, args.min_df, args.steps)
    results = sweep(rows, themes, logits)
    if args.json:
        print(json.dumps({"articles": len(rows), "sets": args.sets, "results": results}, indent=1))
        return 0
    print(f"{len(rows)} articles from {len(args.sets)} sets, {args.folds} folds by set")
    for r in results:
        print(
            f"{r['gate']:>11} {'' if r['threshold'] is None else r['threshold']:>5}  P {r['precision']:.3f}"
            f"  R {r['recall']:.3f}  added true {r['added_true']:4}  false {r['added_false']:4}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
