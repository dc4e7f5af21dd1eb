"""Document quality over the labelled PDF/Word set (tests/labelled/pdf) held to pinned floors.

The floors live in tests/labelled/floors.yaml (section ``documents``): character error rates
only go down, every other measure only goes up. Scans are read with Tesseract, which
`make test` installs (tesseract-ocr, tesseract-ocr-tha, tesseract-ocr-vie).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from stiwatch.pipelines.documents.ocr import missing_languages
from stiwatch.pipelines.evaluation.documents import DEFAULT_SET, DocumentSetError, evaluate_documents
from tests.conftest import run_cli

FLOORS = yaml.safe_load((Path(__file__).parent / "labelled" / "floors.yaml").read_text(encoding="utf-8"))[
    "documents"
]
# The targets: floors.yaml may only be stricter.
TARGETS = {"text-layer-th": 0.01, "text-layer-vi": 0.01}
DATES = 0.95


@pytest.fixture(scope="module")
def report() -> Any:
    missing = missing_languages("tha+vie+eng")
    assert not missing, f"OCR needs tesseract with {missing} (make system-deps)"
    return evaluate_documents(ocr=True)


def _holds(measure: str, value: float | None, floor: float) -> bool:
    assert value is not None, measure
    return value <= floor if measure == "cer" else value >= floor


def test_floors_never_go_down() -> None:
    for group, ceiling in TARGETS.items():
        assert FLOORS[group]["cer"] <= ceiling, group
        assert FLOORS[group]["date_accuracy"] >= DATES, group
    assert FLOORS["overall"]["date_accuracy"] >= DATES
    assert all(f["outcome_accuracy"] == 1.0 for f in FLOORS.values())


@pytest.mark.slow
def test_every_group_holds_its_floors(report: Any) -> None:
    assert set(FLOORS) <= {*report.groups, "overall"}
    for group, floors in FLOORS.items():
        scores = report.overall if group == "overall" else report.groups[group]
        for measure, floor in floors.items():
            value = getattr(scores, measure)
            assert _holds(measure, value, floor), (group, measure, value, report.to_dict()["documents"])


@pytest.mark.slow
def test_outcomes_and_ocr_marks(report: Any) -> None:
    by_file = {d.file: d for d in report.documents}
    assert by_file["th-innovation.doc"].outcome == "unsupported-format"
    scan = by_file["th-cabinet-table-scanned.pdf"]
    assert scan.outcome == "stored" and "ocr" in scan.got["errors"]
    assert scan.got["published_from"] == "ocr-line"  # the date line was read by OCR
    # Documents without a date line of their own are dated by their metadata, never by a
    # date mentioned in their body.
    for name in ("th-asean-hungary-nodate.pdf", "vi-nq-03-2025-chuong-trinh-2col.pdf"):
        assert by_file[name].got["published_from"] == "pdf-metadata", name


def test_without_ocr_scans_are_refused_as_no_text_layer() -> None:
    report = evaluate_documents(ocr=False)
    scans = [d for d in report.documents if d.kind == "scanned"]
    assert scans and all(d.outcome == "no-text-layer" == d.expected_outcome for d in scans)
    assert report.groups["text-layer-th"].cer is not None and report.groups["text-layer-th"].cer <= 0.01


def test_the_scorer_can_fail(tmp_path: Path) -> None:
    """A truth that is not the document's text scores a high CER and a wrong date."""
    folder = tmp_path / "set"
    folder.mkdir()
    shutil.copy(DEFAULT_SET / "vi-qd-10-2021.pdf", folder / "a.pdf")
    (folder / "a.txt").write_text("Một văn bản hoàn toàn khác về một chủ đề khác.", encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        yaml.safe_dump(
            {
                "documents": [
                    {
                        "file": "a.pdf",
                        "truth": "a.txt",
                        "language": "vi",
                        "kind": "text-layer",
                        "title": "another title",
                        "published": "2019-01-10",
                        "pdf_metadata_date": None,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    bad = evaluate_documents(folder, ocr=False)
    scores = bad.groups["text-layer-vi"]
    assert scores.cer is not None and scores.cer > 0.5
    assert (scores.date_accuracy, scores.title_accuracy) == (0.0, 0.0)
    with pytest.raises(DocumentSetError, match="no manifest"):
        evaluate_documents(tmp_path / "missing")


def test_cli_eval_documents(tmp_path: Path) -> None:
    proc = run_cli(["eval", "--only", "documents", "--no-ocr"], tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:3] == ["documents", "docs", "CER"]
    rows = {line.split()[0]: line.split() for line in lines[1:] if line and not line.startswith(" ")}
    assert {"text-layer-th", "text-layer-vi", "docx", "overall"} <= set(rows)
    bad = run_cli(["eval", "--only", "documents", "--documents-set", str(tmp_path)], tmp_path / "data")
    assert bad.returncode == 2 and "no manifest.yaml" in bad.stderr
