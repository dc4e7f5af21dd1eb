"""Registry validation: good entries load, every kind of bad entry is named precisely."""

from pathlib import Path

import pytest

from stiwatch.crawler.registry import RegistryError, load_sources

COUNTRIES = frozenset({"TH", "VN", "PH"})
AGENCIES = frozenset({"NSTDA", "MOST-VN"})

GOOD = """
sources:
  - id: nstda
    name: NSTDA
    country: TH
    agency: NSTDA
    languages: [th, en]
    base_url: https://www.nstda.or.th/
    feeds: [https://www.nstda.or.th/home/feed/]
    listings:
      - url: https://www.nstda.or.th/home/news/
        next: "a.next::attr(href)"
        max_pages: 2
    article:
      allow: ['^https://www\\.nstda\\.or\\.th/home/news_post/[^/]+/$']
      deny: ['/tag/']
    crawl_interval: 6h
  - id: mst
    name: MOST Vietnam
    country: VN
    agency: MOST-VN
    languages: [vi]
    base_url: https://mst.gov.vn/
    feeds: [https://mst.gov.vn/rss/home.rss]
    article:
      allow: ['-197\\d{15}\\.htm$']
    date_in_url:
      pattern: '-197(\\d{12})\\d{3}\\.htm$'
      format: '%y%m%d%H%M%S'
    enabled: false
"""


def _load(tmp_path: Path, text: str, name: str = "x.yaml") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_sources([path], countries=COUNTRIES, agencies=AGENCIES)


def test_good_file(tmp_path: Path) -> None:
    sources = _load(tmp_path, GOOD)
    assert list(sources) == ["nstda", "mst"]
    nstda = sources["nstda"]
    assert nstda.is_article_url("https://www.nstda.or.th/home/news_post/thai-china/")
    assert not nstda.is_article_url("https://www.nstda.or.th/home/news_post/tag/")
    assert not nstda.is_article_url("https://www.nstda.or.th/home/about/")
    assert nstda.crawl_interval == 6 * 3600
    assert nstda.listings[0].max_pages == 2
    assert nstda.domains == ("www.nstda.or.th",)
    assert sources["mst"].enabled is False
    assert sources["mst"].date_in_url is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("crawl_interval: 6h", "crawl_interval: 6h\n    colour: red"),
            "x.yaml: source nstda: unknown field(s) colour",
        ),
        (("agency: NSTDA", "agency: NOPE"), "x.yaml: source nstda: unknown agency id 'NOPE'"),
        (("country: TH", "country: XX"), "x.yaml: source nstda: unknown country 'XX'"),
        (("deny: ['/tag/']", "deny: ['(unclosed']"), "x.yaml: source nstda: article.deny: bad regex"),
        (("id: mst", "id: nstda"), "x.yaml: source nstda: duplicate id"),
        (("languages: [vi]", "languages: [xx]"), "x.yaml: source mst: languages must be"),
        (("crawl_interval: 6h", "crawl_interval: often"), "x.yaml: source nstda: crawl_interval"),
        (("feeds: [https://www.nstda.or.th/home/feed/]", "feeds: [ftp://x/feed]"), "feeds must be an http"),
        (("format: '%y%m%d%H%M%S'", "format: '%y'\n      extra: 1"), "date_in_url needs exactly"),
    ],
)
def test_bad_entries(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(RegistryError) as err:
        _load(tmp_path, GOOD.replace(old, new, 1))
    assert message in str(err.value)


def test_missing_discovery(tmp_path: Path) -> None:
    text = GOOD.replace("    feeds: [https://mst.gov.vn/rss/home.rss]\n", "")
    with pytest.raises(RegistryError, match="source mst: needs at least one of feeds, sitemaps, listings"):
        _load(tmp_path, text)


def test_duplicate_across_files(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(GOOD)
    b.write_text(GOOD)
    with pytest.raises(RegistryError, match=r"b.yaml: source nstda: duplicate id \(already in a.yaml\)"):
        load_sources([a, b], countries=COUNTRIES, agencies=AGENCIES)


def test_bad_yaml_and_shape(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"x\.yaml: not valid YAML"):
        _load(tmp_path, "sources: [\n")
    with pytest.raises(RegistryError, match="exactly one key"):
        _load(tmp_path, "- id: x\n")


def test_real_registry_is_valid_and_large_enough() -> None:
    sources = load_sources()
    assert len(sources) >= 20
    countries = {s.country for s in sources.values()}
    assert {"TH", "VN"} <= countries
    assert len([s for s in sources.values() if s.country not in ("TH", "VN")]) >= 5
    for src in sources.values():
        assert src.start_urls, src.id
