"""Accessibility (WCAG 2.2 AA as the reference) and phone use, in real headless Chromium.

axe-core runs inside the test browser on every kind of page, at phone and desktop
widths; it comes from npm (`make axe` installs it into build/node). Screenshots of
each page at both widths go to tests/output/. Besides axe's rules, the tests check
what axe cannot: one h1 and headings in order, the skip link, `lang` on Thai and
Vietnamese titles and snippets, chips and facet states for screen readers, action
links that name their object, the phone layout (results first, filters behind a
button), "Back to search" keeping the search, HTML and JSON 404s, and /docs working
with no request leaving the machine.
"""

from __future__ import annotations

import itertools
import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from tests.test_web_browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, TIMEOUT_MS, Server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PAGES = {
    "search": "/",
    "results": "/?q=semiconductor&country=VN",
    "results-th": "/?q=เซมิคอนดักเตอร์&ui=th",
    "partial": "/?q=what+Vietnam+announced+on+semiconductors+with+Japan",
    "empty": "/?q=semiconductor&country=MM&theme=quantum",
    "sources": "/sources",
    "subscriptions": "/subscriptions",
    "subscribe": "/subscriptions/new?q=semiconductor&country=TH",
    "missing": "/articles/0000000000000000",
}


@pytest.fixture(scope="module")
def server(replay_crawl: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("a11y") / "data"
    shutil.copytree(replay_crawl["data_dir"], data_dir)
    srv = Server(data_dir, {"STIWATCH_SEARCH_BACKEND": "embedded", "STIWATCH_SCHEDULE_ENABLED": "false"})
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


def _page(browser: Browser, width: str, *, bypass_csp: bool = False) -> Page:
    context = browser.new_context(viewport=WIDTHS[width], locale="en-US", bypass_csp=bypass_csp)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _article_url(server: Server) -> str:
    with urllib.request.urlopen(f"{server.url}/api/search?q=semiconductor&lang=vi&limit=1") as r:
        hit = json.loads(r.read())["hits"][0]
    return f"/articles/{hit['id']}"


def _axe(page: Page) -> list[dict[str, Any]]:
    assert AXE.is_file(), f"{AXE} is missing: run `make axe` (npm install axe-core into build/node)"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        AXE_TAGS,
    )
    return list(found)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_axe_finds_no_violations(server: Server, browser: Browser, width: str) -> None:
    """Every kind of page, both widths; a screenshot of each for people to look at."""
    # The pages forbid scripts (CSP script-src 'none'): axe is let in by the test browser only.
    page = _page(browser, width, bypass_csp=True)
    OUTPUT.mkdir(exist_ok=True)
    problems = {}
    try:
        for name, path in {**PAGES, "article": _article_url(server)}.items():
            page.goto(server.url + path)
            page.screenshot(path=str(OUTPUT / f"a11y-{name}-{width}.png"), full_page=True)
            violations = _axe(page)
            if violations:
                problems[name] = violations
    finally:
        page.context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_headings_skip_link_and_languages(server: Server, browser: Browser) -> None:
    page = _page(browser, "desktop")
    try:
        for path in (*PAGES.values(), _article_url(server)):
            page.goto(server.url + path)
            levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "els => els.map(e => +e.tagName[1])")
            assert levels.count(1) == 1, (path, levels)
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path, levels)
            target = page.locator("a.skip").get_attribute("href")
            assert target == "#main" and page.locator("#main").count() == 1, path
        page.goto(server.url + "/?q=เซมิคอนดักเตอร์")
        cards = page.locator("article.card")
        assert cards.count() > 0
        langs = set()
        for card in cards.all():
            lang = card.locator("h3 a").get_attribute("lang")
            assert lang and card.locator("p.snippet").get_attribute("lang") == lang
            langs.add(lang)
        assert {"th", "vi"} <= langs
    finally:
        page.context.close()


def test_screen_readers_get_states_and_names(server: Server, browser: Browser) -> None:
    page = _page(browser, "desktop")
    try:
        page.goto(server.url + "/?q=semiconductor&country=VN")
        chip = page.locator("ul.chips a.chip").first
        assert chip.get_attribute("aria-label") == "Remove filter Country: Vietnam"
        selected = page.locator("section.facet[data-facet=country] a[data-value=VN]").first
        assert selected.get_attribute("aria-current") == "true"
        expect(selected).to_contain_text("selected")
        # "Any of" is stated; countries switch to "all of".
        expect(page.locator("section.facet[data-facet=theme] .mode")).to_contain_text("any of")
        page.locator("section.facet[data-facet=country] a[data-mode=all]").click()
        page.wait_for_url("**country_mode=all*")
        for link in page.locator("article.card a.more").all():
            assert " of " in link.locator(".visually-hidden").inner_text()
        export = page.locator(".toolbar .export a").first
        assert export.get_attribute("aria-label") == "Export this search as CSV"
    finally:
        page.context.close()


def test_phone_shows_results_first_and_filters_behind_a_button(server: Server, browser: Browser) -> None:
    page = _page(browser, "phone")
    try:
        page.goto(server.url + "/?q=semiconductor")
        filters = page.locator("aside#filters")
        expect(filters).to_be_hidden()
        first_card = page.locator("article.card").first
        expect(first_card).to_be_visible()
        assert first_card.bounding_box()["y"] < 900  # type: ignore[index]
        page.locator(".filters-toggle a").click()
        expect(filters).to_be_visible()
        page.locator("section.facet[data-facet=country] a[data-value=VN]").first.click()
        page.wait_for_url("**country=VN*")
        expect(page.locator("aside#filters")).to_be_hidden()
        page.screenshot(path=str(OUTPUT / "phone-after-filter.png"), full_page=False)
    finally:
        page.context.close()


def test_facets_offer_every_value(server: Server, browser: Browser) -> None:
    page = _page(browser, "desktop")
    try:
        page.goto(server.url + "/")
        agency = page.locator("section.facet[data-facet=agency]")
        shown = agency.locator("> ul > li").count()  # each value (and its profile link)
        summary = agency.locator("details summary")
        expect(summary).to_contain_text("Show all")
        total = int(summary.inner_text().split()[-1])
        assert total > shown
        summary.click()
        assert agency.locator("details li a[data-value]").count() == total
        agency.locator("details input[name=find_agency]").fill("science")
        agency.locator("details button").click()
        page.wait_for_url("**find_agency=science*")
        listed = page.locator("section.facet[data-facet=agency] details li a[data-value]")
        assert 0 < listed.count() < total
    finally:
        page.context.close()


def test_back_to_search_keeps_the_search(server: Server, browser: Browser) -> None:
    page = _page(browser, "desktop")
    try:
        page.goto(server.url + "/?q=semiconductor&country=VN&sort=date")
        page.locator("article.card h3 a").first.click()
        page.wait_for_url("**/articles/*")
        page.locator("a.back").click()
        page.wait_for_url("**/?*")
        assert "q=semiconductor" in page.url and "country=VN" in page.url and "sort=date" in page.url
        expect(page.locator("form.searchbar input[name=q]")).to_have_value("semiconductor")
    finally:
        page.context.close()


def test_unknown_article_html_for_browsers_json_for_the_api(server: Server, browser: Browser) -> None:
    page = _page(browser, "desktop")
    try:
        response = page.goto(server.url + "/articles/0000000000000000")
        assert response is not None and response.status == 404
        assert response.headers["content-type"].startswith("text/html")
        expect(page.locator("h1")).to_contain_text("Not found")
    finally:
        page.context.close()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{server.url}/api/articles/0000000000000000")
    assert err.value.code == 404 and err.value.headers["content-type"] == "application/json"


def test_api_docs_work_offline(server: Server, browser: Browser) -> None:
    page = _page(browser, "desktop")
    outside: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    try:
        page.goto(server.url + "/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("stiwatch")
        expect(page.locator(".opblock-summary-path", has_text="/api/search").first).to_be_visible()
    finally:
        page.context.close()
    assert not outside, outside
