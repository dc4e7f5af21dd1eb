"""The HTTP API and the pages over a replay crawl, through FastAPI's HTTP test client."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from fastapi.testclient import TestClient

from stiwatch.core.config import load_config
from stiwatch.crawler.registry import load_sources
from stiwatch.deliver.web import csrf
from stiwatch.deliver.web.app import create_app
from stiwatch.deliver.web.export import _cell, local_time, slug
from stiwatch.deliver.web.highlight import Highlighter, safe_snippet
from stiwatch.deliver.web.i18n import MESSAGES_FILE, Translator, messages
from stiwatch.deliver.web.render import safe_href
from tests.conftest import cli_json

TEMPLATES = Path(__file__).resolve().parent.parent / "deliver" / "web" / "templates"
HOSTILE_TITLE = "ASEAN Quantum Technology Workshop <script>alert(1)</script> Call for Abstracts"


@pytest.fixture(scope="module")
def data_dir(replay_crawl: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the replay crawl's data dir: these tests write subscriptions into it."""
    target = tmp_path_factory.mktemp("web") / "data"
    shutil.copytree(replay_crawl["data_dir"], target)
    return target


def make_client(data_dir: Path, env: dict[str, str] | None = None) -> TestClient:
    config = load_config(data_dir, env=env or {}, cwd=data_dir)
    return TestClient(create_app(config))


@pytest.fixture(scope="module")
def client(data_dir: Path) -> TestClient:
    return make_client(data_dir)


@pytest.fixture(scope="module")
def hostile_id(client: TestClient) -> str:
    hits = client.get("/api/search", params={"q": "quantum workshop abstracts", "source": "astnet"}).json()[
        "hits"
    ]
    ids = [h["id"] for h in hits if h["title"] == HOSTILE_TITLE]
    assert ids, [h["title"] for h in hits]
    return ids[0]


# -- search API -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cli_args, params",
    [
        ([], {}),
        (["semiconductors"], {"q": "semiconductors"}),
        (["khoa học", "--country", "VN"], {"q": "khoa học", "country": "VN"}),
        (
            ["--theme", "quantum", "--sort", "date", "--limit", "5"],
            {"theme": "quantum", "sort": "date", "limit": "5"},
        ),
        (
            ["--lang", "th", "--since", "2024-01-01", "--offset", "2"],
            {"lang": "th", "since": "2024-01-01", "offset": "2"},
        ),
    ],
)
def test_search_matches_cli_json(
    client: TestClient, data_dir: Path, cli_args: list[str], params: dict[str, str]
) -> None:
    expected = cli_json(["search", *cli_args, "--json"], data_dir)
    body = client.get("/api/search", params=params).json()
    assert {k: body[k] for k in ("total", "hits", "facets")} == {
        k: expected[k] for k in ("total", "hits", "facets")
    }
    assert body["total"] > 0


def test_search_highlights_and_paging(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "quantum", "limit": 2}).json()
    assert first["total"] > 2
    assert set(first["highlights"]) == {h["id"] for h in first["hits"]}
    # English hits mark the word itself (the archive's nine languages share the top ranks)
    english_only = client.get("/api/search", params={"q": "quantum", "lang": "en", "limit": 3}).json()
    marks = english_only["highlights"]
    assert marks and all("<mark>quantum</mark>" in marks[h["id"]].lower() for h in english_only["hits"])
    assert first["paging"] == {"limit": 2, "offset": 0, "next_offset": 2}
    second = client.get("/api/search", params={"q": "quantum", "limit": 2, "offset": 2}).json()
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    last = client.get("/api/search", params={"q": "quantum", "limit": 2, "offset": first["total"] - 1}).json()
    assert last["paging"]["next_offset"] is None


def test_hostile_text_is_escaped_in_highlights(client: TestClient, hostile_id: str) -> None:
    body = client.get("/api/search", params={"q": "alert script onerror", "source": "astnet"}).json()
    snippet = body["highlights"][hostile_id]
    assert "<script" not in snippet and "<img" not in snippet
    assert "&lt;" in snippet and "<mark>" in snippet


def test_extra_facets_on_request(client: TestClient) -> None:
    body = client.get("/api/search", params=[("facet", "cooperation"), ("facet", "forum")]).json()
    assert {"cooperation", "forum", "country", "source"} <= set(body["facets"])
    assert body["facets"]["cooperation"]
    plain = client.get("/api/search").json()
    assert set(plain["facets"]) == {"country", "agency", "theme", "language", "source"}


def test_cooperation_filter(client: TestClient) -> None:
    body = client.get("/api/search", params={"cooperation": "mou", "limit": 50}).json()
    assert body["total"] > 0
    assert all("mou" in h["cooperation"] for h in body["hits"])


@pytest.mark.parametrize(
    "params, message",
    [
        ({"since": "2024-13-01"}, "bad date"),
        ({"since": "2025-01-01", "until": "2024-01-01"}, "since is after until"),
        ({"sort": "random"}, "bad sort"),
        ({"limit": "501"}, "less than or equal"),
        ({"offset": "-1"}, "greater than or equal"),
        ({"limit": "ten"}, "integer"),
        ({"q": "x" * 501}, "too long"),
        ({"facet": "colour"}, "Input should be"),
    ],
)
def test_bad_search_input_is_422(client: TestClient, params: dict[str, str], message: str) -> None:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    assert message in json.dumps(response.json())


# -- articles ---------------------------------------------------------------------


def test_article_by_id(client: TestClient, hostile_id: str) -> None:
    record = client.get(f"/api/articles/{hostile_id}").json()
    assert record["id"] == hostile_id
    assert record["title"] == HOSTILE_TITLE  # stored as crawled; escaping is the page's job
    assert {"translations", "tag_evidence", "countries", "story_id"} <= set(record)
    assert client.get("/api/articles/0000000000000000").status_code == 404
    assert client.get("/api/articles/" + "x" * 65).status_code == 422


# -- export -----------------------------------------------------------------------


def test_export_csv_and_jsonl(client: TestClient) -> None:
    search = client.get("/api/search", params={"country": "TH", "sort": "date", "limit": 500}).json()
    with client.stream(
        "GET", "/api/export", params={"country": "TH", "sort": "date", "format": "csv"}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        text = "".join(response.iter_text())
    # Excel on a Thai-locale Windows needs the byte-order mark to read UTF-8.
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["id"] for r in rows] == [h["id"] for h in search["hits"]]
    assert rows[0]["countries"] == "; ".join(search["hits"][0]["countries"])
    assert "Thailand" in rows[0]["countries (Country)"]
    first = search["hits"][0]
    assert rows[0]["published (Asia/Bangkok)"] == local_time(first["published"])

    lines = client.get(
        "/api/export", params={"country": "TH", "sort": "date", "format": "jsonl", "rows": 3}
    ).text
    records = [json.loads(line) for line in lines.splitlines()]
    assert [r["id"] for r in records] == [h["id"] for h in search["hits"][:3]]


def test_export_xlsx_labels_and_file_names(client: TestClient) -> None:
    from openpyxl import load_workbook

    params = {"q": "semiconductor", "country": "TH", "format": "xlsx", "ui": "th"}
    response = client.get("/api/export", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = response.headers["content-disposition"]
    assert 'filename="stiwatch-semiconductor-TH-' in disposition and ".xlsx" in disposition
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    search = client.get("/api/search", params={"q": "semiconductor", "country": "TH", "limit": 500}).json()
    assert len(rows) == 1 + search["total"] and search["total"] > 0
    header = list(rows[0])
    assert "countries (ประเทศ)" in header
    assert "ไทย" in rows[1][header.index("countries (ประเทศ)")]
    # A Thai query keeps its letters, vowels and tone marks in the name.
    thai = client.get("/api/export", params={"q": "เซมิคอนดักเตอร์", "format": "csv"})
    assert "filename*=UTF-8''stiwatch-%E0%B9%80%E0%B8%8B" in thai.headers["content-disposition"]
    assert slug("ความร่วมมือ ไทย–เวียดนาม") == "ความร่วมมือ-ไทย-เวียดนาม"
    assert local_time("2024-03-05T03:00:00+00:00") == "2024-03-05 10:00"


def test_export_is_bounded(data_dir: Path) -> None:
    client = make_client(data_dir, {"STIWATCH_WEB_MAX_EXPORT_ROWS": "4"})
    text = client.get("/api/export", params={"format": "jsonl"}).text
    assert len(text.splitlines()) == 4
    response = client.get("/api/export", params={"format": "jsonl", "rows": 5})
    assert response.status_code == 422
    assert "max_export_rows" in response.json()["detail"]
    assert client.get("/api/export", params={"since": "yesterday"}).status_code == 422


def test_csv_cells_cannot_be_formulas() -> None:
    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell("-1+2") == "'-1+2"
    assert _cell(["TH", "VN"]) == "TH; VN"
    assert _cell(None) == ""


# -- sources ----------------------------------------------------------------------


def test_sources_page_rows(client: TestClient, data_dir: Path) -> None:
    from stiwatch.deliver.web.sources import source_rows

    rows = {r.id: r for r in source_rows(data_dir, client.app.state.backend)}  # type: ignore[attr-defined]
    assert set(rows) == set(load_sources())
    astnet = rows["astnet"]
    assert astnet.last_crawl and astnet.fetched > 0 and astnet.articles >= 3
    # The replay crawl says nothing about the live sites: shown as a replay, not as health.
    assert astnet.status == "replay" and "bundled archive" in astnet.reason
    assert astnet.last_run_replay and astnet.last_replay
    assert all(r.status for r in rows.values())
    # The ASEAN bodies are listed as ASEAN, not as Indonesia where the Secretariat sits.
    assert astnet.country == rows["asean-secretariat"].country == "ASEAN"
    assert astnet.newest and astnet.coverage and astnet.coverage[0] <= astnet.coverage[1]
    page = client.get("/sources").text
    assert f"<td>{astnet.articles}</td>" in page
    assert "replay only" in page and "Bangkok" in page


def test_sources_count_published_not_first_seen(client: TestClient, data_dir: Path) -> None:
    from datetime import datetime

    from stiwatch.deliver.web.sources import source_rows

    backend = client.app.state.backend  # type: ignore[attr-defined]
    astnet = {r.id: r for r in source_rows(data_dir, backend)}["astnet"]
    # Every archived page was first seen today; none was published in the last 7 days.
    assert sum(astnet.first_seen_per_day.values()) >= 3 and astnet.published_recent == 0
    newest = datetime.fromisoformat(str(astnet.newest))
    later = {r.id: r for r in source_rows(data_dir, backend, now=newest)}["astnet"]
    assert later.published_recent >= 1


def test_sources_page_lists_every_source(client: TestClient) -> None:
    page = client.get("/sources").text
    for sid in load_sources():
        assert f'data-source="{sid}"' in page


# -- access and headers -----------------------------------------------------------


def test_private_reads_need_the_token(data_dir: Path) -> None:
    env = {"STIWATCH_WEB_PUBLIC_READS": "false", "STIWATCH_WEB_API_TOKEN": "s3cret-token"}
    client = make_client(data_dir, env)
    assert client.get("/api/search").status_code == 401
    assert client.get("/api/search", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/search", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert client.get("/api/sources").status_code == 401


def test_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/search", "/sources", "/api/articles/nope"):
        headers = client.get(path).headers
        assert "script-src 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/articles/{article_id}", "/api/export", "/api/sources"} <= set(paths)
    assert "/" not in paths  # pages are not API


# -- pages ------------------------------------------------------------------------

HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def assert_inert(html: str) -> None:
    """No crawled markup became live markup."""
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.IGNORECASE), "event handler attribute"
    for href in HREF.findall(html):
        assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), href


def test_search_page_escapes_hostile_text(client: TestClient, hostile_id: str) -> None:
    html = client.get("/", params={"q": "alert script onerror", "source": "astnet"}).text
    assert f'data-id="{hostile_id}"' in html
    assert "&lt;img src=x" in html
    assert_inert(html)


def test_article_page_escapes_hostile_text(client: TestClient, hostile_id: str) -> None:
    html = client.get(f"/articles/{hostile_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:alert(document.domain)" in html  # shown as text
    assert 'href="https://astnet.asean.org/asean-quantum-technology-workshop-call-for-abstracts/"' in html
    assert_inert(html)


def test_search_page_state_is_in_the_url(client: TestClient) -> None:
    html = client.get("/", params={"q": "quantum", "country": "SG", "sort": "date"}).text
    assert 'value="quantum"' in html
    assert 'class="chip"' in html
    # A facet link keeps the query, the other filter and the sort.
    sidebar = html[html.index('<aside class="facets"') : html.index("</aside>")]
    links = [h for h in HREF.findall(sidebar) if "country=VN" in h]
    assert links and all("q=quantum&amp;" in h and "sort=date" in h and "country=SG" in h for h in links)


def test_search_page_bad_date_says_why(client: TestClient) -> None:
    response = client.get("/", params={"since": "31/12/2024"})
    assert response.status_code == 422
    assert "bad date" in response.text and 'value="31/12/2024"' in response.text


def test_article_page_shows_translation_side_by_side(data_dir: Path, client: TestClient) -> None:
    from stiwatch.search.embedded import EmbeddedBackend

    record = client.get("/api/search", params={"lang": "th", "limit": 1}).json()["hits"][0]
    record["translations"] = {
        "en": {"title": "Translated <b>title</b>", "text": "First paragraph.\n\nSecond."}
    }
    backend = EmbeddedBackend(data_dir)
    try:
        backend.upsert([record])
        backend.commit()
    finally:
        backend.close()
    html = client.get(f"/articles/{record['id']}").text
    assert 'class="translation-text" lang="en"' in html
    assert "Translated &lt;b&gt;title&lt;/b&gt;" in html and "<p>Second.</p>" in html
    card = client.get("/", params={"q": "translated title"}).text  # translations are indexed too
    assert f'data-id="{record["id"]}"' in card
    assert "Translated &lt;b&gt;title&lt;/b&gt;" in card


def test_interface_language(client: TestClient) -> None:
    html = client.get("/", params={"ui": "th", "country": "TH"}).text
    assert '<html lang="th">' in html
    assert Translator("th").t("facet.country") in html
    assert Translator("th").facet_label("country", "TH") in html
    assert "ui=th" in html  # links keep the language
    assert client.cookies.get("ui") == "th"
    # The remembered choice applies to a link without ?ui=.
    assert '<html lang="th">' in client.get("/sources").text
    assert '<html lang="en">' in client.get("/sources", params={"ui": "en"}).text


def test_every_message_has_english_and_every_key_used_exists() -> None:
    data = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    assert all(isinstance(v, dict) and v.get("en") for v in data.values())
    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(['"]([\w.-]+)['"]\s*[,)]""", path.read_text(encoding="utf-8")))
    missing = used - set(messages())
    assert not missing, missing
    assert all(data[k].get("th") for k in used), "a label shown on the pages has no Thai text"


# -- subscriptions (CSRF-protected forms) -----------------------------------------


API_TOKEN = "web-test-token"


def form_token(client: TestClient, path: str) -> str:
    html = client.get(path).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def signed_in(data_dir: Path, env: dict[str, str] | None = None) -> TestClient:
    """A browser signed in with the API token (what the subscription pages ask for)."""
    client = make_client(data_dir, {"STIWATCH_WEB_API_TOKEN": API_TOKEN, **(env or {})})
    token = form_token(client, "/login")
    response = client.post(
        "/login", data={"csrf_token": token, "token": API_TOKEN, "next": "/"}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return client


def test_subscription_pages_need_the_api_login_whatever_public_reads(data_dir: Path) -> None:
    from stiwatch.deliver.alerts import Subscription, SubscriptionStore

    store = SubscriptionStore(data_dir)
    store.add(Subscription(name="private-desk", query="quantum", emails=["secret.desk@example.org"]))
    for public_reads in ("true", "false"):
        env = {"STIWATCH_WEB_API_TOKEN": API_TOKEN, "STIWATCH_WEB_PUBLIC_READS": public_reads}
        client = make_client(data_dir, env)
        token = form_token(client, "/login")  # a valid CSRF token: only the sign-in is missing
        asked = {
            ("GET", "/subscriptions", None): "/login?next=/subscriptions",
            ("GET", "/subscriptions/private-desk/edit", None): "/login?next=/subscriptions/private-desk/edit",
            ("GET", "/subscriptions/new?q=chips", None): "/login?next=/subscriptions/new%3Fq%3Dchips",
            ("POST", "/subscriptions", "create"): "/login?next=/subscriptions",
            ("POST", "/subscriptions/private-desk", "edit"): "/login?next=/subscriptions",
            ("POST", "/subscriptions/private-desk/delete", "delete"): "/login?next=/subscriptions",
        }
        for (method, path, _), location in asked.items():
            form = {"csrf_token": token, "name": "sneaky", "query": "x", "emails": "attacker@example.org"}
            response = client.request(
                method, path, data=form if method == "POST" else None, follow_redirects=False
            )
            assert (response.status_code, response.headers.get("location")) == (303, location), path
            assert "secret.desk@example.org" not in response.text
        login = client.get("/login?next=/subscriptions")
        assert "email addresses" in login.text and "secret.desk@example.org" not in login.text
        # "Subscribe to this search" comes back to the form filled from that search.
        quick = client.post(
            "/subscriptions/quick",
            data={"csrf_token": token, "q": "quantum", "country": ["TH", "VN"]},
            follow_redirects=False,
        )
        assert quick.status_code == 303
        assert quick.headers["location"] == "/login?next=" + quote(
            "/subscriptions/new?q=quantum&country=TH&country=VN"
        )
        assert SubscriptionStore(data_dir).get("private-desk").emails == ["secret.desk@example.org"]
        assert not SubscriptionStore(data_dir).exists("sneaky")
        assert not any(
            s.query == "quantum" and s.feed
            for s in SubscriptionStore(data_dir).list()
            if s.name != "private-desk"
        )
        # The API's own credential opens the pages too; a wrong one does not.
        wrong = client.get(
            "/subscriptions", headers={"Authorization": "Bearer guess"}, follow_redirects=False
        )
        assert wrong.status_code == 303
        bearer = client.get("/subscriptions", headers={"Authorization": f"Bearer {API_TOKEN}"})
        assert bearer.status_code == 200 and "secret.desk@example.org" in bearer.text
    listing = signed_in(data_dir).get("/subscriptions")
    assert listing.status_code == 200 and "secret.desk@example.org" in listing.text
    # Without a token configured nobody can sign in: the pages say what to set.
    closed = make_client(data_dir).get("/subscriptions", headers={"accept": "text/html"})
    assert closed.status_code == 403 and "web.api_token" in closed.text
    assert "secret.desk@example.org" not in closed.text
    store.remove("private-desk")


def test_subscription_forms_need_csrf(data_dir: Path) -> None:
    client = signed_in(data_dir)
    form = {"name": "nocsrf", "query": "x", "feed": "on"}
    assert client.post("/subscriptions", data=form).status_code == 403
    token = form_token(client, "/subscriptions/new")
    other = signed_in(data_dir)  # another browser: its own cookie
    other.get("/subscriptions/new")
    assert other.post("/subscriptions", data={**form, "csrf_token": token}).status_code == 403
    assert client.post("/subscriptions", data={**form, "csrf_token": "forged"}).status_code == 403
    assert "nocsrf" not in client.get("/subscriptions").text


def test_subscription_create_edit_delete(data_dir: Path) -> None:
    client = signed_in(data_dir)
    token = form_token(client, "/subscriptions/new?q=semiconductor&country=TH")
    form = {
        "csrf_token": token,
        "name": "semis-th",
        "query": "semiconductor",
        "countries": "TH",
        "schedule": "daily",
        "at": "07:30",
        "timezone": "Asia/Bangkok",
        "emails": "desk@example.org",
        "display_lang": "en",
    }
    response = client.post("/subscriptions", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    listing = client.get("/subscriptions").text
    assert 'data-name="semis-th"' in listing and "desk@example.org" in listing

    bad = client.post("/subscriptions", data={**form, "name": "bad name"})
    assert bad.status_code == 422 and "bad subscription name" in bad.text
    dup = client.post("/subscriptions", data=form)
    assert dup.status_code == 422 and "exists already" in dup.text

    token = form_token(client, "/subscriptions/semis-th/edit")
    edited = {**form, "csrf_token": token, "schedule": "weekly", "emails": ""}
    edited["feed"] = "on"
    assert client.post("/subscriptions/semis-th", data=edited, follow_redirects=False).status_code == 303
    from stiwatch.deliver.alerts import SubscriptionStore

    sub = SubscriptionStore(data_dir).get("semis-th")
    assert sub.schedule == "weekly" and sub.feed and sub.emails == [] and sub.countries == ["TH"]

    token = form_token(client, "/subscriptions")
    assert (
        client.post(
            "/subscriptions/semis-th/delete", data={"csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )
    assert 'data-name="semis-th"' not in client.get("/subscriptions").text
    assert client.post("/subscriptions/semis-th/delete", data={"csrf_token": token}).status_code == 404


def test_subscribe_opens_a_form_and_saves_nothing(data_dir: Path) -> None:
    from stiwatch.deliver.alerts import SubscriptionStore

    client = signed_in(data_dir)
    before = [s.name for s in SubscriptionStore(data_dir).list()]
    html = client.get("/", params={"q": "ความร่วมมือ", "country": ["TH", "VN"]}).text
    link = re.search(r'<a class="button subscribe" href="([^"]+)"', html)
    assert link
    form = client.get(link.group(1).replace("&amp;", "&")).text
    assert [s.name for s in SubscriptionStore(data_dir).list()] == before
    # The name keeps the Thai word whole (vowels and tone marks included).
    assert 'name="name" value="ความร่วมมือ-TH-VN"' in form
    # Filters are pickers with names, the search's values checked.
    assert re.search(r'name="countries" value="TH" checked', form)
    assert re.search(r'name="countries" value="VN" checked', form)
    assert "Myanmar" in form and 'name="countries" value="MM"' in form
    assert 'method="post"' not in html.split('class="toolbar"')[1].split("</div>")[0]


def test_subscription_keeps_the_partner_filter_and_all_of_modes(data_dir: Path) -> None:
    from stiwatch.deliver.alerts import SubscriptionStore
    from stiwatch.search.embedded import EmbeddedBackend

    client = signed_in(data_dir)
    form = client.get(
        "/subscriptions/new", params={"country": "TH", "partner": "VN", "agency_mode": "all"}
    ).text
    assert "do not keep" not in form
    with_mentions = client.get("/subscriptions/new", params={"country": "KH", "mentions": "true"}).text
    assert "Subscriptions do not keep these filters of the search: mentions." in with_mentions
    assert re.search(r'name="partners" value="VN" checked', form)
    assert re.search(r'name="all_of" value="agency" checked', form)
    assert not re.search(r'name="all_of" value="country" checked', form)
    token = form_token(client, "/subscriptions/new")
    data = {"csrf_token": token, "name": "th-vn", "countries": "TH", "partners": "VN", "feed": "on"}
    response = client.post("/subscriptions", data={**data, "all_of": "agency"}, follow_redirects=True)
    assert response.status_code == 200
    sub = SubscriptionStore(data_dir).get("th-vn")
    assert sub.partners == ["VN"] and sub.all_of == ["agency"]
    # The subscription searches what the search page searched: articles about both countries.
    want = {
        h["id"]
        for h in client.get("/api/search", params={"country": "TH", "partner": "VN", "limit": 500}).json()[
            "hits"
        ]
    }
    query = sub.to_query(limit=500)
    assert query.partners == ("VN",) and query.all_of == ("agency",)
    with EmbeddedBackend(data_dir, read_only=True) as backend:
        assert {h["id"] for h in backend.search(query).hits} == want
    assert "partner=VN" in response.text and "agency_mode=all" in response.text  # the "see the search" link
    assert "Partner country (about both): Vietnam" in response.text
    bad = client.post("/subscriptions", data={**data, "name": "bad-partner", "partners": "Vietnam"})
    assert bad.status_code == 422 and "VN" in bad.text
    assert want  # the comparisons above are not between empty sets


def test_subscription_list_feed_url_smtp_warning_and_test_digest(data_dir: Path) -> None:
    from stiwatch.deliver.alerts import Subscription, SubscriptionStore

    SubscriptionStore(data_dir).add(Subscription(name="feed-only", query="semiconductor", feed=True))
    client = signed_in(data_dir)
    listing = client.get("/subscriptions").text
    assert "http://testserver/feeds/feed-only.atom" in listing  # the address this page was reached at
    assert "Email is not configured" in listing
    assert 'aria-label="Edit subscription feed-only"' in listing
    configured = signed_in(data_dir, {"STIWATCH_ALERTS_BASE_URL": "https://watch.example.org"})
    assert "https://watch.example.org/feeds/feed-only.atom" in configured.get("/subscriptions").text
    token = form_token(client, "/subscriptions")
    response = client.post("/subscriptions/feed-only/test", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200 and "Test digest for feed-only" in response.text


def test_subscription_filter_values_are_validated(data_dir: Path) -> None:
    client = signed_in(data_dir)
    token = form_token(client, "/subscriptions/new")
    form = {"csrf_token": token, "name": "bad-values", "countries": "Vietnam", "feed": "on"}
    response = client.post("/subscriptions", data=form)
    assert response.status_code == 422 and "did you mean VN (Vietnam)" in response.text


def test_unknown_filter_values_are_422_with_the_nearest(client: TestClient) -> None:
    cases = {
        "theme": ("chips", "semiconductors"),
        "country": ("Vietnam", "VN"),
        "lang": ("thai", "th"),
        "source": ("vietnamplus", "vietnamplus-en"),
        "partner": ("Laos", "LA"),
    }
    for param, (typed, suggested) in cases.items():
        response = client.get("/api/search", params={param: typed})
        assert response.status_code == 422, param
        assert suggested in response.json()["detail"], response.json()
    page = client.get("/", params={"theme": "chips"})
    assert page.status_code == 422 and "semiconductors" in page.text


def test_buddhist_era_dates_are_converted_with_a_note(client: TestClient) -> None:
    be = client.get("/api/search", params={"since": "2567-01-01", "sort": "date"}).json()
    ce = client.get("/api/search", params={"since": "2024-01-01", "sort": "date"}).json()
    assert be["total"] == ce["total"] and "Buddhist-Era" in be["notes"][0] and "2024-01-01" in be["notes"][0]


def test_partner_and_all_of_filters(client: TestClient) -> None:
    def ids(**params: Any) -> set[str]:
        return {h["id"] for h in client.get("/api/search", params={**params, "limit": 500}).json()["hits"]}

    both = ids(country="TH", partner="VN")
    assert both and both == ids(country=["TH", "VN"], country_mode="all")
    assert both < ids(country=["TH", "VN"])
    for hit in client.get("/api/search", params={"country": "TH", "partner": "VN"}).json()["hits"]:
        assert {"TH", "VN"} <= set(hit["countries"])
    assert client.get("/api/search", params={"theme_mode": "all"}).status_code in (200, 422)
    assert client.get("/api/search", params={"country_mode": "most"}).status_code == 422


def test_readme_example_query_finds_the_story(client: TestClient) -> None:
    body = client.get(
        "/api/search", params={"q": "what Vietnam announced on semiconductors with Japan"}
    ).json()
    assert body["total"] > 0
    assert body["full_total"] <= body["total"]
    assert any(
        "semiconductor" in (h["title"] or "").lower() or "bán dẫn" in (h["title"] or "").lower()
        for h in body["hits"]
    )
    page = client.get("/", params={"q": "what Vietnam announced on semiconductors with Japan"}).text
    assert "Ignored filler words: what, on, with" in page


def test_zero_results_page_says_what_emptied_it(client: TestClient) -> None:
    page = client.get("/", params={"q": "semiconductor", "country": "MM", "theme": "quantum"}).text
    assert "No articles match all of this" in page
    assert 'id="filters"' in page and 'data-facet="country"' in page  # the sidebar stays
    assert re.search(r"without Country: Myanmar</a> <span class=\"count\">\d+ results", page)
    unknown = client.get("/", params={"q": "semiconductor zzqqxx"}).text
    assert "No article contains “zzqqxx”" in unknown


def test_page_collapses_stories_and_caps_tags(client: TestClient) -> None:
    collapsed = client.get("/", params={"q": "semiconductor"}).text
    flat = client.get("/", params={"q": "semiconductor", "collapse": "false"}).text
    count = lambda html: len(re.findall(r'<article class="card', html))  # noqa: E731
    assert count(collapsed) == count(flat) == 20  # both pages full: compare the totals
    stories = client.get("/api/search", params={"q": "semiconductor", "collapse": "true"}).json()["total"]
    articles = client.get("/api/search", params={"q": "semiconductor"}).json()["total"]
    assert stories < articles
    assert "other versions" in collapsed and "stories (" in collapsed
    for group in re.findall(r'<p class="tag-group".*?</p>', collapsed, re.DOTALL):
        assert group.count('class="tag"') <= 3


def test_newest_first_without_a_query(client: TestClient) -> None:
    hits = client.get("/api/search", params={"limit": 20}).json()["hits"]
    dates = [h["published"] for h in hits if h.get("published")]
    assert dates == sorted(dates, reverse=True) or len(dates) < 2


def test_article_page_says_why_there_is_no_translation(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "bán dẫn", "lang": "vi", "limit": 50}).json()["hits"]
    untranslated = [h for h in hits if "en" not in (h.get("translations") or {})]
    assert untranslated
    page = client.get(f"/articles/{untranslated[0]['id']}").text
    assert "No translation: no vi→en model" in page and "on this server" in page
    assert "stiwatch models build-marian" in page
    # A story told in several languages links its versions in the other ones.
    with_versions = [
        h for h in hits if client.get(f"/articles/{h['id']}").text.count('class="other-languages"')
    ]
    assert with_versions, "the replay archive has VietnamPlus stories in Vietnamese and English"


def test_back_to_search_keeps_the_search_and_the_interface_language(client: TestClient) -> None:
    html = client.get("/", params={"q": "semiconductor", "country": "VN", "ui": "th"}).text
    link = re.search(r'<article class="card[^"]*" data-id="[^"]+">\s*<h3><a href="([^"]+)"', html)
    assert link
    article = client.get(link.group(1).replace("&amp;", "&")).text
    back = re.search(r'<a class="back" href="([^"]+)"', article)
    assert back
    url = back.group(1).replace("&amp;", "&")
    assert url.startswith("/?") and url.count("?") == 1
    assert "q=semiconductor" in url and "country=VN" in url and url.endswith("ui=th")


def test_csrf_token_signs_the_cookie(data_dir: Path) -> None:
    client = make_client(data_dir)
    token = form_token(client, "/login")
    cookie = client.cookies.get(csrf.COOKIE)
    assert cookie and cookie not in token  # signed, not echoed


# -- units ------------------------------------------------------------------------


def test_highlighter_folds_and_escapes() -> None:
    hl = Highlighter.for_query("ban dan semiconductors")
    marked = str(hl.mark("Công nghiệp Bán Dẫn <b>và</b> semiconductor chips; start-art"))
    assert "<mark>Bán</mark> <mark>Dẫn</mark>" in marked
    assert "<mark>semiconductor</mark>" in marked
    assert "&lt;b&gt;" in marked
    thai = str(Highlighter.for_query("ดาวเทียม").snippet("โครงการ ดาวเทียมสำรวจ ของไทย"))
    assert "<mark>ดาวเทียม</mark>" in thai
    assert str(Highlighter.for_query("art").mark("start art")) == "start <mark>art</mark>"


def test_backend_snippets_are_reescaped() -> None:
    assert str(safe_snippet("a <mark>b</mark> <img src=x onerror=alert(1)> &amp; c")) == (
        "a <mark>b</mark> &lt;img src=x onerror=alert(1)&gt; &amp; c"
    )
    assert str(safe_snippet("<mark>open")) == "<mark>open</mark>"


def test_safe_href() -> None:
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.org",
        "/local",
        None,
    ):
        assert safe_href(bad) == "#"


def test_private_pages_need_a_sign_in(data_dir: Path) -> None:
    env = {"STIWATCH_WEB_PUBLIC_READS": "false", "STIWATCH_WEB_API_TOKEN": "s3cret-token"}
    client = make_client(data_dir, env)
    response = client.get("/sources", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/sources"
    token = form_token(client, "/login?next=/sources")
    wrong = client.post("/login", data={"csrf_token": token, "token": "guess", "next": "/sources"})
    assert wrong.status_code == 401
    evil = client.post(
        "/login",
        data={"csrf_token": token, "token": "s3cret-token", "next": "//evil.org"},
        follow_redirects=False,
    )
    assert evil.status_code == 303 and evil.headers["location"] == "/"
    assert client.get("/sources").status_code == 200
    assert client.get("/api/search").status_code == 200  # the session reads the API too
    # ... but does not write: API writes still need the Bearer token.
    assert client.get("/api/subscriptions").status_code == 401


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/no-such-page", headers={"accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert client.get("/api/no-such-thing").json() == {"detail": "Not Found"}


# -- about or mentioned ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def mentioned_only(client: TestClient) -> tuple[str, str]:
    """(article id, country) where the article mentions the country but is not about it."""
    for hit in client.get("/api/search", params={"limit": 500}).json()["hits"]:
        extra = sorted(set(hit["mentions"]["countries"]) - set(hit["countries"]))
        if extra:
            return hit["id"], extra[0]
    raise AssertionError("the replay crawl has no article that only mentions a country")


def test_api_mentions_widens_the_tag_filters(
    client: TestClient, data_dir: Path, mentioned_only: tuple[str, str]
) -> None:
    article, country = mentioned_only
    about = client.get("/api/search", params={"country": country, "limit": 500}).json()
    named = client.get("/api/search", params={"country": country, "mentions": "true", "limit": 500}).json()
    assert article not in {h["id"] for h in about["hits"]}
    assert article in {h["id"] for h in named["hits"]}
    assert named["total"] > about["total"] and named["facets"]["country"][country] == named["total"]
    expected = cli_json(["search", "--country", country, "--mentions", "--limit", "500", "--json"], data_dir)
    assert {k: named[k] for k in ("total", "hits", "facets")} == {
        k: expected[k] for k in ("total", "hits", "facets")
    }
    # Every record says what it is about and what it mentions, with each match's salience.
    record = client.get(f"/api/articles/{article}").json()
    assert set(record["countries"]) <= set(record["mentions"]["countries"])
    assert all(isinstance(row["salience"], float) for row in record["tag_evidence"]["countries"])


def test_search_page_mentioned_toggle(client: TestClient, mentioned_only: tuple[str, str]) -> None:
    article, country = mentioned_only
    off = client.get("/", params={"country": country}).text
    toggle = re.search(r'<a href="([^"]+)" data-mentions="off">', off)
    assert toggle and "mentions=true" in toggle.group(1) and f"country={country}" in toggle.group(1)
    assert f'data-id="{article}"' not in off
    on = client.get("/", params={"country": country, "mentions": "true"}).text
    assert 'data-mentions="on"' in on and f'data-id="{article}"' in on
    card = on[on.index(f'data-id="{article}"') :]
    card = card[: card.index("</article>")]
    assert 'class="tag mentioned"' in card
    # The search form keeps the toggle.
    assert '<input type="hidden" name="mentions" value="true">' in on


def test_article_page_lists_what_is_only_mentioned(
    client: TestClient, mentioned_only: tuple[str, str]
) -> None:
    article, country = mentioned_only
    html = client.get(f"/articles/{article}").text
    section = html[html.index('<section class="mentioned">') :]
    section = section[: section.index("</section>")]
    assert "mentions=true" in section and f"country={country}" in section
