"""The source registry: declarative entries in ``crawler/sources/*.yaml``, validated at load.

Each YAML file holds ``sources:``, a list of entries. Every problem is reported with
the file, the entry and the field, so that whoever edits the registry can fix it
without reading code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from stiwatch.core.config import load_config
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.core.yamlfile import read_yaml
from stiwatch.crawler.registry_check import Checker as _Checker
from stiwatch.crawler.registry_check import RegistryError as RegistryError

SOURCES_DIR = Path(__file__).parent / "sources"

# ISO 639-1 codes: the nine ASEAN languages the pipeline handles (tl = Filipino) and zh.
LANGUAGES = frozenset({"th", "vi", "en", "id", "ms", "tl", "km", "lo", "my", "zh"})
# Values of ``region`` (a publisher that speaks for a region rather than its host country).
REGIONS = frozenset({"ASEAN"})
# Fields an ``unconfirmed`` item may name (its first word: "listings.next", "feeds", ...).
_CONFIRMABLE = frozenset(
    {"base_url", "feeds", "sitemaps", "listings", "article", "date_in_url", "clean", "date_formats", "region"}
)
_DURATION = re.compile(r"^(\d+)\s*([mhd])$")
_DURATION_SECONDS = {"m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Listing:
    """A listing page and how to follow its pagination."""

    url: str
    # CSS selector of the "next page" link, or None.
    next: str | None = None
    # URL template with ``{page}`` for numbered pagination (e.g. ``...?page={page}``).
    page_template: str | None = None
    first_page: int = 2
    max_pages: int = 3


@dataclass(frozen=True)
class DateInUrl:
    """A publication timestamp encoded in the article URL (mst.gov.vn, baochinhphu.vn)."""

    pattern: re.Pattern[str]
    # strptime format applied to group 1 of ``pattern``.
    format: str


@dataclass(frozen=True)
class DocumentRules:
    """Which linked documents (PDF, Word) a source's crawl fetches (registry ``documents``)."""

    enabled: bool = True
    # Links that are documents although their address does not say so (``/download?id=``).
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()


# How a source's pages are fetched: plain HTTP, or rendered by a headless browser first
# (listings built by JavaScript).
RENDER_MODES = ("http", "browser")


@dataclass(frozen=True)
class Source:
    """One registered source, as declared in the registry."""

    id: str
    name: str
    country: str
    agency: str | None
    languages: tuple[str, ...]
    base_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    date_in_url: DateInUrl | None = None
    enabled: bool = True
    crawl_interval: int = 6 * 3600
    max_articles: int = 200
    # Site-specific cleaning rules (issue 3): trailing boilerplate and the like.
    clean: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    file: str = ""
    # "ASEAN" for regional bodies; ``country`` is then where the secretariat sits.
    region: str | None = None
    # Strings of the site's chrome that must never appear in article text (sources verify).
    boilerplate: tuple[str, ...] = ()
    # How the site prints dates (free text, for whoever checks the source).
    date_formats: str = ""
    # Site terms that bear on crawling: a person decides before the source crawls live.
    terms: str = ""
    # Fields not confirmed by evidence ("listings.next", "feeds", ...): one live look each.
    unconfirmed: tuple[str, ...] = ()
    # Order of numeric dates on the site's pages: "dmy" (default) or "mdy" (05/22/2026).
    date_order: str = "dmy"
    render: str = "http"
    documents: DocumentRules = field(default_factory=DocumentRules)

    @property
    def needs_browser(self) -> bool:
        """Its listing and article pages are built by JavaScript (``render: browser``)."""
        return self.render == "browser"

    @property
    def domains(self) -> tuple[str, ...]:
        """Hostnames this source's crawl may visit."""
        urls = (self.base_url, *self.feeds, *self.sitemaps, *(li.url for li in self.listings))
        return tuple(sorted({urlparse(u).hostname or "" for u in urls} - {""}))

    def is_article_url(self, url: str) -> bool:
        """True when ``url`` matches an allow pattern and no deny pattern."""
        if any(p.search(url) for p in self.deny):
            return False
        return any(p.search(url) for p in self.allow)

    @property
    def start_urls(self) -> tuple[str, ...]:
        """Discovery pages in cascade order: feeds, sitemaps, listings."""
        return (*self.feeds, *self.sitemaps, *(li.url for li in self.listings))


_FIELDS = {
    "id",
    "name",
    "country",
    "agency",
    "languages",
    "base_url",
    "feeds",
    "sitemaps",
    "listings",
    "article",
    "date_in_url",
    "enabled",
    "crawl_interval",
    "max_articles",
    "clean",
    "notes",
    "region",
    "boilerplate",
    "date_formats",
    "terms",
    "unconfirmed",
    "date_order",
    "render",
    "documents",
}
_REQUIRED = ("id", "name", "country", "languages", "base_url")
_LISTING_FIELDS = {"url", "next", "page_template", "first_page", "max_pages"}
_ARTICLE_FIELDS = {"allow", "deny"}
_DOCUMENT_FIELDS = {"enabled", "allow", "deny"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def parse_duration(text: str | int) -> int:
    """Seconds in ``"30m"``, ``"6h"``, ``"1d"`` (or an int of seconds)."""
    if isinstance(text, int):
        return text
    m = _DURATION.match(str(text).strip())
    if not m:
        raise ValueError(f"bad duration {text!r} (use e.g. 30m, 6h, 1d)")
    return int(m.group(1)) * _DURATION_SECONDS[m.group(2)]


def _listings(raw: dict[str, Any], c: _Checker) -> tuple[Listing, ...]:
    listings = []
    for li in raw.get("listings") or []:
        if isinstance(li, str):
            li = {"url": li}
        if not isinstance(li, dict):
            raise c.fail("listings entries must be URLs or mappings")
        bad = sorted(set(li) - _LISTING_FIELDS)
        if bad:
            raise c.fail(f"unknown listing field(s) {', '.join(bad)}")
        template = li.get("page_template")
        if template is not None and "{page}" not in str(template):
            raise c.fail("listing page_template must contain {page}")
        listings.append(
            Listing(
                url=c.url(li.get("url"), "listings.url"),
                next=li.get("next"),
                page_template=template,
                first_page=int(li.get("first_page", 2)),
                max_pages=int(li.get("max_pages", 3)),
            )
        )
    return tuple(listings)


def _article_patterns(
    raw: dict[str, Any], c: _Checker
) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """The ``article`` mapping's (allow, deny) patterns."""
    article = raw.get("article") or {}
    if not isinstance(article, dict):
        raise c.fail("article must be a mapping with allow/deny lists")
    bad = sorted(set(article) - _ARTICLE_FIELDS)
    if bad:
        raise c.fail(f"unknown article field(s) {', '.join(bad)}")
    allow = tuple(c.regex(p, "article.allow") for p in article.get("allow") or [])
    deny = tuple(c.regex(p, "article.deny") for p in article.get("deny") or [])
    if not allow:
        raise c.fail("article.allow needs at least one pattern")
    return allow, deny


def _documents(raw: dict[str, Any], c: _Checker) -> DocumentRules:
    """The ``documents`` mapping: ``enabled``, ``allow`` and ``deny`` (all optional)."""
    docs = raw.get("documents")
    if docs is None:
        return DocumentRules()
    if not isinstance(docs, dict):
        raise c.fail("documents must be a mapping with enabled/allow/deny")
    bad = sorted(set(docs) - _DOCUMENT_FIELDS)
    if bad:
        raise c.fail(f"unknown documents field(s) {', '.join(bad)}")
    enabled = docs.get("enabled", True)
    if not isinstance(enabled, bool):
        raise c.fail("documents.enabled must be true or false")
    return DocumentRules(
        enabled=enabled,
        allow=tuple(c.regex(p, "documents.allow") for p in docs.get("allow") or []),
        deny=tuple(c.regex(p, "documents.deny") for p in docs.get("deny") or []),
    )


def _date_in_url(raw: dict[str, Any], c: _Checker) -> DateInUrl | None:
    if not raw.get("date_in_url"):
        return None
    d = raw["date_in_url"]
    if not isinstance(d, dict) or set(d) != {"pattern", "format"}:
        raise c.fail("date_in_url needs exactly 'pattern' and 'format'")
    pattern = c.regex(d["pattern"], "date_in_url.pattern")
    if pattern.groups < 1:
        raise c.fail("date_in_url.pattern needs a capturing group")
    return DateInUrl(pattern=pattern, format=str(d["format"]))


def _documentation(raw: dict[str, Any], c: _Checker) -> dict[str, Any]:
    """The entry's descriptive fields: region, boilerplate, date_formats, terms, unconfirmed."""
    region = raw.get("region")
    if region is not None and region not in REGIONS:
        raise c.fail(f"region must be one of {sorted(REGIONS)}, got {region!r}")
    unconfirmed = c.strings(raw.get("unconfirmed"), "unconfirmed")
    for item in unconfirmed:
        head = item.split()[0].split(".")[0]
        if head not in _CONFIRMABLE:
            raise c.fail(f"unconfirmed: {item!r} does not name a field ({', '.join(sorted(_CONFIRMABLE))})")
    date_order = raw.get("date_order", "dmy")
    if date_order not in ("dmy", "mdy"):
        raise c.fail(f"date_order must be dmy or mdy, got {date_order!r}")
    return {
        "date_order": date_order,
        "region": region,
        "boilerplate": c.strings(raw.get("boilerplate"), "boilerplate"),
        "date_formats": " ".join(str(raw.get("date_formats") or "").split()),
        "terms": " ".join(str(raw.get("terms") or "").split()),
        "unconfirmed": unconfirmed,
    }


def _identity(
    raw: dict[str, Any], c: _Checker, countries: frozenset[str], agencies: frozenset[str]
) -> tuple[str, str, str | None, tuple[str, ...]]:
    """The entry's fields checked, and its (id, country, agency, languages)."""
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise c.fail(f"unknown field(s) {', '.join(unknown)}")
    for name in _REQUIRED:
        if name not in raw:
            raise c.fail(f"missing required field {name!r}")
    sid = raw["id"]
    if not isinstance(sid, str) or not _ID.match(sid):
        raise c.fail("id must be lower-case letters, digits and hyphens")
    country = raw["country"]
    if country not in countries:
        raise c.fail(f"unknown country {country!r} (ISO alpha-2, see core/taxonomy/countries.yaml)")
    agency = raw.get("agency")
    if agency is not None and agency not in agencies:
        raise c.fail(f"unknown agency id {agency!r} (see core/taxonomy/agencies.yaml)")
    langs = raw["languages"]
    if not isinstance(langs, list) or not langs or any(lg not in LANGUAGES for lg in langs):
        raise c.fail(f"languages must be a non-empty list of {sorted(LANGUAGES)}")
    return sid, country, agency, tuple(langs)


def _parse_entry(
    raw: Any, file: str, index: int, countries: frozenset[str], agencies: frozenset[str]
) -> Source:
    label = raw.get("id", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
    c = _Checker(file, str(label))
    if not isinstance(raw, dict):
        raise c.fail("entry must be a mapping")
    sid, country, agency, langs = _identity(raw, c, countries, agencies)
    listings = _listings(raw, c)
    allow, deny = _article_patterns(raw, c)
    date_in_url = _date_in_url(raw, c)
    feeds = c.urls(raw.get("feeds"), "feeds")
    sitemaps = c.urls(raw.get("sitemaps"), "sitemaps")
    if not (feeds or sitemaps or listings):
        raise c.fail("needs at least one of feeds, sitemaps, listings")
    try:
        interval = parse_duration(raw.get("crawl_interval", "6h"))
    except ValueError as exc:
        raise c.fail(f"crawl_interval: {exc}") from None
    clean = raw.get("clean") or {}
    if not isinstance(clean, dict):
        raise c.fail("clean must be a mapping of site cleaning rules")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise c.fail("enabled must be true or false")
    render = raw.get("render", "http")
    if render not in RENDER_MODES:
        raise c.fail(f"render must be one of {', '.join(RENDER_MODES)}, got {render!r}")
    return Source(
        id=sid,
        name=str(raw["name"]),
        country=country,
        agency=agency,
        languages=langs,
        base_url=c.url(raw["base_url"], "base_url"),
        feeds=feeds,
        sitemaps=sitemaps,
        listings=listings,
        allow=allow,
        deny=deny,
        date_in_url=date_in_url,
        enabled=enabled,
        crawl_interval=interval,
        max_articles=int(raw.get("max_articles", 200)),
        clean=clean,
        notes=str(raw.get("notes", "")),
        file=file,
        **_documentation(raw, c),
        render=render,
        documents=_documents(raw, c),
    )


def _known_ids() -> tuple[frozenset[str], frozenset[str]]:
    # Only the ids: the segmentation check (the Thai dictionary, about a second) is left
    # to the commands that tag.
    tax = load_taxonomy(check_segmentation=False)
    return frozenset(tax.country_ids), frozenset(tax.agency_ids)


def registry_files() -> list[Path]:
    """The registry: ``crawler/sources/*.yaml``, or the YAML files of ``crawl.sources_dir``
    when that is set (a registry of one's own, or a benchmark's synthetic sites)."""
    folder = str(load_config().get("crawl", "sources_dir") or "").strip()
    return sorted((Path(folder).expanduser() if folder else SOURCES_DIR).glob("*.yaml"))


def load_sources(
    paths: Iterable[Path] | None = None,
    *,
    countries: frozenset[str] | None = None,
    agencies: frozenset[str] | None = None,
) -> dict[str, Source]:
    """Load and validate registry files; returns sources by id, in file order.

    Raises:
        RegistryError: on the first invalid file or entry, naming both.
    """
    if countries is None or agencies is None:
        known_countries, known_agencies = _known_ids()
        countries = countries if countries is not None else known_countries
        agencies = agencies if agencies is not None else known_agencies
    files = registry_files() if paths is None else list(paths)
    sources: dict[str, Source] = {}
    for path in files:
        name = path.name
        try:
            data = read_yaml(path)
        except yaml.YAMLError as exc:
            raise RegistryError(f"{name}: not valid YAML: {exc}") from None
        if not isinstance(data, dict) or set(data) != {"sources"} or not isinstance(data["sources"], list):
            raise RegistryError(f"{name}: the file must hold exactly one key, 'sources:', a list")
        for index, raw in enumerate(data["sources"]):
            src = _parse_entry(raw, name, index, countries, agencies)
            if src.id in sources:
                raise RegistryError(
                    f"{name}: source {src.id}: duplicate id (already in {sources[src.id].file})"
                )
            sources[src.id] = src
    return sources


# -- how sources are listed ------------------------------------------------------------


def discovery_methods(source: Source) -> tuple[str, ...]:
    """How a source's articles are found, in cascade order: feed, sitemap, listing."""
    found = (("feed", source.feeds), ("sitemap", source.sitemaps), ("listing", source.listings))
    return tuple(kind for kind, given in found if given)


def source_group(source: Source) -> str:
    """The group a source is listed under: its region for regional bodies ("ASEAN"), else
    its country."""
    return source.region or source.country


def group_rank(group: str) -> tuple[int, int, str]:
    """Sort key of a group: the ASEAN members (in the taxonomy's order), then the regional
    bodies, then the partner countries (taxonomy order), then anything else."""
    countries = list(load_taxonomy().countries.values())
    order = {c.id: i for i, c in enumerate(countries)}
    members = {c.id for c in countries if c.asean}
    if group in members:
        return (0, order[group], group)
    if group in REGIONS:
        return (1, 0, group)
    return (2, order.get(group, len(order)), group)
