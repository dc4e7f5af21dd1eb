"""Scrapy settings for stiwatch. Project settings carry a prefix (CLEAN_*, SEARCH_*, ...).

The `stiwatch` command builds these from the configuration (stiwatch/crawl.py);
plain ``scrapy crawl stiwatch`` uses the defaults below.
"""

BOT_NAME = "stiwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Be a good citizen on government sites: robots.txt, a descriptive agent, slow and adaptive.
ROBOTSTXT_OBEY = True
USER_AGENT = "stiwatch/0.1 (+https://github.com/stiwatch/stiwatch; STI news monitor)"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 3
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
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.clean.CleanPipeline": 200,
    "pipelines.language.LanguagePipeline": 300,
    "pipelines.dates.DatesPipeline": 400,
    "pipelines.tag.TagPipeline": 500,
    "pipelines.dedupe.DedupePipeline": 600,
    "pipelines.translate.TranslatePipeline": 650,
    "pipelines.store.StorePipeline": 700,
}

EXTENSIONS = {"crawler.progress.ProgressReporter": 500}
PROGRESS_INTERVAL = 10.0

# Project settings.
STIWATCH_LANGUAGES = ["th", "vi", "en"]
CLEAN_MAX_HTML_BYTES = 5_000_000
# When set, every request goes to this replay server (crawler/replay).
REPLAY_URL = None
