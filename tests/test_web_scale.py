"""The web server under load: `serve --workers N` (several processes behind one port, forms
valid on every one of them) and the unfiltered search's facet counts kept between
index changes."""

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
