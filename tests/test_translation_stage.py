"""The translate stage, the CLI and the API with the tiny real models; search through translations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from stiwatch.core.article import Article
from stiwatch.pipelines.base import PipelineContext
from stiwatch.pipelines.translate import TranslateStage
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.query import build_query
from tests.conftest import EXACT_COMPUTE_TYPE, TINY_MODEL_LENGTH_RATIO, run_cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "argos"
TH_TITLE = "ไทยและเวียดนามลงนามความตกลงความร่วมมือด้านวิทยาศาสตร์"
TH_TEXT = "สวทช. ลงนามบันทึกความเข้าใจกับ JICA\n\nการประชุมสิ้นสุดวันนี้\n\nนักวิจัยพัฒนาพันธุ์ข้าว"
MISSING_TH_EN = {
    "stage": "translate",
    "kind": "model-missing",
    "message": "no th→en model: install it with `stiwatch models install th en`",
}


def thai_article() -> Article:
    article = Article(url="https://www.nstda.or.th/news/1", source="nstda", title=TH_TITLE, text=TH_TEXT)
    article.language = "th"
    article.handoff.status = "new"
    return article


def install(data_dir: Path, *pairs: str) -> None:
    for pair in pairs:
        proc = run_cli(["models", "install-file", str(FIXTURES / f"tiny_{pair}.argosmodel")], data_dir)
        assert proc.returncode == 0, proc.stderr


def stage(data_dir: Path, **settings: Any) -> TranslateStage:
    defaults = {
        "STIWATCH_DATA_DIR": str(data_dir),
        "TRANSLATE_COMPUTE_TYPE": EXACT_COMPUTE_TYPE,
        "TRANSLATE_MAX_LENGTH_RATIO": TINY_MODEL_LENGTH_RATIO,
    }
    return TranslateStage(PipelineContext(settings={**defaults, **settings}))


def test_no_model_installed_records_the_error_and_loads_nothing(tmp_path: Path) -> None:
    """The default deployment: one directory listing, no CTranslate2, no argostranslate, no torch."""
    script = f"""
import json, sys
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from tests.test_translation_stage import thai_article, stage
s = stage(Path({str(tmp_path)!r}))
a = s(thai_article()); b = s(thai_article())
heavy = sorted(m for m in ("ctranslate2", "argostranslate", "torch", "sentencepiece") if m in sys.modules)
print(json.dumps({{"errors": a.errors, "translations": b.translations, "heavy": heavy}}))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"errors": [MISSING_TH_EN], "translations": {}, "heavy": []}


def test_stage_translates_title_and_lead_and_skips_unchanged(tmp_path: Path) -> None:
    install(tmp_path, "th_en")
    translate = stage(tmp_path, TRANSLATE_LEAD_CHARS=60)
    article = translate(thai_article())
    assert article.errors == []
    en = article.translations["en"]
    assert en["title"] == "Thailand and Vietnam sign a science cooperation agreement."
    # The lead: the first paragraphs up to 60 characters.
    assert en["text"] == "NSTDA signed a memorandum of understanding with JICA.\n\nThe conference ends today."
    assert en["full"] is False and en["model"].startswith("th-en/")
    unchanged = thai_article()
    unchanged.handoff.status = "unchanged"
    assert translate(unchanged).translations == {}
    # English articles want Thai by default; that model is not installed here.
    english = Article(url="https://x.org/1", source="s", title="The conference ends today.", text="")
    english.language = "en"
    english.handoff.status = "new"
    assert translate(english).errors == [
        {
            "stage": "translate",
            "kind": "model-missing",
            "message": "no en→th model: install it with `stiwatch models install en th`",
        }
    ]


def test_english_query_finds_a_thai_article_through_its_translation(tmp_path: Path) -> None:
    install(tmp_path, "th_en")
    untranslated = thai_article()
    with EmbeddedBackend(tmp_path) as backend:
        backend.upsert([untranslated.to_record()])
        backend.commit()
        assert backend.search(build_query("ends today")).total == 0
        article = stage(tmp_path)(thai_article())  # end to end: stage, store, index, search
        backend.upsert([article.to_record()])
        backend.commit()
        result = backend.search(build_query("ends today"))
        assert [h["id"] for h in result.hits] == [article.id]
        assert result.hits[0]["language"] == "th"


def test_cli_pending_pass_then_full_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    article = stage(data)(thai_article())  # no model yet: stored with the error
    assert article.errors == [MISSING_TH_EN]
    with EmbeddedBackend(data) as backend:
        backend.upsert([article.to_record()])
        backend.commit()
    proc = run_cli(["translate", article.id], data)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"stiwatch: error: {MISSING_TH_EN['message']}"

    install(data, "th_en", "vi_en", "en_th")
    listed = json.loads(run_cli(["models", "list", "--json"], data).stdout)
    assert listed["models_dir"] == str(data / "models")
    assert [(m["from"], m["to"]) for m in listed["models"]] == [("en", "th"), ("th", "en"), ("vi", "en")]

    proc = run_cli(["translate", "--pending", "--json"], data)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert (result["pending"], result["translated"], result["missing"]) == (1, 1, 0)
    again = json.loads(run_cli(["translate", "--pending", "--json"], data).stdout)
    assert again["pending"] == 0

    proc = run_cli(["translate", article.id, "--full", "--json"], data)
    assert proc.returncode == 0, proc.stderr
    full = json.loads(proc.stdout)
    assert full["errors"] == []
    assert full["translations"]["en"]["full"] is True
    assert full["translations"]["en"]["text"].endswith("Researchers developed a rice variety.")
    hits = json.loads(run_cli(["search", "rice variety", "--json"], data).stdout)["hits"]
    assert [h["id"] for h in hits] == [article.id]


def test_models_list_names_the_missing_pairs_and_how_to_get_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = json.loads(run_cli(["models", "list", "--json"], data).stdout)
    missing = {(m["from"], m["to"]): m for m in listed["missing"]}
    # Every configured language needs its way to English; Vietnamese and English to Thai.
    assert set(missing) == {
        (lang, "en") for lang in ("th", "vi", "id", "ms", "tl", "km", "lo", "my", "zh")
    } | {("en", "th")}
    assert missing[("id", "en")]["command"] == "install it with `stiwatch models install id en`"
    assert missing[("tl", "en")]["command"] == "install it with `stiwatch models install tl en`"
    assert "build-marian CHECKPOINT_DIR km en" in missing[("km", "en")]["command"]
    # vi→th has neither a package nor its legs: it waits for vi→en and en→th.
    assert missing[("en", "th")]["needed_for"] == ["vi-th", "en-th"]
    assert missing[("vi", "en")]["needed_for"] == ["vi-en", "vi-th"]

    install(data, "id_en", "en_th")
    listed = json.loads(run_cli(["models", "list", "--json"], data).stdout)
    missing = {(m["from"], m["to"]) for m in listed["missing"]}
    assert ("id", "en") not in missing and ("en", "th") not in missing and ("ms", "en") in missing
    table = run_cli(["models", "list"], data).stdout
    assert "missing: 8 model(s)" in table
    assert "ms    en  ms-en" in table and "install it with `stiwatch models install ms en`" in table


def test_cli_model_errors_are_one_line(tmp_path: Path) -> None:
    proc = run_cli(["models", "install", "vi", "en"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "build-marian CHECKPOINT_DIR vi en" in proc.stderr
    proc = run_cli(["models", "install-file", str(tmp_path / "nope.argosmodel")], tmp_path)
    assert proc.returncode == 2 and "no such file" in proc.stderr
    proc = run_cli(["translate"], tmp_path)
    assert proc.returncode == 2 and "ARTICLE_ID or --pending" in proc.stderr


def test_api_translate_needs_the_token(tmp_path: Path) -> None:
    from stiwatch.core.config import load_config
    from stiwatch.deliver.web.app import create_app

    install(tmp_path, "th_en")
    article = thai_article()
    backend = EmbeddedBackend(tmp_path)
    backend.upsert([article.to_record()])
    backend.commit()
    config = load_config(data_dir=tmp_path, env={"STIWATCH_WEB_API_TOKEN": "s3cret"})
    with TestClient(create_app(config, backend)) as client:
        url = f"/api/articles/{article.id}"
        assert client.get(f"{url}/translations").json() == {
            "id": article.id,
            "translations": {},
            "errors": [],
        }
        assert client.post(f"{url}/translate").status_code == 401
        reply = client.post(f"{url}/translate?full=true", headers={"Authorization": "Bearer s3cret"})
        assert reply.status_code == 200
        en = reply.json()["translations"]["en"]
        assert en["full"] is True and en["title"].startswith("Thailand and Vietnam")
        assert client.get(f"{url}/translations").json()["translations"]["en"] == en
        assert (
            client.post(
                "/api/articles/0000000000000000/translate", headers={"Authorization": "Bearer s3cret"}
            ).status_code
            == 404
        )
    backend.close()
