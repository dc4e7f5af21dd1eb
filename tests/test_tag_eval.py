"""The labelled tag sets: their scores must stay above the pinned floors (only up), and
the evaluation itself must count and report correctly.

``tests/labelled/tags-real``, ``tags-real-2`` and ``tags-real-3`` hold real published
articles (labels committed before the tagger ran on them; tuned on since), ``tags-real-4``
to ``tags-real-6`` real articles held out from that tuning (read, and tuned on since), ``tags-real-7``
to ``tags-real-11`` each read once as held out, then tuned on, ``tags-real-12`` read once as held
out, ``tags-real-13`` read once as held out after the home-news rule (then tuned on),
``tags-real-14`` read once as held out after that (tuned on for national firms), ``tags-real-15``
read once as held out (then tuned on, pooled with sets 1-14, for the headline rule),
``tags-real-16`` read once as held out after that round, ``tags-real-17`` read once as held
out (then tuned on, pooled with sets 1-16), ``tags-real-18`` read once as held out (then
tuned on, pooled with sets 1-17), ``tags-real-19`` read once as held out (not tuned on),
``tags-real-20`` read once as held out (then tuned on, pooled with sets 1-19), ``tags-real-21``
and ``tags-real-22`` read once as held out after that round (then tuned on, pooled with sets
1-20), ``tags-real-23`` read once as held out (then tuned on, pooled with sets 1-22),
``tags-real-24`` read once as held out (then tuned on, pooled with sets 1-23), ``tags-real-25``
and ``tags-real-26`` read once as held out (then tuned on, pooled with sets 1-24), ``tags-real-27``
and ``tags-real-28`` read once as held out (then tuned on, pooled with sets 1-26), ``tags-real-29``
and ``tags-real-30`` read once as held out last (not tuned on); ``tests/labelled/tags`` the
articles written here, kept as a regression set. Floors for both live in ``tests/labelled/floors.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stiwatch.pipelines.evaluation.tags import (
    DEFAULT_SETS,
    FACETS,
    TagSetError,
    evaluate,
    format_reports,
    load_articles,
)
from tests.conftest import cli_json, run_cli

FLOORS_FILE = Path(__file__).parent / "labelled" / "floors.yaml"
FLOORS = yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8"))
# The real labelled sets, in the order `stiwatch eval` reports them (then "tags").
REAL_SETS = tuple(name for name in DEFAULT_SETS if name != "tags")

# The floors as pinned when they were set; floors.yaml may only be stricter. Raise these
# with floors.yaml when the scores rise; never lower either.
MINIMUM = {
    "tags": {
        "overall": {
            "agencies": (1.00, 1.00),
            "countries": (0.97, 1.00),
            "themes": (0.92, 0.86),
        }
    },
    "tags-real": {
        "overall": {
            "agencies": (0.94, 0.87),
            "countries": (0.92, 0.98),
            "themes": (0.78, 0.82),
        },
        "th": {"agencies": (0.91, 0.94), "countries": (0.91, 0.99), "themes": (0.76, 0.80)},
        "vi": {"agencies": (0.97, 0.83), "countries": (0.90, 0.98), "themes": (0.96, 0.81)},
        "en": {"agencies": (1.00, 0.73), "countries": (0.97, 0.97), "themes": (0.67, 0.90)},
    },
    "tags-real-2": {
        "overall": {
            "agencies": (0.90, 0.92),
            "countries": (0.96, 0.99),
            "themes": (0.87, 0.84),
        },
        "th": {"agencies": (0.86, 1.00), "countries": (1.00, 0.98), "themes": (0.81, 0.92)},
        "vi": {"agencies": (0.90, 0.90), "countries": (0.94, 1.00), "themes": (0.93, 0.77)},
        "en": {"agencies": (1.00, 0.81), "countries": (0.93, 1.00), "themes": (1.00, 0.76)},
    },
    "tags-real-3": {
        "overall": {
            "agencies": (0.93, 0.83),
            "countries": (0.97, 0.97),
            "themes": (0.85, 0.76),
        },
        "th": {"agencies": (0.92, 0.85), "countries": (0.95, 0.97), "themes": (0.91, 0.77)},
        "vi": {"agencies": (0.80, 0.66), "countries": (1.00, 0.96), "themes": (0.90, 0.64)},
        "en": {"agencies": (1.00, 0.87), "countries": (1.00, 1.00), "themes": (0.75, 0.85)},
    },
    "tags-real-4": {
        "overall": {
            "agencies": (0.98, 0.96),
            "countries": (0.97, 0.96),
            "themes": (0.89, 0.84),
        },
        "th": {"agencies": (0.96, 0.96), "countries": (1.00, 1.00), "themes": (0.84, 0.88)},
        "vi": {"agencies": (1.00, 0.88), "countries": (0.93, 0.93), "themes": (1.00, 0.93)},
        "en": {"agencies": (1.00, 1.00), "countries": (1.00, 0.96), "themes": (0.86, 0.72)},
    },
    "tags-real-5": {
        "overall": {
            "agencies": (0.82, 0.92),
            "countries": (0.97, 0.97),
            "themes": (0.84, 0.84),
        },
        "th": {"agencies": (0.84, 0.92), "countries": (0.98, 0.98), "themes": (0.84, 0.86)},
        "vi": {"agencies": (0.40, 1.00), "countries": (0.94, 0.94), "themes": (0.86, 0.76)},
        "en": {"agencies": (1.00, 0.85), "countries": (1.00, 1.00), "themes": (0.78, 0.84)},
    },
    "tags-real-6": {
        "overall": {
            "agencies": (0.95, 0.92),
            "countries": (0.98, 0.94),
            "themes": (0.84, 0.84),
        },
        "th": {"agencies": (0.92, 0.92), "countries": (0.98, 0.98), "themes": (0.86, 0.95)},
        "vi": {"agencies": (1.00, 0.90), "countries": (1.00, 0.90), "themes": (0.76, 0.86)},
        "en": {"agencies": (1.00, 0.92), "countries": (0.96, 0.92), "themes": (1.00, 0.46)},
    },
    "tags-real-7": {
        "overall": {
            "agencies": (0.87, 0.88),
            "countries": (0.97, 0.97),
            "themes": (0.91, 0.86),
        },
        "th": {"agencies": (0.87, 0.93), "countries": (0.98, 0.96), "themes": (0.95, 0.90)},
        "vi": {"agencies": (0.92, 0.75), "countries": (0.94, 1.00), "themes": (0.89, 0.77)},
        "en": {"agencies": (0.83, 0.93), "countries": (1.00, 0.96), "themes": (0.84, 0.84)},
    },
    "tags-real-8": {
        "overall": {
            "agencies": (0.96, 0.95),
            "countries": (0.98, 0.97),
            "themes": (0.81, 0.76),
        },
        "th": {"agencies": (0.95, 0.95), "countries": (0.98, 1.00), "themes": (0.80, 0.74)},
        "vi": {"agencies": (1.00, 0.85), "countries": (1.00, 0.93), "themes": (0.84, 0.68)},
        "en": {"agencies": (1.00, 1.00), "countries": (1.00, 1.00), "themes": (0.80, 1.00)},
    },
    "tags-real-9": {
        "overall": {
            "agencies": (0.92, 0.95),
            "countries": (1.00, 0.94),
            "themes": (0.88, 0.70),
        },
        "th": {"agencies": (0.92, 0.92), "countries": (1.00, 1.00), "themes": (0.84, 0.70)},
        "vi": {"agencies": (0.50, 1.00), "countries": (1.00, 0.89), "themes": (0.93, 0.87)},
        "en": {"agencies": (1.00, 1.00), "countries": (1.00, 0.94), "themes": (1.00, 0.40)},
    },
    "tags-real-10": {
        "overall": {
            "agencies": (0.94, 0.91),
            "countries": (0.94, 0.96),
            "themes": (0.86, 0.69),
        },
        "th": {"agencies": (0.92, 0.88), "countries": (0.97, 1.00), "themes": (0.84, 0.81)},
        "vi": {"agencies": (1.00, 1.00), "countries": (0.95, 0.86), "themes": (1.00, 0.61)},
        "en": {"agencies": (1.00, 1.00), "countries": (0.86, 1.00), "themes": (0.66, 0.28)},
    },
    "tags-real-11": {
        "overall": {
            "agencies": (0.94, 0.91),
            "countries": (0.98, 0.93),
            "themes": (0.95, 0.82),
        },
        "th": {"agencies": (1.00, 0.96), "countries": (1.00, 0.97), "themes": (0.93, 0.90)},
        "vi": {"agencies": (0.50, 1.00), "countries": (0.95, 0.80), "themes": (1.00, 0.81)},
        "en": {"agencies": (0.88, 0.80), "countries": (1.00, 1.00), "themes": (1.00, 0.42)},
    },
    "tags-real-12": {
        "overall": {
            "agencies": (0.97, 0.92),
            "countries": (0.97, 0.96),
            "themes": (0.91, 0.81),
        },
        "th": {"agencies": (0.96, 0.92), "countries": (0.98, 1.00), "themes": (0.95, 0.76)},
        "vi": {"agencies": (1.00, 1.00), "countries": (0.92, 0.80), "themes": (0.94, 1.00)},
        "en": {"agencies": (1.00, 0.88), "countries": (1.00, 1.00), "themes": (0.71, 0.62)},
    },
    "tags-real-13": {
        "overall": {
            "agencies": (0.81, 0.92),
            "countries": (0.96, 0.95),
            "themes": (0.97, 0.70),
        },
        "th": {"agencies": (0.77, 0.96), "countries": (0.98, 0.98), "themes": (0.96, 0.69)},
        "vi": {"agencies": (1.00, 0.80), "countries": (0.90, 0.86), "themes": (1.00, 0.68)},
        "en": {"agencies": (0.87, 0.87), "countries": (1.00, 1.00), "themes": (1.00, 0.75)},
    },
    "tags-real-14": {
        "overall": {
            "agencies": (0.94, 0.84),
            "countries": (0.98, 0.94),
            "themes": (0.92, 0.65),
        },
        "th": {"agencies": (0.92, 0.96), "countries": (0.98, 0.98), "themes": (0.93, 0.68)},
        "vi": {"agencies": (1.00, 0.50), "countries": (0.95, 0.80), "themes": (1.00, 0.55)},
        "en": {"agencies": (1.00, 0.71), "countries": (1.00, 1.00), "themes": (0.81, 0.69)},
    },
    "tags-real-15": {
        "overall": {
            "agencies": (0.89, 0.86),
            "countries": (0.98, 0.96),
            "themes": (0.89, 0.68),
        },
        "th": {"agencies": (0.95, 0.86), "countries": (1.00, 0.95), "themes": (0.90, 0.62)},
        "vi": {"agencies": (1.00, 1.00), "countries": (1.00, 0.96), "themes": (1.00, 0.63)},
        "en": {"agencies": (0.60, 0.75), "countries": (0.94, 1.00), "themes": (0.81, 0.90)},
    },
    "tags-real-16": {
        "overall": {"agencies": (0.80, 0.85), "countries": (0.98, 0.96), "themes": (0.85, 0.84)},
        "th": {"agencies": (0.80, 1.00), "countries": (0.96, 1.00), "themes": (0.84, 0.84)},
        "vi": {"agencies": (0.66, 0.57), "countries": (1.00, 0.91), "themes": (0.85, 0.75)},
        "en": {"agencies": (1.00, 0.75), "countries": (1.00, 0.94), "themes": (0.90, 1.00)},
    },
    "tags-real-17": {
        "overall": {"agencies": (0.90, 0.90), "countries": (0.98, 0.87), "themes": (0.78, 0.80)},
        "th": {"agencies": (0.85, 1.00), "countries": (1.00, 0.95), "themes": (0.86, 0.86)},
        "vi": {"agencies": (1.00, 0.50), "countries": (0.97, 0.81), "themes": (0.92, 0.76)},
        "en": {"agencies": (1.00, 1.00), "countries": (1.00, 0.82), "themes": (0.33, 0.60)},
    },
    "tags-real-18": {
        "overall": {"agencies": (0.82, 0.88), "countries": (0.97, 0.93), "themes": (0.78, 0.85)},
        "th": {"agencies": (0.84, 0.96), "countries": (0.97, 0.95), "themes": (0.71, 1.00)},
        "vi": {"agencies": (0.75, 0.50), "countries": (0.97, 0.89), "themes": (1.00, 0.78)},
        "en": {"agencies": (0.80, 0.88), "countries": (1.00, 1.00), "themes": (0.60, 0.50)},
    },
    "tags-real-19": {
        "overall": {"agencies": (0.86, 0.86), "countries": (0.98, 0.93), "themes": (0.85, 0.75)},
        "th": {"agencies": (0.83, 0.90), "countries": (1.00, 0.98), "themes": (0.81, 0.75)},
        "vi": {"agencies": (1.00, 0.75), "countries": (1.00, 0.83), "themes": (0.92, 0.75)},
        "en": {"agencies": (0.90, 0.81), "countries": (0.93, 1.00), "themes": (0.85, 0.75)},
    },
    "tags-real-20": {
        "overall": {"agencies": (0.92, 0.92), "countries": (0.96, 0.94), "themes": (0.87, 0.76)},
        "th": {"agencies": (0.94, 0.92), "countries": (0.97, 1.00), "themes": (0.83, 0.80)},
        "vi": {"agencies": (0.66, 0.80), "countries": (0.92, 0.89), "themes": (1.00, 0.73)},
        "en": {"agencies": (1.00, 1.00), "countries": (1.00, 0.91), "themes": (0.83, 0.71)},
    },
    "tags-real-21": {
        "overall": {"agencies": (0.93, 0.96), "countries": (0.98, 0.90), "themes": (0.87, 0.80)},
        "th": {"agencies": (0.93, 1.00), "countries": (1.00, 0.97), "themes": (0.83, 0.80)},
        "vi": {"agencies": (1.00, 0.83), "countries": (0.96, 0.80), "themes": (0.92, 0.86)},
        "en": {"agencies": (0.88, 1.00), "countries": (1.00, 0.92), "themes": (1.00, 0.60)},
    },
    "tags-real-22": {
        "overall": {"agencies": (0.93, 0.90), "countries": (0.98, 0.94), "themes": (0.94, 0.66)},
        "th": {"agencies": (1.00, 0.93), "countries": (1.00, 1.00), "themes": (0.91, 0.81)},
        "vi": {"agencies": (1.00, 0.77), "countries": (0.96, 0.85), "themes": (1.00, 0.44)},
        "en": {"agencies": (0.80, 1.00), "countries": (1.00, 0.93), "themes": (1.00, 0.66)},
    },
    "tags-real-23": {
        "overall": {"agencies": (0.94, 0.89), "countries": (1.00, 0.97), "themes": (0.97, 0.68)},
        "th": {"agencies": (0.93, 0.90), "countries": (1.00, 1.00), "themes": (1.00, 0.72)},
        "vi": {"agencies": (1.00, 0.81), "countries": (1.00, 0.91), "themes": (0.90, 0.66)},
        "en": {"agencies": (0.88, 1.00), "countries": (1.00, 1.00), "themes": (1.00, 0.57)},
    },
    "tags-real-24": {
        "overall": {"agencies": (1.00, 0.92), "countries": (0.98, 0.96), "themes": (0.75, 0.67)},
        "th": {"agencies": (1.00, 1.00), "countries": (0.97, 1.00), "themes": (0.71, 0.76)},
        "vi": {"agencies": (1.00, 0.33), "countries": (1.00, 0.93), "themes": (0.80, 0.47)},
        "en": {"agencies": (1.00, 0.85), "countries": (1.00, 0.92), "themes": (0.83, 0.83)},
    },
    "tags-real-25": {
        "overall": {"agencies": (0.81, 0.93), "countries": (0.96, 0.96), "themes": (0.88, 0.83)},
        "th": {"agencies": (0.80, 1.00), "countries": (0.97, 0.95), "themes": (0.93, 0.86)},
        "vi": {"agencies": (0.85, 0.75), "countries": (0.93, 0.96), "themes": (0.93, 0.77)},
        "en": {"agencies": (0.80, 1.00), "countries": (1.00, 1.00), "themes": (0.40, 1.00)},
    },
    "tags-real-26": {
        "overall": {"agencies": (1.00, 0.95), "countries": (1.00, 0.98), "themes": (0.92, 0.65)},
        "th": {"agencies": (1.00, 1.00), "countries": (1.00, 1.00), "themes": (0.96, 0.68)},
        "vi": {"agencies": (1.00, 0.66), "countries": (1.00, 0.96), "themes": (0.83, 0.58)},
    },
    "tags-real-27": {
        "overall": {"agencies": (0.97, 1.00), "countries": (0.98, 0.96), "themes": (0.90, 0.67)},
        "th": {"agencies": (1.00, 1.00), "countries": (1.00, 1.00), "themes": (0.92, 0.69)},
        "vi": {"agencies": (0.80, 1.00), "countries": (0.96, 0.90), "themes": (0.88, 0.65)},
    },
    "tags-real-28": {
        "overall": {"agencies": (0.94, 0.82), "countries": (1.00, 0.98), "themes": (0.79, 0.72)},
        "th": {"agencies": (0.93, 0.96), "countries": (1.00, 1.00), "themes": (0.81, 0.81)},
        "vi": {"agencies": (1.00, 0.40), "countries": (1.00, 0.97), "themes": (0.72, 0.53)},
    },
    "tags-real-29": {
        "overall": {"agencies": (1.00, 0.83), "countries": (1.00, 0.93), "themes": (0.89, 0.79)},
        "th": {"agencies": (1.00, 0.95), "countries": (1.00, 0.97), "themes": (0.84, 0.84)},
        "vi": {"agencies": (1.00, 0.63), "countries": (1.00, 0.87), "themes": (0.95, 0.75)},
    },
    "tags-real-30": {
        "overall": {"agencies": (0.93, 0.96), "countries": (0.98, 0.94), "themes": (0.88, 0.92)},
        "th": {"agencies": (0.92, 0.96), "countries": (0.97, 1.00), "themes": (0.87, 0.91)},
        "vi": {"agencies": (1.00, 1.00), "countries": (1.00, 0.87), "themes": (0.88, 0.94)},
    },
}


@pytest.fixture(scope="module")
def reports():
    return {name: evaluate(folder) for name, folder in DEFAULT_SETS.items()}


def test_floors_never_go_down() -> None:
    for name, scopes in MINIMUM.items():
        for scope, facets in scopes.items():
            pinned = FLOORS[name][scope]
            assert set(pinned) == set(FACETS), (name, scope)
            for facet, (precision, recall) in facets.items():
                assert pinned[facet]["precision"] >= precision, (name, scope, facet)
                assert pinned[facet]["recall"] >= recall, (name, scope, facet)


def _raw_items(name: str) -> list[dict]:
    """A set's articles as written in its files (provenance, near_miss: fields the loader
    does not keep)."""
    return [
        a
        for p in sorted(DEFAULT_SETS[name].glob("*.yaml"))
        if p.name != "vocabulary.yaml"
        for a in yaml.safe_load(p.read_text("utf-8"))["articles"]
    ]


def test_the_real_set_is_big_enough_real_and_labelled_per_policy() -> None:
    articles = load_articles(DEFAULT_SETS["tags-real"])
    assert len(articles) >= 150
    by_lang = {lang: sum(a.language == lang for a in articles) for lang in ("th", "vi", "en")}
    assert by_lang["th"] >= 70 and by_lang["vi"] >= 50 and by_lang["en"] >= 30, by_lang
    raw = _raw_items("tags-real")
    # Real published text with provenance and a licence statement, a share of near misses.
    assert all(a["provenance"].get("licence") for a in raw)
    assert all(a["provenance"].get("repository") or a["provenance"].get("url") for a in raw)
    assert sum(bool(a.get("near_miss")) for a in raw) >= 0.15 * len(raw)


@pytest.mark.parametrize("name", REAL_SETS[1:])
def test_the_later_real_sets_are_real_and_apart_from_the_earlier_ones(name: str) -> None:
    articles = load_articles(DEFAULT_SETS[name])
    others = [a for other in REAL_SETS if other != name for a in load_articles(DEFAULT_SETS[other])]
    assert len(articles) >= 60
    by_lang = {lang: sum(a.language == lang for a in articles) for lang in ("th", "vi", "en")}
    # English: 12, not 15, since tags-real-10 (13): it was asked for 12, as the unused English
    # items of the stored sources are few and mostly courtesy calls (its README, "Doubts").
    # Fewer from tags-real-25 on: the unused English items with an STI topic ran out (the
    # READMEs of tags-real-25 to -30 say how that was checked).
    fewer = {"tags-real-25": 10} | {f"tags-real-{n}": 0 for n in range(26, 31)}
    english = fewer.get(name, 12)
    assert by_lang["th"] >= 25 and by_lang["vi"] >= 18 and by_lang["en"] >= english, by_lang
    assert not {a.id for a in articles} & {a.id for a in others}
    raw = _raw_items(name)
    assert all(a["provenance"].get("licence") for a in raw)
    assert sum(bool(a.get("near_miss")) for a in raw) >= 0.15 * len(raw)


def test_the_written_set_stays_as_a_regression_set() -> None:
    articles = load_articles(DEFAULT_SETS["tags"])
    assert len(articles) >= 40
    by_lang = {lang: sum(a.language == lang for a in articles) for lang in ("th", "vi", "en")}
    assert min(by_lang.values()) >= 10, by_lang


def _floors(name: str, scope: str) -> list[tuple[str, str, str, float, float]]:
    return [(name, scope, f, v["precision"], v["recall"]) for f, v in FLOORS[name][scope].items()]


@pytest.mark.parametrize(
    "name, scope, facet, precision, recall",
    [
        row
        for name, scopes in FLOORS.items()
        if name in DEFAULT_SETS
        for scope in scopes
        for row in _floors(name, scope)
    ],
)
def test_scores_stay_above_the_floors(reports, name, scope, facet, precision, recall) -> None:
    report = reports[name]
    score = report.facets[facet] if scope == "overall" else report.by_language[scope][facet]
    differences = [d for d in report.differences if d["facet"] == facet][:20]
    assert score.precision >= precision, (name, scope, facet, score.to_dict(), differences)
    assert score.recall >= recall, (name, scope, facet, score.to_dict(), differences)


def write_set(folder: Path, articles: list[dict], **top) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {**top, "articles": articles}
    (folder / "a.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


ARTICLE = {
    "id": "x-1",
    "url": "https://example.org/1",
    "language": "en",
    "source_country": None,
    "title": "Japan and Thailand sign semiconductor MoU",
    "text": "NSTDA and JST agreed to cooperate on semiconductor design.",
    "expected": {"countries": ["JP", "TH"], "agencies": ["NSTDA", "JST"], "themes": ["semiconductors", "ai"]},
    "provenance": {"modelled": "written for this test"},
}


def test_counts_are_micro_averaged(tmp_path: Path) -> None:
    r = evaluate(write_set(tmp_path / "set", [ARTICLE]))
    assert r.facets["agencies"].precision == 1.0
    themes = r.facets["themes"]
    assert (themes.true_positives, themes.false_positives, themes.false_negatives) == (1, 0, 1)
    assert themes.recall == 0.5
    assert {"article": "x-1", "facet": "themes", "missed": ["ai"], "extra": []} in r.differences


def test_uncertain_labels_count_neither_way(tmp_path: Path) -> None:
    doubtful = {**ARTICLE, "expected": {**ARTICLE["expected"], "themes": ["semiconductors"]}}
    doubtful["uncertain"] = {"themes": ["ai"], "countries": ["JP"]}
    doubtful["expected"] = {**doubtful["expected"], "countries": ["TH"]}
    r = evaluate(write_set(tmp_path / "u", [doubtful]))
    assert r.facets["themes"].to_dict()["fn"] == 0
    # JP was found: uncertain, so not a false positive either.
    assert r.facets["countries"].to_dict() == {"precision": 1.0, "recall": 1.0, "tp": 1, "fp": 0, "fn": 0}
    both = {**doubtful, "uncertain": {"themes": ["semiconductors"]}}
    with pytest.raises(TagSetError, match="both expected and uncertain"):
        evaluate(write_set(tmp_path / "b", [both]))


def test_a_set_may_label_what_articles_mention(tmp_path: Path) -> None:
    passing = {
        **ARTICLE,
        "title": "Japan and Thailand sign MoU",
        "text": "Thailand and Japan signed it.\n\nDelegates from Cambodia, Lao PDR and Myanmar attended.",
        "expected": {"countries": ["JP", "TH", "KH", "LA", "MM"], "agencies": [], "themes": []},
    }
    about = evaluate(write_set(tmp_path / "about", [passing]))
    assert about.facets["countries"].to_dict()["fn"] == 3
    named = evaluate(write_set(tmp_path / "named", [passing], labels={"countries": "mentioned"}))
    assert named.facets["countries"].recall == 1.0
    with pytest.raises(TagSetError, match="labels maps"):
        evaluate(write_set(tmp_path / "bad", [passing], labels={"countries": "sometimes"}))


def test_bad_sets_are_reported(tmp_path: Path) -> None:
    with pytest.raises(TagSetError, match="unknown id"):
        evaluate(write_set(tmp_path / "a", [{**ARTICLE, "expected": {"agencies": ["NOPE"]}}]))
    with pytest.raises(TagSetError, match="duplicate"):
        evaluate(write_set(tmp_path / "b", [ARTICLE, ARTICLE]))
    with pytest.raises(TagSetError, match="no labelled tag set"):
        evaluate(tmp_path / "missing")
    with pytest.raises(TagSetError, match="provenance must say"):
        evaluate(write_set(tmp_path / "c", [{k: v for k, v in ARTICLE.items() if k != "provenance"}]))
    with pytest.raises(TagSetError, match="unknown field"):
        evaluate(write_set(tmp_path / "d", [{**ARTICLE, "colour": "red"}]))


def test_the_report_puts_the_sets_side_by_side(tmp_path: Path) -> None:
    one = evaluate(write_set(tmp_path / "one", [ARTICLE]))
    text = format_reports({"real": one, "written": one}, differences=True)
    assert "real         en      1" in text and "written      all     1" in text
    assert "missed ai" in text


def test_cli_eval_tags_section(tmp_path: Path) -> None:
    data = cli_json(["eval", "--only", "tags", "--json"], tmp_path / "data")
    assert list(data["tags"]) == [*REAL_SETS, "tags"]
    assert data["tags"]["tags-real"]["articles"] >= 150
    assert set(data["tags"]["tags-real"]["by_language"]) == {"th", "vi", "en"}
    assert set(data["tags"]["tags"]["facets"]) == {"agencies", "countries", "themes"}
    bad = run_cli(["eval", "--only", "tags", "--tags-set", str(tmp_path / "nothing")], tmp_path / "data")
    assert bad.returncode == 2 and "no labelled tag set" in bad.stderr


def test_ids_added_after_labelling_count_neither_way(tmp_path: Path) -> None:
    # ARTICLE's tagger output holds NSTDA and JST; the labeller's list knew only NSTDA.
    only = {**ARTICLE, "expected": {**ARTICLE["expected"], "agencies": ["NSTDA"]}}
    plain = evaluate(write_set(tmp_path / "plain", [only]))
    assert plain.facets["agencies"].to_dict()["fp"] == 1  # JST is extra without a vocabulary
    folder = write_set(tmp_path / "vocab", [only])
    vocabulary = {"countries": ["JP", "TH"], "agencies": ["NSTDA"], "themes": ["semiconductors", "ai"]}
    (folder / "vocabulary.yaml").write_text(yaml.safe_dump(vocabulary), encoding="utf-8")
    r = evaluate(folder)
    assert r.facets["agencies"].to_dict() == {"precision": 1.0, "recall": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert r.outside_vocabulary == {"agencies": 1}
    assert "1 agencies tag(s) set aside" in format_reports({"vocab": r})
    # A label the labeller could not have chosen is a mistake in the set.
    (folder / "vocabulary.yaml").write_text(
        yaml.safe_dump({**vocabulary, "themes": ["ai"]}), encoding="utf-8"
    )
    with pytest.raises(TagSetError, match=r"not in vocabulary\.yaml: themes: semiconductors"):
        evaluate(folder)
