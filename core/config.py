"""Configuration: packaged defaults < stiwatch.toml < STIWATCH_<SECTION>_<KEY> env vars < flags.

``DEFAULTS`` below is the one table of defaults: the Scrapy settings module
(``stiwatch.crawler.settings``) and the stages' settings are derived from it, never
restated.

``stiwatch.toml`` is read from the working directory, then from the data directory.
The data directory itself comes from ``--data-dir`` or ``STIWATCH_DATA_DIR`` (default
``./data``) because it must be known before the data directory's file can be read.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = "stiwatch.toml"
ENV_PREFIX = "STIWATCH_"

# Every setting with its default. Sections and keys are the contract for the TOML
# file and the env vars (STIWATCH_SEARCH_BACKEND, STIWATCH_ELASTICSEARCH_URL, ...).
DEFAULTS: dict[str, dict[str, Any]] = {
    "data": {"dir": "./data"},
    "crawl": {
        "user_agent": "stiwatch/0.1 (+https://github.com/stiwatch/stiwatch; STI news monitor)",
        "concurrency_per_domain": 2,
        "download_delay": 1.0,
        "autothrottle": True,
        "obey_robots": True,
        # Seconds a host's robots.txt is kept across crawls before it is asked for again.
        "robots_ttl": 86_400,
        "timeout": 30,
        "retries": 3,
        "max_page_bytes": 5_000_000,
        # Documents (PDF, Word) larger than this are not fetched (error kind too-large).
        "max_pdf_bytes": 30_000_000,
        # auto: replay the bundled archive when no source host is reachable.
        "replay": "auto",
        # Articles written to the search backend per batch: smaller batches are searchable
        # sooner, larger ones cost fewer commits.
        "store_batch": 100,
        # A folder of registry files used instead of the bundled crawler/sources/*.yaml.
        "sources_dir": "",
    },
    # The nine languages the stages read (tl = Filipino) and Chinese (CATTC pages).
    "pipeline": {"languages": ["th", "vi", "en", "id", "ms", "tl", "km", "lo", "my", "zh"]},
    # Reading documents (PDF, Word) found by the crawl or given to `stiwatch add`.
    "document": {
        # Worker processes that read documents during a crawl (the crawl never waits on one).
        "workers": 1,
        "timeout": 300.0,  # seconds one document may take, OCR included
        "max_pages": 300,  # pages read at most; the rest is left out (error kind pages-cut)
        # OCR of scanned PDFs with Tesseract, when it is installed with these languages.
        "ocr": True,
        "ocr_languages": "tha+vie+eng",
        "ocr_page_timeout": 120.0,
        # Pages of one scan read at once, one Tesseract process each: a crawl runs up to
        # workers x ocr_jobs of them.
        "ocr_jobs": 2,
        # The function that reads one document (dotted path; empty: the built-in reader,
        # stiwatch.pipelines.documents.convert.convert_document). It runs in the workers.
        "converter": "",
    },
    # Sources with `render: browser`: pages rendered by headless Chromium (scrapy-playwright).
    "render": {
        # The Chromium executable; empty: chromium, chromium-browser or google-chrome on PATH.
        "browser": "",
        "timeout": 30.0,  # seconds one page may take to load and run its scripts
        "max_contexts": 4,  # domains rendered at once (one page per domain at a time)
    },
    "search": {
        "backend": "embedded",
        "query_expansion": True,
        # While a remote backend (Elasticsearch) is down, crawls spool what they collect and
        # try it again at most this often (seconds), instead of waiting on every article.
        "outage_retry": 30.0,
    },
    "elasticsearch": {
        "url": "http://127.0.0.1:9200",
        "api_key": "",
        "username": "",
        "password": "",
        "ca_certs": "",
        "index_prefix": "stiwatch",
        "timeout": 30.0,  # seconds per request
        "retries": 3,  # attempts per request, and per bulk item the cluster pushes back
        # Where `stiwatch kibana import` sends the saved objects (same credentials).
        "kibana_url": "http://127.0.0.1:5601",
    },
    # workers: server processes answering HTTP (uvicorn workers); the schedule runs once,
    # beside them. Each worker holds its own index reader and caches.
    "serve": {"host": "127.0.0.1", "port": 8000, "workers": 1},
    # Each later capability owns one section below.
    "translate": {
        "enabled": True,
        # FROM:TO pairs; "*" is any language other than TO. Default: English for every
        # non-English article, Thai for Vietnamese and English ones.
        "targets": ["*:en", "vi:th", "en:th"],
        # Crawl time translates the title and the first paragraphs up to this size.
        "lead_chars": 600,
        # Empty: <data dir>/models.
        "models_dir": "",
        # cpu | cuda | auto (ARGOS_DEVICE_TYPE when set, else cpu).
        "device": "auto",
        "compute_type": "auto",
        "batch_size": 32,
        "beam_size": 4,
        # Decoding stops at this many times the source sentence's length in pieces (at
        # least max_length_floor): a model caught in a repetition loop stops there instead
        # of at CTranslate2's 256. 0: no cap but CTranslate2's.
        "max_length_ratio": 1.5,
        "max_length_floor": 10,
        # CTranslate2 threads per translation (0: CTranslate2 decides).
        "threads": 0,
        # Mask agency names, person names and numbers so they survive translation.
        "protect_terms": True,
    },
    "alerts": {
        # Signs unsubscribe links and webhook bodies; empty: generated once into <data dir>/alerts.secret.
        "secret": "",
        # Where `stiwatch serve` is reachable from subscribers: links in digests and feeds.
        "base_url": "http://127.0.0.1:8000",
        "max_items": 20,  # stories listed per digest; the rest become "and N more"
        "send_empty": False,  # send a digest even when nothing new matched
        "snippet_chars": 240,
        # Look this far before the last delivery for articles fetched then but indexed later.
        "grace_hours": 24.0,
        "feed_items": 50,
        "webhook_retries": 3,
        "webhook_backoff": 1.0,  # seconds before the first retry; doubles each time
        "webhook_timeout": 10.0,
        "smtp_timeout": 30.0,
        "lock_timeout": 600.0,  # how long a second `alerts run` waits for the first
        "keep_days": 400,  # delivered-story memory (repeats are impossible within it)
    },
    "web": {
        "api_token": "",
        "public_reads": True,
        # Signs the CSRF tokens of the pages' forms; empty: a random key per process
        # (forms opened before a restart must then be reloaded).
        "csrf_secret": "",
        # Upper bound on the rows one export streams (CSV / JSON Lines).
        "max_export_rows": 10_000,
        "page_size": 20,
        # Answers of GET /api/search kept per server process for searches asked again
        # before the index changes (at most 1 MB each; 0: none kept).
        "search_cache_entries": 256,
    },
    # "Rising this week" (stiwatch.search.rising): the home page panel, `stiwatch rising`,
    # the brief and digests. A value rises when its count over the last 7 days is at least
    # min_count, min_ratio times what the baseline of `weeks` earlier weeks predicts, and
    # significant (exact conditional Poisson test, Benjamini-Hochberg at rate fdr).
    "rising": {
        "weeks": 8,
        "min_count": 3,
        "min_ratio": 1.5,
        "fdr": 0.05,
        # Scale the baseline by this week's share of all articles (new sources, outages).
        "volume_adjusted": True,
        "facets": ["theme", "country", "agency"],
        "max_items": 10,  # values shown at most
    },
    "redis": {
        # Distributed crawling: workers share a Redis queue and duplicate filter. Empty: off.
        # The REDIS_URL environment variable is read too (STIWATCH_REDIS_URL wins).
        "url": "",
        # Seconds a crawl's queue and duplicate filter live after their last use.
        "dupefilter_ttl": 86400,
    },
    "schedule": {
        # `stiwatch serve` crawls due sources and sends due digests; false: serve only.
        "enabled": True,
        "tick": 60,  # seconds between checks for due crawls and digests
        "replay": "auto",  # as crawl.replay, for scheduled crawls
        "canary_hours": 24,  # how often the archive canaries run
        # Crawl state (stiwatch.crawler.state): days an article URL is remembered after
        # discovery last listed it.
        "state_ttl_days": 180,
    },
    "smtp": {
        "host": "127.0.0.1",
        "port": 25,
        "security": "none",
        "user": "",
        "password": "",
        "sender": "stiwatch@localhost",
        # CA certificate(s) to trust for starttls/ssl (a private CA); empty: the system's.
        "ca_certs": "",
    },
}

SECRET_KEYS = {"password", "api_key", "token", "secret"}


class ConfigError(ValueError):
    """A configuration value is wrong; the message names where it came from."""


@dataclass
class Config:
    """The effective configuration, by section, with where each value came from."""

    values: dict[str, dict[str, Any]]
    origins: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def get(self, section: str, key: str) -> Any:
        return self.values[section][key]

    @property
    def data_dir(self) -> Path:
        return Path(self.values["data"]["dir"]).expanduser()

    def masked(self) -> dict[str, dict[str, Any]]:
        """The values with secrets replaced by ``***`` (for `stiwatch config`)."""
        out = copy.deepcopy(self.values)
        for section in out.values():
            for key, value in section.items():
                if any(s in key for s in SECRET_KEYS) and value:
                    section[key] = "***"
        return out


def _coerce(value: str, default: Any, where: str) -> Any:
    """Turn an env/flag string into the type of the default value."""
    if isinstance(default, bool):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{where}: expected true/false, got {value!r}")
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"{where}: expected an integer, got {value!r}") from None
    if isinstance(default, float):
        try:
            return float(value)
        except ValueError:
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
    if isinstance(default, list):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _merge_file(values: dict[str, dict[str, Any]], origins: dict[str, str], path: Path) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    for section, entries in data.items():
        if section not in values or not isinstance(entries, dict):
            raise ConfigError(f"{path}: unknown section [{section}]")
        for key, value in entries.items():
            if key not in values[section]:
                raise ConfigError(f"{path}: unknown key {key!r} in [{section}]")
            values[section][key] = value
            origins[f"{section}.{key}"] = str(path)


def load_config(
    data_dir: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Build the effective configuration.

    Args:
        data_dir: ``--data-dir`` if given on the command line.
        overrides: flag values as ``{"section.key": value}``; None values are ignored.
        env: environment (defaults to ``os.environ``).
        cwd: working directory to look for ``stiwatch.toml`` in.
    """
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    values = copy.deepcopy(DEFAULTS)
    origins = {f"{s}.{k}": "default" for s, keys in DEFAULTS.items() for k in keys}
    files: list[Path] = []

    resolved_dir = str(data_dir) if data_dir else env.get(f"{ENV_PREFIX}DATA_DIR")
    candidates = [cwd / CONFIG_FILE]
    probe_dir = Path(resolved_dir) if resolved_dir else cwd / "data"
    candidates.append(probe_dir / CONFIG_FILE)
    for path in candidates:
        if path.is_file() and path.resolve() not in [f.resolve() for f in files]:
            _merge_file(values, origins, path)
            files.append(path)

    for section, keys in values.items():
        for key in keys:
            name = f"{ENV_PREFIX}{section.upper()}_{key.upper()}"
            if name in env:
                values[section][key] = _coerce(env[name], DEFAULTS[section][key], name)
                origins[f"{section}.{key}"] = f"env {name}"

    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        section, key = dotted.split(".", 1)
        values[section][key] = value
        origins[dotted] = "command line"

    if data_dir:
        values["data"]["dir"] = str(data_dir)
        origins["data.dir"] = "command line --data-dir"
    backend = values["search"]["backend"]
    if backend not in ("embedded", "elasticsearch"):
        raise ConfigError(
            f"search.backend ({origins['search.backend']}): unknown backend {backend!r};"
            " use 'embedded' or 'elasticsearch'"
        )
    return Config(values=values, origins=origins, files=files)
