"""The command-line contract: outputs, JSON shapes and one-line errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from stiwatch.core.article import RECORD_FIELDS
from tests.conftest import ROOT, cli_json, run_cli

SEED_DIR = ROOT / "tests" / "fixtures" / "text" / "seeds"
PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<title>{title} | บพค.</title></head><body>
<nav><a href="/">หน้าแรก</a> <a href="/news/">ข่าวประชาสัมพันธ์</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>สงวนลิขสิทธิ์ © 2566 หน่วยบริหารและจัดการทุนด้านการพัฒนากำลังคน</footer>
</body></html>"""


def _seed_page(tmp_path: Path) -> Path:
    seed = (SEED_DIR / "000_afd4ae2f70fc00fe.txt").read_text(encoding="utf-8")
    title, _, body = seed.partition("\n")
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(title=title.strip(), body=paragraphs), encoding="utf-8")
    return path


def _one_line_error(proc: subprocess.CompletedProcess[str], text: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert text in lines[0]


def test_sources_list(tmp_path: Path) -> None:
    proc = run_cli(["sources", "list"], tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    assert "mst-gov-vn" in proc.stdout or "mst" in proc.stdout
    listed = cli_json(["sources", "list", "--json", "--all"], tmp_path / "data")
    assert len(listed) >= 20
    assert {"id", "name", "country", "agency", "languages", "enabled"} <= set(listed[0])


def test_config_masks_secrets(tmp_path: Path) -> None:
    proc = run_cli(["config"], tmp_path / "data", env={"STIWATCH_SMTP_PASSWORD": "s3cret"})
    assert proc.returncode == 0
    assert "s3cret" not in proc.stdout
    assert 'password = "***"' in proc.stdout
    assert "env STIWATCH_SMTP_PASSWORD" in proc.stdout


def test_extract_prints_a_full_record(tmp_path: Path) -> None:
    page = _seed_page(tmp_path)
    record = cli_json(["extract", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], tmp_path / "data")
    assert list(record) == list(RECORD_FIELDS)
    assert record["source"] == "pmu-b" or record["source"].startswith("pmu")
    assert record["language"] == "th"
    assert record["published"].startswith("2023-10-17")
    assert "PMU-B" in record["agencies"]
    assert "หน้าแรก" not in record["text"]
    # extract stores nothing
    assert not (tmp_path / "data" / "articles.sqlite3").exists()


def test_add_then_search(tmp_path: Path) -> None:
    data = tmp_path / "data"
    page = _seed_page(tmp_path)
    proc = run_cli(["add", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], data)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("new: ")
    result = cli_json(["search", "Talent Mobility", "--json"], data)
    assert result["total"] == 1
    assert result["hits"][0]["url"] == "https://www.pmu-hr.or.th/9380/"
    assert result["facets"]["language"] == {"th": 1}
    # Adding the same page again updates nothing.
    again = run_cli(["add", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], data)
    assert again.stdout.startswith("unchanged: ")
    assert cli_json(["search", "--json"], data)["total"] == 1
    table = run_cli(["search", "การประชุม"], data)
    assert "1 article(s)" in table.stdout


def test_search_mentions_widens_the_tag_filters(tmp_path: Path) -> None:
    data = tmp_path / "data"
    page = _seed_page(tmp_path)
    assert run_cli(["add", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], data).returncode == 0
    record = cli_json(["search", "--json"], data)["hits"][0]
    # A country the page only mentions: no filter on it finds the page, until --mentions.
    only = sorted(set(record["mentions"]["countries"]) - set(record["countries"]))
    assert only, record["mentions"]
    assert cli_json(["search", "--country", only[0], "--json"], data)["total"] == 0
    widened = cli_json(["search", "--country", only[0], "--mentions", "--json"], data)
    assert widened["total"] == 1
    assert only[0] in widened["facets"]["country"]
    assert only[0] not in cli_json(["search", "--json"], data)["facets"]["country"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "--source", "no-such-source"], "unknown source id(s): no-such-source"),
        (["search", "--since", "2024-13-01"], "bad date '2024-13-01' for since"),
        (["search", "--since", "2025-01-02", "--until", "2025-01-01"], "since is after until"),
        (["extract", "/no/such/file.html"], "no such file: /no/such/file.html"),
        (["extract", "x.html", "--source", "nope"], "unknown source id: nope"),
    ],
)
def test_user_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "data").mkdir()
    _one_line_error(run_cli(args, tmp_path / "data"), message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "--theme", "chips"], "unknown theme 'chips': did you mean semiconductors"),
        (["search", "--country", "Vietnam"], "unknown country 'VIETNAM': did you mean VN (Vietnam)"),
        (["search", "--lang", "thai"], "unknown language 'thai': did you mean th"),
        (["search", "--source", "vietnamplus"], "did you mean vietnamplus-vi or vietnamplus-en"),
        (
            ["search", "--country", "TH", "--partner", "Laos"],
            "unknown partner country 'LAOS': did you mean LA",
        ),
        (["alerts", "add", "x", "--feed", "--theme", "chips"], "did you mean semiconductors"),
        (["alerts", "add", "x", "--feed", "--country", "TH", "--partner", "Laos"], "did you mean LA"),
        (["search", "--since", "2568-02-29"], "Buddhist-Era year"),
    ],
)
def test_unknown_values_are_refused_with_the_nearest(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "data").mkdir()
    _one_line_error(run_cli(args, tmp_path / "data"), message)


def test_missing_data_dir_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo"
    for args in (["search", "x"], ["alerts", "list"], ["sources", "status"], ["reindex"]):
        _one_line_error(run_cli(args, missing), "does not exist")
    assert not missing.exists()


def test_taxonomy_lists(tmp_path: Path) -> None:
    themes = cli_json(["themes", "--json"], tmp_path / "data")
    assert {"ai", "semiconductors", "quantum"} <= {t["id"] for t in themes}
    assert all(set(t["names"]) == {"en", "th", "vi"} for t in themes)
    agencies = cli_json(["agencies", "--json"], tmp_path / "data")
    assert len(agencies) >= 50 and any(a["id"] == "NSTDA" and a["country"] == "TH" for a in agencies)
    countries = run_cli(["countries"], tmp_path / "data")
    assert countries.returncode == 0 and "MM" in countries.stdout and "Myanmar" in countries.stdout


def test_unusable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = run_cli(["search", "x"], blocker / "data")
    _one_line_error(proc, "data directory")


def test_extract_of_an_empty_page(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    proc = run_cli(["extract", str(empty), "--url", "https://example.org/a"], tmp_path / "data")
    _one_line_error(proc, "nothing to store")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_search_and_article(tmp_path: Path) -> None:
    data = tmp_path / "data"
    page = _seed_page(tmp_path)
    assert run_cli(["add", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], data).returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "stiwatch.cli", "serve", "--port", str(port), "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # This test is about the API; the crawl/digest scheduler stays off.
        env={**os.environ, "STIWATCH_SCHEDULE_ENABLED": "false"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(base + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        result = httpx.get(base + "/api/search", params={"q": "ASEAN", "lang": "th"}).json()
        cli = cli_json(["search", "ASEAN", "--lang", "th", "--json"], data)
        # The API adds highlights and paging to the CLI's JSON; the rest is identical.
        assert {k: result[k] for k in ("total", "hits", "facets")} == cli
        assert set(result) >= {"highlights", "paging"}
        article_id = result["hits"][0]["id"]
        article = httpx.get(f"{base}/api/articles/{article_id}").json()
        assert article["id"] == article_id
        assert httpx.get(f"{base}/api/articles/0000").status_code == 404
        bad = httpx.get(base + "/api/search", params={"since": "yesterday"})
        assert bad.status_code == 422
        assert "bad date" in json.dumps(bad.json())
        html = httpx.get(base + "/", params={"q": "ASEAN"})
        assert html.status_code == 200
        assert "Content-Security-Policy" in html.headers
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_search_table_columns_and_a_closed_pipe(tmp_path: Path) -> None:
    data = tmp_path / "data"
    page = _seed_page(tmp_path)
    assert run_cli(["add", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], data).returncode == 0
    proc = run_cli(["search", "--since", "2500-01-01"], data)  # BE 2500 = 1957 CE
    assert proc.returncode == 0, proc.stderr
    assert "Buddhist-Era" in proc.stderr and "1957-01-01" in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:2] == ["ID", "DATE"] and "URL" in lines[0]
    assert "https://www.pmu-hr.or.th/9380/" in lines[1]
    # Columns line up on screen: the URL starts at the same display column on every line.
    from stiwatch.cli.common import width

    column = width(lines[0][: lines[0].index("URL")])
    assert width(lines[1][: lines[1].index("https://")]) == column
    # `| head -1` ends quietly.
    cmd = [sys.executable, "-m", "stiwatch.cli", "themes", "--data-dir", str(data)]
    head = subprocess.run(
        f"{' '.join(cmd)} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
    )
    assert head.stdout.startswith("ID") and "Traceback" not in head.stderr and "BrokenPipe" not in head.stderr


def test_search_facet_labels_in_the_chosen_language(tmp_path: Path) -> None:
    data = tmp_path / "data"
    page = _seed_page(tmp_path)
    assert run_cli(["add", str(page), "--url", "https://www.pmu-hr.or.th/9380/"], data).returncode == 0
    thai = run_cli(["search", "--labels", "th"], data)
    assert thai.returncode == 0, thai.stderr
    assert "ฟิลิปปินส์" in thai.stdout  # PH by its Thai name
    ids = run_cli(["search"], data)
    assert "PH" in ids.stdout and "ฟิลิปปินส์" not in ids.stdout
