"""The analyst tools over a constructed corpus (tests/analyst_corpus.py) in the embedded
backend: the charts' SVG, the brief in its three formats, the CLI, the API and the pages."""

from __future__ import annotations

import copy
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from fastapi.testclient import TestClient

from stiwatch.core.config import load_config
from stiwatch.deliver.alerts import SubscriptionStore
from stiwatch.deliver.brief.html import render_html
from stiwatch.deliver.brief.lead import lead_sentences
from stiwatch.deliver.brief.markdown import md, render_markdown
from stiwatch.deliver.brief.model import Brief, build_brief, period, scope_of
from stiwatch.deliver.brief.names import namer
from stiwatch.deliver.brief.word import render_docx
from stiwatch.deliver.charts import Series, heatmap, line_chart, nice_ticks
from stiwatch.deliver.web.app import create_app
from stiwatch.search.backend import SearchQuery
from stiwatch.search.embedded import EmbeddedBackend
from tests.analyst_corpus import AS_OF, HOSTILE_TITLE, analyst_corpus
from tests.conftest import cli_json, run_cli

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("analyst") / "data"
    backend = EmbeddedBackend(target)
    backend.upsert(copy.deepcopy(analyst_corpus()))
    backend.commit()
    backend.close()
    return target


@pytest.fixture(scope="module")
def client(data_dir: Path) -> TestClient:
    return TestClient(create_app(load_config(data_dir, env={}, cwd=data_dir)))


@pytest.fixture(scope="module")
def brief(data_dir: Path) -> Brief:
    backend = EmbeddedBackend(data_dir, read_only=True)
    try:
        name = namer("en")
        since, until = period(None, AS_OF, AS_OF)
        query = SearchQuery()
        return build_brief(
            backend, query, since=since, until=until, lang="en", name=name, scope=scope_of(query, name)
        )
    finally:
        backend.close()


# -- charts --------------------------------------------------------------------------------


def test_line_chart_is_accessible_xml_with_hostile_text_escaped() -> None:
    svg = line_chart(
        ["2024-01", HOSTILE],
        [Series(HOSTILE, [1, 3]), Series("ไทย", [0, 2])],
        title=f"Title {HOSTILE}",
        description="d",
        chart_id="c1",
        totals=[1, 4],
    )
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == f"Title {HOSTILE}"  # type: ignore[union-attr]
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("b"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert HOSTILE in texts  # the category label, as text
    assert any(HOSTILE in (t.text or "") for t in root.iter(f"{SVG}title"))  # a point's tooltip
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_stacked_chart_and_heatmap_parse() -> None:
    stacked = ET.fromstring(
        line_chart(
            ["a", "b"], [Series("x", [1, 2]), Series("y", [3, 1])], title="t", description="d", stacked=True
        )
    )
    assert len(list(stacked.iter(f"{SVG}polygon"))) == 2
    grid = heatmap([("TH", HOSTILE)], [("ai", "AI")], {("TH", "ai"): 3}, title="m", description="d")
    root = ET.fromstring(grid)
    assert any(t.text == f"{HOSTILE} × AI: 3" for t in root.iter(f"{SVG}title"))


def test_ticks_are_round() -> None:
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(130)[-1] >= 130 and nice_ticks(130)[1] in (20, 50)


# -- the brief -------------------------------------------------------------------------------


def test_lead_is_two_sentences() -> None:
    assert lead_sentences("One. Two! Three? Four.", "en") == "One. Two!"
    assert lead_sentences("Việt Nam phát triển. Dự án mới. Thêm.", "vi") == "Việt Nam phát triển. Dự án mới."
    thai = "กระทรวงการอุดมศึกษาฯ ลงนามบันทึกความเข้าใจกับเวียดนาม เพื่อพัฒนาเซมิคอนดักเตอร์ ทั้งสองฝ่าย จะแลกเปลี่ยนนักวิจัยในปีหน้า ส่วนที่สาม"
    lead = lead_sentences(thai, "th")
    assert lead.startswith("กระทรวง") and "ส่วนที่สาม" not in lead
    assert len(lead_sentences("word " * 400, "en")) <= 421


def test_brief_holds_counts_rising_trend_and_stories(brief: Brief) -> None:
    assert (brief.since.isoformat(), brief.until.isoformat()) == ("2024-06-10", "2024-06-16")
    assert brief.total == 17 and brief.previous_total == 7
    assert brief.stories_total == 15  # three versions of one story count once
    quantum = next(s for s in brief.themes if s.key == "quantum")
    assert (quantum.count, quantum.previous) == (7, 0) and len(quantum.stories) == 3
    chips = next(s for s in brief.themes if s.key == "semiconductors")
    story = chips.stories[0]
    assert (
        story.sources == 3 and story.language == "en" and story.title == "Thailand, Vietnam team up on chips"
    )
    assert {v.language for v in story.versions} == {"th", "vi"}
    assert {i.value for i in brief.rising.items} == {"quantum", "KR", "semiconductors"}  # type: ignore[union-attr]
    assert brief.trend is not None and len(brief.trend.buckets) == 12


def test_thai_brief_translates_titles_and_leads(data_dir: Path) -> None:
    backend = EmbeddedBackend(data_dir, read_only=True)
    try:
        name = namer("en")
        found = build_brief(
            backend,
            SearchQuery(languages=("th",)),
            since=AS_OF.replace(day=10),
            until=AS_OF,
            lang="en",
            name=name,
            scope=[],
        )
    finally:
        backend.close()
    story = found.themes[0].stories[0]
    assert story.title.startswith("ไทยและเวียดนาม")
    assert story.title_translated == "Thailand and Vietnam sign semiconductor cooperation"
    assert story.lead_translated and story.lead.startswith("The ministry signed an MoU with Vietnam")


def test_html_brief_escapes_and_prints(brief: Brief) -> None:
    html = render_html(brief, namer("en"))
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "@media print" in html and '<html lang="en">' in html
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL)
    assert svg is not None
    ET.fromstring(svg.group(0))


def test_markdown_brief_escapes(brief: Brief) -> None:
    text = render_markdown(brief, namer("en"), chart_file="brief.chart.svg")
    assert "<script>" not in text and "<b>" not in text
    assert md(HOSTILE_TITLE) in text
    assert '&lt;script&gt;alert\\("x"\\)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;' in text
    assert "![Articles per week by theme \\(12 weeks\\)](brief.chart.svg)" in text
    assert "## Top stories by theme" in text and "### Quantum technology (7 articles)" in text


def test_docx_brief_opens_with_headings_titles_chart_and_fonts(brief: Brief) -> None:
    data = render_docx(brief, namer("th"))
    document = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    names = [h for _, h in headings]
    assert ("Title", "Weekly brief") in headings  # the words are the brief's language (en)
    assert {"Summary", "Rising this week", "Top stories by theme", "Top stories by country"} <= set(names)
    assert HOSTILE_TITLE in names  # as plain text, in a Heading 3
    assert "Thailand, Vietnam team up on chips" in names
    assert document.tables and document.tables[0].rows[0].cells[0].text
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        chart = package.read("word/charts/chart1.xml").decode()
        fonts = package.read("word/fontTable.xml").decode()
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
    ET.fromstring(chart)
    assert "<c:lineChart>" in chart and "<c:v>2024-W24</c:v>" in chart
    assert 'w:name="Noto Sans Thai"' in fonts and 'w:val="Leelawadee UI"' in fonts
    assert 'w:cs="Noto Sans Thai"' in styles
    assert "&lt;script&gt;" in body and "<script>" not in body


def test_thai_docx_headings_are_thai(brief: Brief, data_dir: Path) -> None:
    backend = EmbeddedBackend(data_dir, read_only=True)
    try:
        name = namer("th")
        found = build_brief(
            backend, SearchQuery(), since=AS_OF.replace(day=10), until=AS_OF, lang="th", name=name, scope=[]
        )
    finally:
        backend.close()
    document = docx.Document(io.BytesIO(render_docx(found, name)))
    names = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "สรุปข่าวประจำสัปดาห์" in names and "ข่าวเด่นตามหัวข้อ" in names
    assert "เทคโนโลยีควอนตัม (7 บทความ)" in names


# -- command line --------------------------------------------------------------------------


def test_cli_trends_json_is_the_api_json(client: TestClient, data_dir: Path) -> None:
    args = ["trends", "--facet", "theme", "--interval", "week", "--country", "TH", "--top", "3"]
    assert (
        cli_json([*args, "--json"], data_dir)
        == client.get(
            "/api/trends", params={"facet": "theme", "interval": "week", "country": "TH", "top": 3}
        ).json()
    )


def test_cli_rising_and_brief(data_dir: Path, tmp_path: Path) -> None:
    found = cli_json(["rising", "--as-of", AS_OF.isoformat(), "--json"], data_dir)
    assert [i["key"] for i in found["items"]] == ["KR", "quantum", "semiconductors"]
    out = tmp_path / "brief.md"
    proc = run_cli(["brief", "--until", AS_OF.isoformat(), "--format", "md", "-o", str(out)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "brief.chart.svg").is_file() and "# Weekly brief" in out.read_text(encoding="utf-8")
    ET.fromstring((tmp_path / "brief.chart.svg").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["trends", "--since", "2024-13-01"], "bad date"),
        (["brief", "--format", "docx", "-o", "/nonexistent-dir/b.docx"], "does not exist"),
        (
            ["brief", "--since", "2024-06-10", "--until", "2024-06-01", "--format", "md", "-o", "b.md"],
            "after",
        ),
    ],
)
def test_cli_usage_errors(data_dir: Path, args: list[str], message: str) -> None:
    proc = run_cli(args, data_dir)
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# -- API and pages -------------------------------------------------------------------------


def test_api_trends_csv_and_errors(client: TestClient) -> None:
    csv_text = client.get(
        "/api/trends", params={"facet": "country", "interval": "month", "format": "csv"}
    ).text
    assert csv_text.splitlines()[0] == "period,start,end,total,TH,VN,KR"
    assert client.get("/api/trends", params={"facet": "nope"}).status_code == 422
    assert client.get("/api/trends", params={"interval": "year"}).status_code == 422
    assert client.get("/api/trends", params={"top": 99}).status_code == 422


def test_relationship_and_agency_profiles(client: TestClient) -> None:
    pair = client.get("/api/countries/TH", params={"partner": "VN"}).json()
    assert pair["total"] == 3 and pair["partner"] == "VN"
    assert len(pair["events"]) == 1  # one story, its versions listed
    event = pair["events"][0]
    assert {event["id"], *event["versions"]} == {"story-th", "story-vi", "story-en"}
    assert "mou" in event["cooperation"]
    assert {f["key"] for f in pair["forums"]} == {"JC-TH-VN-5"}
    country = client.get("/api/countries/th").json()
    assert country["names"] == {"en": "Thailand", "th": "ไทย", "vi": "Thái Lan"}
    assert [p["key"] for p in country["partner_countries"]][:2] == ["KR", "VN"]
    agency = client.get("/api/agencies/NSTDA").json()
    assert agency["country"] == "TH" and "NECTEC" in agency["children"]
    merged = client.get("/api/agencies/MIC-VN").json()
    assert merged["merged_into"] == "MOST-VN" and merged["until"] == 2025
    assert client.get("/api/countries/XX").status_code == 404
    page = client.get("/countries/TH", params={"partner": "VN"}, headers={"accept": "text/html"})
    assert page.status_code == 200 and "Thailand – Vietnam" in page.text


def test_home_page_panel_and_links(client: TestClient) -> None:
    home = client.get("/").text
    assert 'aria-labelledby="rising-heading"' in home
    assert 'href="/countries/TH"' in home and 'href="/agencies/NSTDA"' in home  # facet values → profiles
    search = client.get("/", params={"q": "quantum", "country": "TH"}).text
    assert 'href="/trends?q=quantum&amp;country=TH"' in search
    assert 'aria-labelledby="rising-heading"' not in search


def test_brief_page_downloads(client: TestClient) -> None:
    params: dict[str, Any] = {"until": AS_OF.isoformat(), "brief_lang": "vi"}
    page = client.get("/brief", params=params)
    assert page.status_code == 200 and "Bản tin tuần" in page.text and "&lt;script&gt;" in page.text
    word = client.get("/brief", params={**params, "format": "docx"})
    assert word.headers["content-disposition"].endswith('.docx"')
    docx.Document(io.BytesIO(word.content))
    api = client.get("/api/brief", params={**params, "country": "KR"}).json()
    assert api["total"] == 4 and api["scope"] == [{"filter": "country", "value": "Hàn Quốc"}]


def test_subscribing_keeps_the_whole_search(data_dir: Path) -> None:
    # Subscriptions need the API login, whatever web.public_reads says: the token as a header.
    config = load_config(data_dir, env={"STIWATCH_WEB_API_TOKEN": "analyst-token"}, cwd=data_dir)
    client = TestClient(create_app(config), headers={"Authorization": "Bearer analyst-token"})
    html = client.get(
        "/",
        params={
            "q": "quantum",
            "cooperation": "mou",
            "forum": "JC-TH-VN-5",
            "since": "2024-01-01",
            "until": "2024-06-30",
        },
    ).text
    # "Subscribe to this search" opens the form filled with the search (issue 19: nothing is
    # saved before it is confirmed); sending it keeps the whole search.
    link = re.search(r'<a class="button subscribe" href="([^"]+)"', html)
    assert link
    form = client.get(link.group(1).replace("&amp;", "&")).text
    assert re.search(r'name="cooperation" value="mou" checked', form)
    fields: dict[str, Any] = {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),  # type: ignore[union-attr]
        "name": re.search(r'name="name" value="([^"]*)"', form).group(1),  # type: ignore[union-attr]
        "query": "quantum",
        "cooperation": "mou",
        "forums": re.search(r'name="forums" value="([^"]*)"', form).group(1),  # type: ignore[union-attr]
        "since": re.search(r'name="since" value="([^"]*)"', form).group(1),  # type: ignore[union-attr]
        "until": re.search(r'name="until" value="([^"]*)"', form).group(1),  # type: ignore[union-attr]
        "feed": "on",
    }
    response = client.post("/subscriptions", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    name = fields["name"]
    sub = SubscriptionStore(data_dir).get(name)
    assert (sub.cooperation, sub.forums, sub.since, sub.until) == (
        ["mou"],
        ["JC-TH-VN-5"],
        "2024-01-01",
        "2024-06-30",
    )
    assert json.loads(json.dumps(sub.to_dict()))["rising"] is False
