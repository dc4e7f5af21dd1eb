"""The web server under load: `serve --workers N` (several processes behind one port, forms
valid on every one of them), the unfiltered search's facet counts kept between index
changes, and the answers of repeated API searches kept until the index changes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from stiwatch.core.config import load_config
from stiwatch.deliver.web.answers import AnswerCache, generation_of
from stiwatch.deliver.web.app import create_app
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from tests.alerts_support import record
from tests.conftest import run_cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def test_front_page_facets_are_kept_until_the_index_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    writer = EmbeddedBackend(data)
    writer.upsert([record("a", "Semiconductor one", "text", countries=("VN",))])
    writer.commit()
    reader = EmbeddedBackend(data, read_only=True)  # another process, such as the web server
    try:
        first = reader.search(SearchQuery())
        assert first.facets["country"] == {"VN": 1}
        first.facets["country"]["VN"] = 99  # a caller changing its answer changes no cache
        assert reader.search(SearchQuery()).facets["country"] == {"VN": 1}
        writer.upsert([record("b", "Semiconductor two", "text", countries=("TH",))])
        writer.commit()
        again = reader.search(SearchQuery())
        assert again.total == 2
        assert again.facets["country"] == {"TH": 1, "VN": 1}
        # A filtered search is never answered from the front page's counts.
        assert reader.search(SearchQuery(countries=("TH",))).facets["country"] == {"TH": 1}
        assert reader.search(SearchQuery(partners=("TH",))).facets["country"] == {"TH": 1}
        assert reader.search(SearchQuery(text="two")).facets["country"] == {"TH": 1}
        assert reader.search(SearchQuery(facets=("country",), facet_size=1)).facets == {"country": {"TH": 1}}
    finally:
        reader.close()
        writer.close()


def _api(data: Path, env: dict[str, str] | None = None) -> TestClient:
    return TestClient(create_app(load_config(data, env=env or {}, cwd=data)))


def test_repeated_api_searches_are_answered_again_until_the_index_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    writer = EmbeddedBackend(data)  # a crawler: another connection to the store and index
    writer.upsert([record("a", "Semiconductor one", "Semiconductor text", countries=("VN",))])
    writer.commit()
    api = _api(data)
    answers: AnswerCache = api.app.state.answers  # type: ignore[attr-defined]
    try:
        asked = {"q": "semiconductor", "country": ["VN", "TH"]}
        first = api.get("/api/search", params=asked)
        assert first.json()["total"] == 1 and answers.hits == 0
        again = api.get("/api/search", params=asked)
        assert again.content == first.content and answers.hits == 1
        assert again.headers["content-type"] == first.headers["content-type"] == "application/json"
        assert "script-src 'none'" in again.headers["content-security-policy"]
        # The same search with its parameters in another order is the same answer.
        same = api.get("/api/search", params={"country": ["VN", "TH"], "q": "semiconductor"})
        assert same.content == first.content and answers.hits == 2
        # Other parameters are other answers.
        plain = api.get("/api/search", params={**asked, "highlight": "false"}).json()
        assert "highlights" in first.json() and plain["highlights"] == {}
        assert api.get("/api/search", params={**asked, "limit": 1}).json()["paging"]["limit"] == 1
        assert answers.hits == 2

        # A new article, and a changed one, are in the next answer: never a kept, stale one.
        writer.upsert(
            [
                record("a", "Semiconductor one, revised", "Semiconductor text", countries=("VN",)),
                record("b", "Semiconductor two", "Semiconductor text", countries=("TH",)),
            ]
        )
        writer.commit()
        fresh = api.get("/api/search", params=asked).json()
        assert fresh["total"] == 2 and answers.hits == 2
        assert "Semiconductor one, revised" in {hit["title"] for hit in fresh["hits"]}
        assert fresh["facets"]["country"] == {"TH": 1, "VN": 1}
        assert api.get("/api/search", params=asked).json() == fresh and answers.hits == 3
        writer.delete([fresh["hits"][0]["id"]])
        writer.commit()
        assert api.get("/api/search", params=asked).json()["total"] == 1
    finally:
        writer.close()


def test_the_generation_moves_with_the_store_alone(tmp_path: Path) -> None:
    """A record rewritten in SQLite by another connection changes the generation even
    before the index is committed (the backend commits SQLite first)."""
    data = tmp_path / "data"
    writer = EmbeddedBackend(data)
    writer.upsert([record("a", "Semiconductor one", "text")])
    writer.commit()
    reader = EmbeddedBackend(data, read_only=True)
    try:
        before = generation_of(reader)
        assert before is not None and generation_of(reader) == before
        writer.store.upsert([record("a", "Semiconductor one, revised", "text")])
        writer.store.commit()
        assert generation_of(reader) != before
    finally:
        reader.close()
        writer.close()


def test_answer_cache_bounds_and_settings(tmp_path: Path) -> None:
    cache = AnswerCache(entries=2)
    for n in range(3):
        cache.put("g1", n, b"%d" % n)
    assert cache.get("g1", 0) is None and cache.get("g1", 2) == b"2" and len(cache) == 2
    cache.put("g2", 9, b"9")  # a newer generation: the older answers go
    assert len(cache) == 1 and cache.get("g1", 2) is None and cache.get("g2", 9) == b"9"
    cache.put(None, 1, b"x")  # a backend without a generation (Elasticsearch) keeps nothing
    assert cache.get(None, 1) is None
    cache.put("g2", 8, b"x" * 2_000_000)  # too large to keep
    assert cache.get("g2", 8) is None
    assert generation_of(object()) is None  # type: ignore[arg-type]

    data = tmp_path / "data"
    with EmbeddedBackend(data) as backend:
        backend.upsert([record("a", "Semiconductor one", "text")])
    api = _api(data, {"STIWATCH_WEB_SEARCH_CACHE_ENTRIES": "0"})
    answers: AnswerCache = api.app.state.answers  # type: ignore[attr-defined]
    for _ in range(2):
        assert api.get("/api/search", params={"q": "semiconductor"}).json()["total"] == 1
    assert answers.hits == 0 and len(answers) == 0


@pytest.mark.slow
def test_serve_with_workers_answers_from_several_processes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with EmbeddedBackend(data) as backend:
        backend.upsert([record("a", "Semiconductor talent", "Semiconductor cooperation text")])
    port = _free_port()
    argv = [sys.executable, "-m", "stiwatch.cli", "serve", "--workers", "2", "--port", str(port)]
    server = subprocess.Popen(
        [*argv, "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "STIWATCH_SCHEDULE_ENABLED": "false", "STIWATCH_WEB_API_TOKEN": "scale-token"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        # This process is uvicorn's supervisor; the two workers are its children.
        assert len(_children(server.pid)) >= 2
        assert httpx.get(base + "/api/search", params={"q": "semiconductor"}).json()["total"] == 1
        # A form served by one worker is accepted by whichever worker gets the POST:
        # every request on a new connection, so the kernel spreads them. The subscription
        # pages need the API login first.
        with httpx.Client(base_url=base) as browser:
            token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
            assert token
            signed = browser.post(
                "/login", data={"csrf_token": token.group(1), "token": "scale-token", "next": "/"}
            )
            assert signed.status_code == 303, signed.text
            html = browser.get("/subscriptions/new").text
            cookies = dict(browser.cookies)
        match = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert match
        for i in range(8):
            with httpx.Client(base_url=base, cookies=cookies) as fresh:
                response = fresh.post(
                    "/subscriptions",
                    data={
                        "csrf_token": match.group(1),
                        "name": f"w{i}",
                        "query": "semiconductor",
                        "feed": "on",
                    },
                )
            assert response.status_code == 303, response.text
    finally:
        server.terminate()
        server.wait(timeout=30)
    listed = run_cli(["alerts", "list", "--json"], data)
    assert all(f'"w{i}"' in listed.stdout for i in range(8)), listed.stdout


def test_serve_refuses_zero_workers(tmp_path: Path) -> None:
    proc = run_cli(["serve", "--workers", "0"], tmp_path / "data")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "workers" in proc.stderr
