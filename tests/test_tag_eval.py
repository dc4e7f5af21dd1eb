"""The labelled tag set: its scores must stay above the floors of the issue, and the
evaluation itself must count and report correctly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from stiwatch.pipelines.evaluation.tags import DEFAULT_SET, TagSetError, evaluate, load_articles
from tests.conftest import cli_json, run_cli

FLOORS = {"agencies": (0.95, 0.90), "countries": (0.90, 0.90), "themes": (0.85, 0.80)}


@pytest.fixture(scope="module")
def report():
    return evaluate(DEFAULT_SET)


def test_the_set_is_big_enough_and_trilingual() -> None:
    articles = load_articles(DEFAULT_SET)
    assert len(articles) >= 40
    by_lang = {lang: sum(a.language == lang for a in articles) for lang in ("th", "vi", "en")}
    assert min(by_lang.values()) >= 10, by_lang


@pytest.mark.parametrize("facet", sorted(FLOORS))
def test_scores_stay_above_the_floors(report, facet: str) -> None:
    precision, recall = FLOORS[facet]
    score = report.facets[facet]
    assert score.precision >= precision, (facet, score.to_dict(), report.differences)
    assert score.recall >= recall, (facet, score.to_dict(), report.differences)


def write_set(folder: Path, articles: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.yaml").write_text(yaml.safe_dump({"articles": articles}, allow_unicode=True), "utf-8")
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


def test_bad_sets_are_reported(tmp_path: Path) -> None:
    with pytest.raises(TagSetError, match="unknown id"):
        evaluate(write_set(tmp_path / "a", [{**ARTICLE, "expected": {"agencies": ["NOPE"]}}]))
    with pytest.raises(TagSetError, match="duplicate"):
        evaluate(write_set(tmp_path / "b", [ARTICLE, ARTICLE]))
    with pytest.raises(TagSetError, match="no labelled tag set"):
        evaluate(tmp_path / "missing")
    with pytest.raises(TagSetError, match="provenance must say"):
        evaluate(write_set(tmp_path / "c", [{k: v for k, v in ARTICLE.items() if k != "provenance"}]))


def test_cli_eval_tags_section(tmp_path: Path) -> None:
    data = cli_json(["eval", "--only", "tags", "--json"], tmp_path / "data")
    assert data["tags"]["articles"] >= 40
    assert set(data["tags"]["facets"]) == {"agencies", "countries", "themes"}
    bad = run_cli(["eval", "--only", "tags", "--tags-set", str(tmp_path / "nothing")], tmp_path / "data")
    assert bad.returncode == 2 and "no labelled tag set" in bad.stderr
