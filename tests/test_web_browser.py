"""The pages in a real browser: Playwright drives Debian's Chromium, headless.

A real `stiwatch serve` answers on a free 127.0.0.1 port over a copy of the replay
crawl, once with the embedded backend and once with Elasticsearch (a real noida-db).
The search page's screenshot is saved under tests/output/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from stiwatch.crawler.browser import CHROMIUM_ARGS as BROWSER_ARGS
from stiwatch.crawler.registry import load_sources
from tests.noida import NoidaServer, free_port

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
# The same headless flags the crawler's renderer uses (no network beyond the pages asked for).
CHROMIUM_ARGS = list(BROWSER_ARGS)
OUTPUT = Path(__file__).resolve().parent / "output"
HOSTILE_TITLE = "ASEAN Quantum Technology Workshop <script>alert(1)</script> Call for Abstracts"
TIMEOUT_MS = 20_000
# Subscriptions need a sign-in with the API token, whatever web.public_reads says.
API_TOKEN = "browser-test-token"


class Server:
    """`stiwatch serve` in a subprocess, stopped by the fixture that started it."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data_dir.parent / f"serve-{self.port}.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "stiwatch.cli",
                    "serve",
                    "--port",
                    str(self.port),
                    "--data-dir",
                    str(data_dir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=data_dir.parent,
                env={**os.environ, **env},
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"stiwatch serve exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"stiwatch serve did not answer on {self.url}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _fill_elasticsearch(data_dir: Path, url: str, prefix: str) -> None:
    from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings
    from stiwatch.search.embedded import EmbeddedBackend

    embedded = EmbeddedBackend(data_dir, read_only=True)
    elastic = ElasticsearchBackend(ElasticsearchSettings(url=url, index_prefix=prefix))
    try:
        elastic.upsert(list(embedded.iter_records()))
        elastic.commit()
    finally:
        embedded.close()
        elastic.close()


@pytest.fixture(scope="module", params=["embedded", "elasticsearch"])
def server(
    request: pytest.FixtureRequest, replay_crawl: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server over a copy of the replay crawl (the tests write subscriptions)."""
    data_dir = tmp_path_factory.mktemp(f"browser-{request.param}") / "data"
    shutil.copytree(replay_crawl["data_dir"], data_dir)
    # Serve only: a scheduled crawl would change the data under the tests.
    env = {
        "STIWATCH_SEARCH_BACKEND": request.param,
        "STIWATCH_SCHEDULE_ENABLED": "false",
        "STIWATCH_WEB_API_TOKEN": API_TOKEN,
    }
    if request.param == "elasticsearch":
        noida: NoidaServer = request.getfixturevalue("noida_server")
        prefix = f"web{free_port()}"
        _fill_elasticsearch(data_dir, noida.url, prefix)
        env.update({"STIWATCH_ELASTICSEARCH_URL": noida.url, "STIWATCH_ELASTICSEARCH_INDEX_PREFIX": prefix})
    srv = Server(data_dir, env)
    srv.backend = request.param  # type: ignore[attr-defined]
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page
    finally:
        context.close()
    assert not dialogs, f"a dialog opened: {dialogs}"


def test_search_and_screenshot(server: Server, page: Page) -> None:
    page.goto(server.url + "/")
    page.fill("form.searchbar input[name=q]", "quantum")
    page.press("form.searchbar input[name=q]", "Enter")
    page.wait_for_url("**/?q=quantum*")
    cards = page.locator("article.card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 3
    assert page.url == server.url + "/?q=quantum"  # empty form fields are dropped from the URL
    expect(page.locator("article.card mark").first).to_be_visible()
    expect(page.locator("section.facet[data-facet=country] li").first).to_be_visible()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"search-{server.backend}.png"), full_page=True)  # type: ignore[attr-defined]


def test_click_a_facet(server: Server, page: Page) -> None:
    page.goto(server.url + "/?q=quantum")
    total_before = page.locator(".toolbar .total").inner_text()
    page.click("section.facet[data-facet=country] a[data-value=VN]")
    page.wait_for_url("**country=VN*")
    assert "q=quantum" in page.url  # the query stays in the URL
    expect(page.locator("a.chip")).to_contain_text("Vietnam")
    for card in page.locator("article.card").all():
        expect(card.locator(".tags")).to_contain_text("Vietnam")
    assert (
        page.locator(".toolbar .total").inner_text() != total_before
        or page.locator("article.card").count() > 0
    )
    expect(page.locator("section.facet[data-facet=country] a.on[data-value=VN]")).to_be_visible()
    # Removing the chip drops the filter again.
    page.click("a.chip")
    page.wait_for_url(lambda url: "country=VN" not in url)
    assert "q=quantum" in page.url


def test_open_an_article(server: Server, page: Page) -> None:
    page.goto(server.url + "/?q=SCIRD-59&source=astnet")
    first = page.locator("article.card h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/articles/*")
    expect(page.locator("main.article h1")).to_have_text(title)
    original = page.locator("a.original")
    assert (
        original.get_attribute("href", timeout=TIMEOUT_MS)
        == "https://astnet.asean.org/scird-59-reviews-asean-talent-mobility-platform-and-research-infrastructure/"
    )
    article_url = page.url
    # A tag leads back to a search for it.
    page.locator("p.tags a.tag", has_text="Philippines").first.click()
    page.wait_for_url("**country=PH*")
    expect(page.locator("a.chip")).to_contain_text("Philippines")
    # Vietnam is named once in passing: listed as mentioned, and its link searches with
    # mentions on, so that this article is among the results, its chip dashed.
    page.goto(article_url)
    page.locator("section.mentioned a.tag", has_text="Vietnam").click()
    page.wait_for_url("**mentions=true*")
    assert "country=VN" in page.url
    expect(page.locator("p.mentions-toggle a")).to_have_attribute("data-mentions", "on")
    page.goto(server.url + "/?q=SCIRD-59&source=astnet&country=VN&mentions=true")
    card = page.locator("article.card", has=page.locator("h3 a", has_text=title))
    expect(card.locator("a.tag.mentioned", has_text="Vietnam")).to_be_visible()
    # Turning the toggle off drops it: the article is not about Vietnam.
    page.locator("p.mentions-toggle a").click()
    expect(page.locator("p.mentions-toggle a")).to_have_attribute("data-mentions", "off")
    expect(page.locator("article.card h3 a", has_text=title)).to_have_count(0)


def test_create_a_subscription_from_the_search(server: Server, page: Page) -> None:
    page.goto(server.url + "/?q=semiconductor&country=TH")
    page.click("a.subscribe")
    # Subscriptions hold addresses: sign in first (reads are public), then the form opens
    # filled from the search.
    page.wait_for_url("**/login?next=**")
    expect(page.locator("p.note")).to_contain_text("email addresses")
    page.fill("input[name=token]", API_TOKEN)
    page.click("form.subform button[type=submit]")
    page.wait_for_url("**/subscriptions/new?*")
    assert page.input_value("input[name=query]") == "semiconductor"
    # Nothing is saved before the form is confirmed.
    page.goto(server.url + "/subscriptions")
    assert page.locator("tr[data-name^=semiconductor]").count() == 0
    page.go_back()
    name = page.input_value("input[name=name]")
    assert name.startswith("semiconductor")
    # Filters are picked by name, the search's own already checked.
    expect(page.locator("fieldset[data-facet=country] input[value=TH]")).to_be_checked()
    page.locator("fieldset[data-facet=country] summary").click()
    page.locator("fieldset[data-facet=country] label", has_text="Vietnam").click()
    page.fill("input[name=emails]", "desk@example.org")
    page.select_option("select[name=schedule]", "weekly")
    page.click("form.subform button[type=submit]")
    page.wait_for_url("**/subscriptions")
    row = page.locator(f"tr[data-name='{name}']")
    expect(row).to_contain_text("desk@example.org")
    expect(row).to_contain_text("weekly")
    expect(row).to_contain_text("Vietnam")
    # And delete it.
    row.locator("button.danger").click()
    page.wait_for_url("**/subscriptions")
    expect(page.locator(f"tr[data-name='{name}']")).to_have_count(0)


def test_switch_the_interface_language(server: Server, page: Page) -> None:
    page.goto(server.url + "/?q=quantum")
    page.click("a.lang[data-ui=th]")
    page.wait_for_url("**ui=th*")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("section.facet[data-facet=country] h3")).to_have_text("ประเทศ")
    expect(page.locator("section.facet[data-facet=country]")).to_contain_text("เวียดนาม")
    expect(page.locator("form.searchbar input[name=q]")).to_have_value("quantum")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"search-th-{server.backend}.png"), full_page=True)  # type: ignore[attr-defined]
    # The choice is remembered on pages reached without ?ui=.
    page.click("header nav a[href^='/sources']")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("h1")).to_have_text("แหล่งข่าวและสถานะ")


def test_sources_page(server: Server, page: Page) -> None:
    registry = load_sources()
    page.goto(server.url + "/sources")
    rows = page.locator("tr[data-source]")
    assert rows.count() == len(registry)
    # Grouped by country in the taxonomy's order, the regional bodies under ASEAN.
    groups = page.eval_on_selector_all("tbody[data-group]", "els => els.map(e => e.dataset.group)")
    assert groups[:3] == ["TH", "VN", "LA"] and "ASEAN" in groups
    expect(page.locator("tbody[data-group=ASEAN] tr.group")).to_contain_text("ASEAN")
    expect(page.locator("tbody[data-group=ASEAN] tr[data-source=astnet]")).to_be_visible()
    expect(page.locator("tbody[data-group=KH] tr.group")).to_contain_text("Cambodia")
    # Every source shows its languages and how its articles are discovered.
    akp = page.locator("tr[data-source=akp]")
    expect(akp.locator("td.languages")).to_have_text("km en")
    expect(akp.locator("td.discovery")).not_to_have_text("—")
    expect(page.locator("tr[data-source=astnet] .status")).not_to_have_text("")
    # The robots.txt case of the archive: reported, never bypassed.
    expect(page.locator("tr[data-source=thaigov] .status")).to_have_text("blocked by robots.txt")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"sources-{server.backend}.png"), full_page=True)  # type: ignore[attr-defined]

    # Filter by language: only the sources publishing in Khmer, still grouped.
    page.select_option("form.source-filters select[name=lang]", "km")
    page.click("form.source-filters button[type=submit]")
    page.wait_for_url("**/sources?*lang=km*")
    khmer = {sid for sid, s in registry.items() if "km" in s.languages}
    shown = page.eval_on_selector_all("tr[data-source]", "els => els.map(e => e.dataset.source)")
    assert set(shown) == khmer and len(khmer) >= 3
    expect(page.locator("#sources-shown")).to_have_text(f"{len(khmer)} of {len(registry)} sources")
    expect(page.locator("form.source-filters select[name=lang]")).to_have_value("km")

    # Filter by status, then by group: the filters combine.
    page.goto(server.url + "/sources?status=blocked-by-robots")
    assert page.eval_on_selector_all("tr[data-source]", "els => els.map(e => e.dataset.source)") == [
        "thaigov"
    ]
    page.goto(server.url + "/sources?country=ASEAN&lang=en")
    regional = {sid for sid, s in registry.items() if s.region == "ASEAN" and "en" in s.languages}
    assert (
        set(page.eval_on_selector_all("tr[data-source]", "els => els.map(e => e.dataset.source)")) == regional
    )
    page.goto(server.url + "/sources?status=never-crawled&lang=my")
    expect(page.locator("p.none")).to_be_visible()
    # A value no source can have is a clear error, not an empty list.
    response = page.goto(server.url + "/sources?lang=xx")
    assert response is not None and response.status == 400
    expect(page.locator("body")).to_contain_text("lang='xx'")


def test_hostile_page_stays_inert(server: Server, browser: Browser) -> None:
    """Escaping alone must hold: the Content-Security-Policy is bypassed for this check."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(server.url + "/?q=alert+script+onerror&source=astnet")
        card = page.locator("article.card", has_text="Quantum Technology Workshop")
        expect(card.locator("h3")).to_have_text(HOSTILE_TITLE)
        _assert_inert(page)
        card.locator("h3 a").click()
        page.wait_for_url("**/articles/*")
        expect(page.locator("main.article h1")).to_have_text(HOSTILE_TITLE)
        expect(page.locator("section.original-text")).to_contain_text(
            "<img src=x onerror=alert(document.cookie)>"
        )
        _assert_inert(page)
        page.wait_for_timeout(300)  # an onerror would fire by now
    finally:
        context.close()
    assert not dialogs, f"a dialog opened: {dialogs}"


def _assert_inert(page: Page) -> None:
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("[onerror], [onload], [onclick], [onmouseover]").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]


# -- analyst pages: trends, profiles, the brief, the rising panel (issue 17) -------------------


def _shot(page: Page, server: Server, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}-{server.backend}.png"), full_page=True)  # type: ignore[attr-defined]


def test_trends_page(server: Server, page: Page) -> None:
    page.goto(server.url + "/?q=quantum")
    page.click("a.trends-link")
    page.wait_for_url("**/trends?q=quantum*")
    chart = page.locator("figure.chart-figure svg[role=img]").first
    expect(chart).to_be_visible()
    assert chart.locator("title").first.text_content()
    assert page.locator(".data-table tbody tr").count() >= 1
    page.select_option("select[name=facet]", "theme")
    page.select_option("select[name=interval]", "week")
    page.click("form.controls button")
    page.wait_for_url("**facet=theme*")
    assert "q=quantum" in page.url and "interval=week" in page.url
    expect(page.locator("#matrix-heading")).to_be_visible()
    _assert_inert(page)
    _shot(page, server, "trends")
    # A period in the table opens the search over its days.
    page.locator(".data-table tbody th a").last.click()
    page.wait_for_url("**since=*")
    assert "until=" in page.url and "q=quantum" in page.url


def test_country_relationship_and_agency_pages(server: Server, page: Page) -> None:
    page.goto(server.url + "/")
    page.locator("section.facet[data-facet=country] a.profile-link").first.click()
    page.wait_for_url("**/countries/*")
    expect(page.locator("main.profile h1")).to_be_visible()
    expect(page.locator("dl.names dd[lang=th]")).not_to_have_text("")
    expect(page.locator("#timeline-heading")).to_be_visible()
    page.goto(server.url + "/countries/TH")
    expect(page.locator("main.profile h1")).to_have_text("Thailand")
    _shot(page, server, "country")
    page.locator("a.relationship").first.click()
    page.wait_for_url("**/countries/TH?partner=*")
    expect(page.locator("main.profile h1")).to_contain_text("Thailand – ")
    _shot(page, server, "relationship")
    page.goto(server.url + "/agencies/NSTDA")
    expect(page.locator("dl.names")).to_contain_text("สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ")
    _assert_inert(page)
    _shot(page, server, "agency")


def test_brief_page_prints(server: Server, page: Page) -> None:
    page.goto(server.url + "/brief?since=2000-01-01&until=2030-12-31")
    expect(page.locator("article.brief h1")).to_have_text("Weekly brief")
    expect(page.locator("article.brief figure svg")).to_be_visible()
    assert page.locator("article.brief .story").count() >= 3
    href = page.locator("span.downloads a").first.get_attribute("href")
    assert href and "format=docx" in href
    _assert_inert(page)
    _shot(page, server, "brief")
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("form.controls")).to_be_hidden()
    _shot(page, server, "brief-print")


def test_home_page_shows_what_is_rising(server: Server, page: Page) -> None:
    page.goto(server.url + "/")
    panel = page.locator("section.rising")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_contain_text("Rising this week")
    _shot(page, server, "home")
