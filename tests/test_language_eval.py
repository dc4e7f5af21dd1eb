"""Language ID and dates in six more languages, scored on real published texts.

tests/labelled/languages holds Indonesian, Malay, Filipino, Khmer, Lao and Myanmar texts
(provenance in its README); the scores are held above tests/labelled/floors.yaml
(``languages:``), which only go up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from stiwatch.pipelines.evaluation.languages import DEFAULT_SETS, LANGUAGES, evaluate_sets, load_items
from tests.conftest import cli_json

ALL_FLOORS = yaml.safe_load((Path(__file__).parent / "labelled" / "floors.yaml").read_text(encoding="utf-8"))
FLOORS = {name: ALL_FLOORS[name] for name in DEFAULT_SETS}
# What was measured when the floors were set: floors.yaml may only be stricter.
MINIMUM = {
    "languages": {
        "language_accuracy": {"id": 1.0, "ms": 0.925, "tl": 1.0, "km": 1.0, "lo": 1.0, "my": 1.0},
        "date_accuracy": {"id": 0.916, "ms": 0.916, "tl": 1.0, "km": 0.944, "lo": 0.928, "my": 0.888},
    },
    "languages-2": {
        "language_accuracy": {"id": 1.0, "ms": 1.0, "tl": 1.0, "km": 1.0, "lo": 1.0, "my": 1.0},
        "date_accuracy": {"id": 1.0, "ms": 1.0, "tl": 1.0, "km": 1.0, "lo": 1.0, "my": 1.0},
    },
}


@pytest.fixture(scope="module")
def report() -> Any:
    return evaluate_sets(DEFAULT_SETS)


def test_floors_never_go_down() -> None:
    for name, measures in MINIMUM.items():
        for measure, by_lang in measures.items():
            for lang, minimum in by_lang.items():
                assert FLOORS[name][measure][lang] >= minimum, (name, measure, lang)


@pytest.mark.parametrize("name", list(DEFAULT_SETS))
def test_every_language_has_real_texts(name: str) -> None:
    items = load_items(DEFAULT_SETS[name])
    assert set(items) == set(LANGUAGES)
    for lang, entries in items.items():
        assert len(entries) >= (20 if name == "languages" else 15), lang
        assert all(e["provenance"] for e in entries), lang


def test_the_sets_do_not_overlap() -> None:
    ids = [
        e["id"]
        for folder in DEFAULT_SETS.values()
        for entries in load_items(folder).values()
        for e in entries
    ]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", list(DEFAULT_SETS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_scores_hold_the_floors(report: Any, name: str, lang: str) -> None:
    scores = report[name][lang]
    assert scores.language_accuracy >= FLOORS[name]["language_accuracy"][lang], scores.failures
    assert scores.date_accuracy >= FLOORS[name]["date_accuracy"][lang], scores.failures


def test_the_union_counts_every_item(report: Any) -> None:
    for lang in LANGUAGES:
        assert report["all"][lang].items == sum(report[name][lang].items for name in DEFAULT_SETS)
        assert report["all"][lang].dated == sum(report[name][lang].dated for name in DEFAULT_SETS)


def test_eval_command_reports_the_languages(tmp_path: Path) -> None:
    data = cli_json(["eval", "--only", "languages", "--json"], tmp_path / "data")
    by_lang = data["languages"]["by_language"]  # the union of the sets
    assert set(by_lang) == set(LANGUAGES)
    sets = data["languages"]["sets"]
    assert set(sets) == set(DEFAULT_SETS)
    assert by_lang["km"]["dated"] == sum(sets[name]["by_language"]["km"]["dated"] for name in sets)
    # One set given: it alone is scored.
    one = cli_json(
        ["eval", "--only", "languages", "--json", "--languages-set", str(DEFAULT_SETS["languages-2"])],
        tmp_path / "data",
    )["languages"]
    assert list(one["sets"]) == ["languages-2"]
    assert one["by_language"]["km"]["dated"] == sets["languages-2"]["by_language"]["km"]["dated"]
