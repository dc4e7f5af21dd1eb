"""Scrapy settings for stiwatch. Project settings carry a prefix (CLEAN_*, TRANSLATE_*, ...).

Every value the configuration also sets comes from its one table of defaults
(``stiwatch.core.config.DEFAULTS``) through ``FROM_CONFIG``, never restated here;
``stiwatch crawl`` applies the effective configuration through the same table
(``from_config``). Plain ``scrapy crawl stiwatch`` uses the defaults below and opens the
configured backend through ``STIWATCH_CONTEXT_FACTORY``.
"""

from collections.abc import Mapping
from typing import Any

from stiwatch.core.config import DEFAULTS

# Configuration key → Scrapy setting: the one table between stiwatch.toml and Scrapy.
FROM_CONFIG: dict[str, str] = {
    "crawl.user_agent": "USER_AGENT",
    "crawl.concurrency_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "crawl.download_delay": "DOWNLOAD_DELAY",
    "crawl.autothrottle": "AUTOTHROTTLE_ENABLED",
    "crawl.obey_robots": "ROBOTSTXT_OBEY",
    "crawl.robots_ttl": "ROBOTSTXT_TTL",
    "crawl.timeout": "DOWNLOAD_TIMEOUT",
    "crawl.retries": "RETRY_TIMES",
    # Pages beyond this are cut; the spider records a `truncated` error for the source.
    "crawl.max_page_bytes": "CLEAN_MAX_HTML_BYTES",
    "crawl.store_batch": "STORE_BATCH_SIZE",
    # Documents beyond this are not fetched; the spider records `too-large` for the source.
    "crawl.max_pdf_bytes": "DOCUMENT_MAX_BYTES",
    "pipeline.languages": "STIWATCH_LANGUAGES",
    "schedule.state_ttl_days": "STIWATCH_STATE_TTL_DAYS",
    # The translate stage's TRANSLATE_* settings: the whole [translate] section.
    **{f"translate.{key}": f"TRANSLATE_{key.upper()}" for key in DEFAULTS["translate"]},
    # The document stage's DOCUMENT_* and the browser's RENDER_* settings.
    **{f"document.{key}": f"DOCUMENT_{key.upper()}" for key in DEFAULTS["document"]},
    **{f"render.{key}": f"RENDER_{key.upper()}" for key in DEFAULTS["render"]},
}


def from_config(values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The Scrapy settings ``FROM_CONFIG`` names, from configuration values by section.

    Each value takes the type of its default (a TOML or env value is already typed; this
    keeps a setting's type whatever set it).
    """
    out: dict[str, Any] = {}
    for dotted, name in FROM_CONFIG.items():
        section, key = dotted.split(".", 1)
        value, default = values[section][key], DEFAULTS[section][key]
        if isinstance(default, bool | int | float):
            value = type(default)(value)
        elif isinstance(default, list):
            value = list(value)
        out[name] = value
    return out


BOT_NAME = "stiwatch"
SPIDER_MODULES = ["stiwatch.crawler.spiders"]
NEWSPIDER_MODULE = "stiwatch.crawler.spiders"

# Be a good citizen on government sites: robots.txt, a descriptive agent, slow and adaptive.
# ROBOTSTXT_OBEY, USER_AGENT, DOWNLOAD_DELAY, AUTOTHROTTLE_ENABLED, DOWNLOAD_TIMEOUT,
# RETRY_TIMES and CONCURRENT_REQUESTS_PER_DOMAIN come from the configuration (below).
CONCURRENT_REQUESTS = 16
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
# 429/503 from VnExpress and others: retried with backoff.
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
# Pages beyond this are not news articles; the spider records an error for them.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

ITEM_PIPELINES = {
    "stiwatch.pipelines.document.DocumentPipeline": 50,
    "stiwatch.pipelines.extract.ExtractPipeline": 100,
    "stiwatch.pipelines.clean.CleanPipeline": 200,
    "stiwatch.pipelines.language.LanguagePipeline": 300,
    "stiwatch.pipelines.dates.DatesPipeline": 400,
    "stiwatch.pipelines.tag.TagPipeline": 500,
    "stiwatch.pipelines.dedupe.DedupePipeline": 600,
    "stiwatch.pipelines.translate.TranslatePipeline": 650,
    "stiwatch.pipelines.store.StorePipeline": 700,
}

# robots.txt kept across crawls for ROBOTSTXT_TTL seconds, in Scrapy's own slot (100); each
# request that goes out counted by kind just before the downloader (crawler/robots.py).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "stiwatch.crawler.robots.PersistentRobotsTxtMiddleware": 100,
    "stiwatch.crawler.robots.RequestKindCounter": 950,
}

EXTENSIONS = {"stiwatch.crawler.progress.ProgressReporter": 500}
PROGRESS_INTERVAL = 10.0


def scraper_active_size(max_document_bytes: int) -> int:
    """Bytes of responses Scrapy processes at once before it stops fetching: room for two
    documents being read besides the pages, so that a large PDF in a worker never holds
    up the crawl of other sources."""
    return 5_000_000 + 2 * int(max_document_bytes)


SCRAPER_SLOT_MAX_ACTIVE_SIZE = scraper_active_size(DEFAULTS["crawl"]["max_pdf_bytes"])

# When set, every request goes to this replay server (crawler/replay).
REPLAY_URL = None
# Builds the stages' shared context (registry, record store) when no runner attached one
# to the crawler: plain `scrapy crawl stiwatch` opens the configured backend with it.
STIWATCH_CONTEXT_FACTORY = "stiwatch.search.context.crawl_context"

# The configured defaults, as Scrapy settings (USER_AGENT, STIWATCH_LANGUAGES, ...).
globals().update(from_config(DEFAULTS))
